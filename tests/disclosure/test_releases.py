"""A deliberate release of one whole-survey count below k: audited, with a reason, by the
secretaris or coördinator, never for a breakdown; the report marks it."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from weerbaar.audit.models import AuditEvent
from weerbaar.core.text import translate
from weerbaar.disclosure import services
from weerbaar.disclosure.models import Release
from weerbaar.surveys.results.services import survey_results

from .conftest import make_survey, staff_rows

ITEM, VALUE = "q8_verwacht_signalen", "ja"  # 2 of 40: below k


def release_url(survey):
    return reverse(
        "disclosure:release", kwargs={"org": survey.scan.organisation.slug, "survey_id": survey.pk}
    )


def published_count(survey, item, value):
    it = next(i for i in survey_results(survey)["items"] if i["id"] == item)
    return next(c for c in it["categories"] if c["value"] == value)["count"]


def test_a_release_is_an_audited_decision_with_a_reason(closed_survey, client_for, user_for):
    assert published_count(closed_survey, ITEM, VALUE) is None  # withheld
    choice = f"{ITEM}|{VALUE}"
    client = client_for("secretaris")
    page = client.post(release_url(closed_survey), {"count": choice, "reason": ""})
    assert page.status_code == 200 and not Release.objects.exists()
    assert client_for("lezer").post(release_url(closed_survey), {}).status_code == 403
    assert client_for("beheerder").post(release_url(closed_survey), {}).status_code == 403
    response = client.post(
        release_url(closed_survey), {"count": choice, "reason": "Rekenkamer: hoeveel raadsleden"}
    )
    assert response.status_code == 302
    release = Release.objects.get()
    assert (release.count, release.base) == (2, 40)
    event = AuditEvent.objects.get(object_type="disclosure.Release")
    assert event.actor == user_for("secretaris") and event.after["reason"].startswith("Reken")


def test_a_breakdown_can_never_be_released(closed_survey, user_for, voorbeeld):
    by = user_for("coordinator")
    options = {(r.item, r.value) for r in services.releasable(closed_survey)}
    assert (ITEM, VALUE) in options
    assert not [o for o in options if o[0] == "q1_afdeling"]  # department counts: a breakdown
    small = str(list(voorbeeld.departments.all())[2].pk)
    for item, value in [("q1_afdeling", small), (ITEM, "nee"), ("bestaat_niet", "x")]:
        with pytest.raises(ValidationError):
            services.release_count(closed_survey, item=item, value=value, reason="r", by=by)
    assert not Release.objects.exists()
    # The model has no department: a release is a whole-survey count by construction.
    assert not {"department", "group"} & {f.name for f in Release._meta.get_fields()}


def test_no_release_before_closing(baseline_scan, voorbeeld, user_for):
    survey = make_survey(baseline_scan, staff_rows(voorbeeld, 40), closed=False)
    with pytest.raises(ValidationError):
        services.release_count(
            survey, item=ITEM, value=VALUE, reason="r", by=user_for("secretaris")
        )


def test_the_report_shows_and_marks_the_release(closed_survey, user_for):
    from weerbaar.reports.collect import collect_report_data

    services.release_count(
        closed_survey, item=ITEM, value=VALUE, reason="raad", by=user_for("secretaris")
    )
    data = collect_report_data(closed_survey.scan)
    # The scan also has the demo staff survey: the marked item is this survey's.
    marked = [i for i in data.result_tables if "Bewust vrijgegeven" in translate(i.routing, "nl")]
    assert len(marked) == 1 and marked[0].id.endswith(f":{ITEM}")
    category = next(c for c in marked[0].categories if c.value == VALUE)
    assert category.count == 2 and category.pct == 5.0
    assert "Bewust vrijgegeven: 2 van 40" in translate(marked[0].routing, "nl")
    notes = [translate(n, "nl") for n in data.method.notes]
    assert any("bewust vrijgegeven" in n and "2 van 40" in n for n in notes)
