"""The gemeentesecretaris' overview, progress reports (PDF, DOCX) and settings."""

from __future__ import annotations

import datetime
import io
import zipfile

from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as settings_h
from hypothesis import strategies as st

from weerbaar.actions import services
from weerbaar.actions.documents import render_document, render_docx
from weerbaar.actions.models import FollowUpSettings, ProgressReport
from weerbaar.actions.overview import build_overview, create_progress_report

from .conftest import aware


def test_the_overview_counts_per_dimension_and_pillar(make_action, fresh_org):
    make_action(
        title="a", dimension_ids=["D3c"], pillar_ids=["P4"], due_date=datetime.date(2027, 3, 1)
    )
    make_action(title="b", dimension_ids=["D3a"], due_date=datetime.date(2027, 3, 20))
    done = make_action(title="c", dimension_ids=["D1"], pillar_ids=["P1"])
    services.change_status(done, "gereed")
    make_action(title="d", due_date=datetime.date(2027, 5, 1))
    overview = build_overview(fresh_org["org"], now=aware(2027, 3, 10))
    d3 = next(t for t in overview.dimensions if t.key == "D3")
    assert (d3.done, d3.open, d3.overdue, d3.due_this_month) == (0, 2, 1, 1)
    d1 = next(t for t in overview.dimensions if t.key == "D1")
    assert (d1.done, d1.open) == (1, 0)
    p4 = next(t for t in overview.pillars if t.key == "P4")
    assert (p4.open, p4.overdue) == (1, 1)
    assert (overview.unlinked.open, overview.totals.open, overview.totals.done) == (1, 3, 1)
    assert [a.title for a in overview.overdue] == ["a"]
    assert [a.title for a in overview.due_this_month] == ["b"]


def test_the_overview_never_groups_by_person(make_action, fresh_org):
    """Seed 000: an overview with reminders, no league table of owners."""
    make_action(title="x", dimension_ids=["D1"])
    overview = build_overview(fresh_org["org"], now=aware(2027, 3, 10))
    fw = fresh_org["scan"].framework
    allowed = {d["id"] for d in fw.dimensions_and_themes} | {p["id"] for p in fw.pillars}
    assert {t.key for t in overview.dimensions + overview.pillars} <= allowed


def test_the_overview_shows_maturity_now_and_at_the_last_scan(client_for, voorbeeld):
    response = client_for("secretaris").get(
        reverse("actions:overview", kwargs={"org": "voorbeeld"})
    )
    assert response.status_code == 200
    overview = response.context["overview"]
    assert overview.previous_scan is not None
    assert all(t.level_now is not None and t.level_before is not None for t in overview.pillars)
    body = response.content.decode()
    assert "Fase vorige scan" in body and "Over de streefdatum" in body


def test_an_actiehouder_does_not_get_the_overview(client_for):
    url = reverse("actions:overview", kwargs={"org": "voorbeeld"})
    assert client_for("actiehouder").get(url).status_code == 403


def test_a_progress_report_lists_the_progress_since_the_previous_one(make_action, fresh_org):
    org = fresh_org["org"]
    first_action = make_action(title="Eerste actie")
    services.change_status(first_action, "bezig", now=aware(2027, 1, 10))
    first = create_progress_report(org, title="Q1", now=aware(2027, 1, 31))
    assert first.period_start is None
    assert [c["action"] for c in first.content["progress"]["changes"]] == ["Eerste actie"]
    services.change_status(first_action, "gereed", now=aware(2027, 2, 10))
    second = create_progress_report(org, title="Q2", now=aware(2027, 4, 30))
    assert second.period_start == first.period_end
    changes = second.content["progress"]["changes"]
    assert [(c["from"], c["to"]) for c in changes] == [("Bezig", "Gereed")]
    assert second.content["progress"]["completed"] == 1


def test_progress_reports_download_as_pdf_and_docx(client_for, voorbeeld):
    report = ProgressReport.objects.filter(organisation=voorbeeld).first()
    assert report is not None, "the demo has a progress report"
    client = client_for("lezer")  # the college and council read progress reports
    pdf = client.get(
        reverse("actions:progress_pdf", kwargs={"org": "voorbeeld", "progressreport_id": report.pk})
    )
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    # One page for the college agenda.
    assert len(render_document(report).pages) == 1


def test_progress_report_docx_holds_the_title(client_for, voorbeeld):
    report = ProgressReport.objects.filter(organisation=voorbeeld).first()
    docx = client_for("secretaris").get(
        reverse(
            "actions:progress_docx", kwargs={"org": "voorbeeld", "progressreport_id": report.pk}
        )
    )
    assert docx.status_code == 200
    with zipfile.ZipFile(io.BytesIO(docx.content)) as z:
        xml = z.read("word/document.xml").decode()
    assert report.title in xml


def test_creating_a_progress_report_from_the_page(client_for, voorbeeld):
    client = client_for("secretaris")
    url = reverse("actions:progress_list", kwargs={"org": "voorbeeld"})
    response = client.post(url, {"title": "Voortgang voor het college", "summary": "Kort"})
    assert response.status_code == 302
    report = ProgressReport.objects.get(title="Voortgang voor het college")
    assert report.created_by.email == "secretaris@voorbeeld.demo"
    detail = client.get(response["Location"]).content.decode()
    assert "Voortgang sinds de vorige rapportage" in detail


def test_a_lezer_cannot_create_a_progress_report(client_for):
    url = reverse("actions:progress_list", kwargs={"org": "voorbeeld"})
    assert client_for("lezer").post(url, {"title": "x"}).status_code == 403


def test_an_empty_title_keeps_the_summary(client_for):
    url = reverse("actions:progress_list", kwargs={"org": "voorbeeld"})
    response = client_for("coordinator").post(url, {"title": "", "summary": "Mijn toelichting"})
    assert response.status_code == 200
    assert "Mijn toelichting" in response.content.decode()


def test_reminder_settings_refuse_zero_days_with_a_message(client_for, voorbeeld):
    url = reverse("actions:settings", kwargs={"org": "voorbeeld"})
    response = client_for("coordinator").post(
        url, {"reminders_enabled": "on", "days_before_due": "0", "digest_weekday": "0"}
    )
    assert response.status_code == 200
    assert "Kies ten minste 1 dag" in response.content.decode()
    ok = client_for("coordinator").post(
        url, {"reminders_enabled": "on", "days_before_due": "10", "digest_weekday": "2"}
    )
    assert ok.status_code == 302
    assert FollowUpSettings.objects.get(organisation=voorbeeld).days_before_due == 10


def test_the_scan_page_has_a_follow_up_section(client_for, baseline_scan):
    url = reverse("scans:detail", kwargs={"org": "voorbeeld", "scan_id": baseline_scan.pk})
    body = client_for("coordinator").get(url).content.decode()
    assert 'id="section-actions"' in body
    assert (
        reverse("actions:repeat", kwargs={"org": "voorbeeld", "scan_id": baseline_scan.pk}) in body
    )


def test_a_busy_quarter_still_fits_on_one_page(make_action, fresh_org):
    for i in range(30):
        action = make_action(
            title=f"Actie nummer {i} met een wat langere titel", dimension_ids=["D1"]
        )
        services.change_status(action, "bezig", note="Gestart", now=aware(2027, 2, 1))
    report = create_progress_report(fresh_org["org"], title="Druk kwartaal", now=aware(2027, 3, 1))
    assert len(render_document(report).pages) == 1
    assert len(render_docx(report)) > 0


def test_the_pages_speak_english_when_chosen(client_for):
    client = client_for("secretaris")
    client.post("/account/taal/", {"language": "en", "next": "/"})
    body = client.get(reverse("actions:overview", kwargs={"org": "voorbeeld"})).content.decode()
    assert "Follow-up overview" in body and "Past the due date" in body


def test_the_repeat_scan_page_mentions_open_actions_from_earlier_scans(client_for, voorbeeld):
    repeat = voorbeeld.scans.get(kind="herhaalmeting", title__contains="herhaalmeting")
    url = reverse("scans:detail", kwargs={"org": "voorbeeld", "scan_id": repeat.pk})
    body = client_for("secretaris").get(url).content.decode()
    assert "Uit eerdere scans sta" in body


@settings_h(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["open", "bezig", "gereed", "vervallen"]),
            st.one_of(st.none(), st.integers(min_value=-60, max_value=60)),
            st.sampled_from([[], ["D1"], ["D3a", "D3c"], ["D2", "T1"]]),
        ),
        max_size=12,
    )
)
def test_overview_counts_add_up(make_action, fresh_org, rows):
    """Per dimension and in total: done + open + dropped = actions; overdue and due this
    month are open actions; every action is counted once in the totals."""
    from django.db import transaction

    today = datetime.date(2027, 3, 10)
    with transaction.atomic():
        for status, offset, dims in rows:
            due = None if offset is None else today + datetime.timedelta(days=offset)
            action = make_action(dimension_ids=dims, due_date=due)
            if status != "open":
                services.change_status(action, status, reason="Niet nodig")
        overview = build_overview(fresh_org["org"], now=aware(2027, 3, 10))
        totals = overview.totals
        assert totals.done + totals.open + totals.dropped == len(rows)
        assert totals.overdue == sum(
            1 for s, o, _d in rows if s in ("open", "bezig") and o is not None and o < 0
        )
        for tally in [*overview.dimensions, overview.unlinked, totals]:
            assert tally.overdue <= tally.open and tally.due_this_month <= tally.open
        d3 = next(t for t in overview.dimensions if t.key == "D3")
        assert d3.total == sum(1 for _s, _o, d in rows if "D3a" in d)  # counted once
        transaction.set_rollback(True)


def test_an_organisation_without_scans_gets_empty_pages_not_errors(client_for):
    client = client_for("oosterveld")
    for name in ("list", "mine", "overview", "progress_list", "settings"):
        response = client.get(reverse(f"actions:{name}", kwargs={"org": "oosterveld"}))
        assert response.status_code == 200, name


def test_a_progress_report_gives_the_incidents_and_signals_of_its_period(voorbeeld):
    from django.utils import timezone

    from weerbaar.incidents.models import Incident

    Incident.objects.filter(organisation=voorbeeld).delete()
    now = timezone.now()
    Incident.objects.bulk_create(
        Incident(
            organisation=voorbeeld,
            category="bedreiging",
            occurred_on=now.date() - datetime.timedelta(days=10),
            form="phone",
            target_function="Vergunningverlener",
            description="Gebeld en bedreigd.",
            registered_at=now - datetime.timedelta(days=10),
            contact_at=now - datetime.timedelta(days=9),
        )
        for _ in range(voorbeeld.k + 1)
    )
    report = create_progress_report(voorbeeld, title="Voortgang Q4", now=now)
    figures = report.content["incidents"]
    assert figures["incidents"] == voorbeeld.k + 1 and figures["contact_within_48h"] == 1.0
    with zipfile.ZipFile(io.BytesIO(render_docx(report))) as z:
        xml = z.read("word/document.xml").decode()
    assert f"Geregistreerde incidenten: {voorbeeld.k + 1}" in xml
    # Still one page for the college agenda.
    assert len(render_document(report).pages) == 1

    # Below k the number is withheld, in the frozen content and in the document.
    Incident.objects.filter(organisation=voorbeeld).exclude(
        pk=Incident.objects.filter(organisation=voorbeeld).first().pk
    ).delete()
    small = create_progress_report(voorbeeld, title="Voortgang Q1", now=now)
    assert small.content["incidents"]["incidents"] is None
    with zipfile.ZipFile(io.BytesIO(render_docx(small))) as z:
        assert "Geregistreerde incidenten: onderdrukt" in z.read("word/document.xml").decode()


def test_a_progress_report_gives_the_screenings_past_renewal_as_counts(voorbeeld):
    """The demo has a function whose required screening is past its renewal date."""
    from django.utils import timezone

    from weerbaar.screening.selectors import overdue_summary

    now = timezone.now()
    expected = overdue_summary(voorbeeld, now.date())
    assert expected["functions_overdue"] >= 1
    report = create_progress_report(voorbeeld, title="Voortgang", now=now)
    assert report.content["screening"]["functions_overdue"] == expected["functions_overdue"]
    with zipfile.ZipFile(io.BytesIO(render_docx(report))) as z:
        xml = z.read("word/document.xml").decode()
    assert (
        f"Screening van functies: {expected['functions_overdue']} functies met een screening "
        "over de vernieuwingsdatum" in xml
    )
    assert len(render_document(report).pages) == 1
