"""Free texts: after closing, only items with at least k texts, detached and shuffled; the
coördinator's redaction is audited and is what the report uses."""

from __future__ import annotations

from django.urls import reverse

from weerbaar.audit.models import AuditEvent
from weerbaar.disclosure import services

from .conftest import make_survey, staff_rows


def texts_url(survey):
    return reverse(
        "disclosure:texts", kwargs={"org": survey.scan.organisation.slug, "survey_id": survey.pk}
    )


def test_no_free_text_before_closing(baseline_scan, voorbeeld, client_for):
    survey = make_survey(baseline_scan, staff_rows(voorbeeld, 40, texts=8), closed=False)
    assert services.free_texts(survey) == []
    html = client_for("coordinator").get(texts_url(survey)).content.decode()
    assert "Opmerking nummer" not in html and "nog niet gesloten" in html


def test_fewer_than_k_texts_are_not_shown(baseline_scan, voorbeeld):
    survey = make_survey(baseline_scan, staff_rows(voorbeeld, 40, texts=voorbeeld.k - 1))
    assert services.free_texts(survey) == []
    survey = make_survey(baseline_scan, staff_rows(voorbeeld, 40, texts=voorbeeld.k))
    assert [len(t.texts) for t in services.free_texts(survey)] == [voorbeeld.k]


def test_texts_come_alone_and_in_a_fresh_random_order(closed_survey, client_for, voorbeeld):
    orders = {tuple(e.text for e in services.free_texts(closed_survey)[0].texts) for _ in range(8)}
    assert len(orders) > 1  # 8 texts: the same order 8 times has chance (1/8!)^7
    stored_order = tuple(f"Opmerking nummer {i} over team Zuid" for i in range(8))
    assert any(order != stored_order for order in orders)
    response = client_for("coordinator").get(texts_url(closed_survey))
    html = response.content.decode()
    assert html.count("Opmerking nummer") == 2 * 8  # each text, and its redaction field
    for department in voorbeeld.departments.all():  # no department anywhere on the page
        assert department.name not in html
    item = response.context["items"][0]
    assert set(vars(item.texts[0])) == {"key", "text", "redacted"}  # nothing else per text


def test_only_the_coordinator_reads_texts(closed_survey, client_for):
    for role in ("secretaris", "riec", "beheerder"):
        response = client_for(role).get(texts_url(closed_survey))
        assert response.status_code == 200
        assert "Opmerking nummer" not in response.content.decode()
        assert client_for(role).post(texts_url(closed_survey), {}).status_code == 403


def test_redaction_is_audited_and_used_everywhere(closed_survey, client_for, user_for):
    item = services.free_texts(closed_survey)[0]
    entry = next(e for e in item.texts if e.text == "Opmerking nummer 3 over team Zuid")
    client = client_for("coordinator")
    # An empty text is refused on the same page, nothing stored.
    page = client.post(texts_url(closed_survey), {"item": item.item, "key": entry.key})
    assert page.status_code == 200 and "zoals die getoond mag worden" in page.content.decode()
    response = client.post(
        texts_url(closed_survey),
        {"item": item.item, "key": entry.key, "redacted": "Opmerking nummer 3 over [team]"},
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(object_type="disclosure.TextRedaction")
    assert event.actor == user_for("coordinator")
    assert event.action == AuditEvent.Action.CREATE
    texts = services.report_texts(closed_survey)[0]["texts"]
    assert "Opmerking nummer 3 over [team]" in texts
    assert "Opmerking nummer 3 over team Zuid" not in texts
    html = client.get(texts_url(closed_survey)).content.decode()
    assert "Opmerking nummer 3 over [team]" in html
    # A made-up key redacts nothing.
    bogus = client.post(
        texts_url(closed_survey), {"item": item.item, "key": "0" * 64, "redacted": "x"}
    )
    assert bogus.status_code == 200
    assert AuditEvent.objects.filter(object_type="disclosure.TextRedaction").count() == 1


def test_the_report_uses_the_redacted_texts(closed_survey, user_for):
    from weerbaar.reports.collect import collect_report_data

    item = services.free_texts(closed_survey)[0]
    entry = next(e for e in item.texts if e.text == "Opmerking nummer 1 over team Zuid")
    services.redact_text(
        closed_survey,
        item=item.item,
        key=entry.key,
        redacted="Opmerking [weg]",
        by=user_for("coordinator"),
    )
    data = collect_report_data(closed_survey.scan)
    texts = [t for block in data.free_texts for t in block["texts"]]
    assert "Opmerking [weg]" in texts
    assert "Opmerking nummer 1 over team Zuid" not in texts
    from weerbaar.reports.render import render_html

    html = render_html(data.to_json())
    assert "Opmerking [weg]" in html and "Opmerking nummer 1 over team Zuid" not in html
