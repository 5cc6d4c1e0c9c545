"""No row-level data for insiders; the research file only for a granted external researcher,
after closing, with at least 3·k respondents, coarsened departments, no free text, audited."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.factories import client_for_user
from weerbaar.audit.models import AuditEvent
from weerbaar.core.text import translate
from weerbaar.disclosure import services
from weerbaar.surveys import exports
from weerbaar.surveys.results.services import survey_results

from .conftest import make_survey, staff_rows

INSIDERS = ("coordinator", "secretaris", "riec", "beheerder")


def research_url(survey, name="research"):
    return reverse(
        f"disclosure:{name}", kwargs={"org": survey.scan.organisation.slug, "survey_id": survey.pk}
    )


def grant(survey, researcher, user_for):
    return services.grant_research(
        survey, researcher=researcher, reason="Rekenkameronderzoek 2026", by=user_for("secretaris")
    )


@pytest.mark.parametrize("role", INSIDERS)
def test_insiders_get_no_row_level_data_by_any_url(
    role, client_for, closed_survey, researcher, user_for
):
    grant(closed_survey, researcher, user_for)  # even with a grant for someone else
    client = client_for(role)
    org = closed_survey.scan.organisation.slug
    for kind in ("data-csv", "data-xlsx", "data-sav"):
        url = reverse("survey_results:export", args=[org, closed_survey.pk, kind])
        assert client.get(url).status_code == 404, (role, kind)
    for fmt in services.RESEARCH_FORMATS:
        response = client.post(research_url(closed_survey, "research_download"), {"format": fmt})
        assert response.status_code in {403, 404}, (role, fmt)
    assert client.get(research_url(closed_survey, "research_download")).status_code in {403, 405}
    # What the insiders can download is the suppressed results table and an empty codebook.
    for kind in ("resultaten-csv", "codeboek-csv"):
        url = reverse("survey_results:export", args=[org, closed_survey.pk, kind])
        response = client.get(url)
        if response.status_code == 200:
            header = response.content.decode("utf-8-sig").splitlines()[0]
            assert "q1_afdeling" not in header.split(";")  # never one column per variable


def test_researcher_without_grant_gets_nothing(researcher, closed_survey):
    client = client_for_user(researcher)
    org = closed_survey.scan.organisation.slug
    assert client.get(research_url(closed_survey)).status_code == 404
    assert client.post(research_url(closed_survey, "research_download")).status_code == 404
    for name, kwargs in [
        ("scans:organisation", {"org": org}),
        ("survey_results:results", {"org": org, "survey_id": closed_survey.pk}),
        (
            "survey_results:export",
            {"org": org, "survey_id": closed_survey.pk, "export_kind": "resultaten-csv"},
        ),
        ("disclosure:texts", {"org": org, "survey_id": closed_survey.pk}),
    ]:
        assert client.get(reverse(name, kwargs=kwargs)).status_code in {403, 404}, name


def test_grant_refused_before_close_and_below_3k(baseline_scan, voorbeeld, researcher, user_for):
    k = voorbeeld.k
    open_survey = make_survey(baseline_scan, staff_rows(voorbeeld, 3 * k + 5), closed=False)
    with pytest.raises(ValidationError, match="nog niet gesloten"):
        grant(open_survey, researcher, user_for)
    small = make_survey(baseline_scan, staff_rows(voorbeeld, 3 * k - 1, small_dep=0))
    with pytest.raises(ValidationError, match="3 × k"):
        grant(small, researcher, user_for)
    with pytest.raises(ValidationError):
        services.grant_research(small, researcher=researcher, reason=" ", by=user_for("secretaris"))
    assert not small.research_grants.exists() and not open_survey.research_grants.exists()


def test_only_the_secretaris_grants_with_a_reason(client_for, closed_survey, researcher):
    data = {"researcher": researcher.pk, "reason": ""}
    page = client_for("secretaris").post(research_url(closed_survey), data)
    assert page.status_code == 200 and "Dit veld is verplicht" in page.content.decode()
    assert (
        client_for("coordinator")
        .post(research_url(closed_survey), {**data, "reason": "x"})
        .status_code
        == 403
    )
    assert not closed_survey.research_grants.exists()
    response = client_for("secretaris").post(
        research_url(closed_survey), {**data, "reason": "Rekenkameronderzoek"}
    )
    assert response.status_code == 302
    granted = closed_survey.research_grants.get()
    assert granted.reason == "Rekenkameronderzoek" and granted.researcher == researcher
    assert AuditEvent.objects.filter(
        object_type="disclosure.ResearchGrant", action=AuditEvent.Action.CREATE
    ).exists()


def test_research_file_has_no_free_text_and_only_published_groups(
    closed_survey, researcher, user_for, voorbeeld
):
    grant(closed_survey, researcher, user_for)
    client = client_for_user(researcher)
    assert client.get(research_url(closed_survey)).status_code == 200
    response = client.post(research_url(closed_survey, "research_download"), {"format": "csv"})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    header, data = rows[0], rows[1:]
    assert len(data) == 40
    assert "q20_opmerkingen" not in header
    assert not any("Opmerking nummer" in cell for row in data for cell in row)
    published = {
        translate(g["label"]) for g in survey_results(closed_survey)["groups"] if not g["merged"]
    }
    small = list(voorbeeld.departments.all())[2].name  # 3 respondents: merged
    column = {row[header.index("q1_afdeling")] for row in data}
    assert small not in column
    assert column <= {str(p) for p in published} | {exports.OTHER_DEPARTMENTS}
    assert exports.OTHER_DEPARTMENTS in column
    # Every download is recorded.
    event = AuditEvent.objects.get(action=AuditEvent.Action.READ, actor=researcher)
    assert event.after["what"] == "research_file" and event.object_id == str(closed_survey.pk)
    for fmt in ("xlsx", "sav"):
        assert (
            client.post(
                research_url(closed_survey, "research_download"), {"format": fmt}
            ).status_code
            == 200
        )
    assert AuditEvent.objects.filter(action=AuditEvent.Action.READ, actor=researcher).count() == 3


def test_withdrawn_grant_gives_nothing(closed_survey, researcher, user_for):
    services.withdraw_research(grant(closed_survey, researcher, user_for))
    client = client_for_user(researcher)
    assert client.post(research_url(closed_survey, "research_download")).status_code == 404


def test_the_researcher_lands_on_their_granted_surveys(closed_survey, researcher, user_for):
    client = client_for_user(researcher)
    response = client.get("/", follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse(
        "disclosure:granted", kwargs={"org": closed_survey.scan.organisation.slug}
    )
    assert closed_survey.title not in response.content.decode()
    grant(closed_survey, researcher, user_for)
    html = client.get(response.redirect_chain[-1][0]).content.decode()
    assert research_url(closed_survey) in html
