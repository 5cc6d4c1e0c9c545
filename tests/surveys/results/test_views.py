"""Coordinator pages: results with bases and "< k", response rate, invitations, exports,
import; scoped to the organisation and with free text for the coordinator only."""

from __future__ import annotations

import pytest
from django.urls import reverse

from weerbaar.surveys import services
from weerbaar.surveys.models import Survey


@pytest.fixture
def demo_staff_survey(voorbeeld):
    return Survey.objects.filter(scan__organisation=voorbeeld, audience="staff").first()


def url(name, survey, **kw):
    return reverse(
        f"survey_results:{name}",
        kwargs={"org": survey.scan.organisation.slug, "survey_id": survey.pk, **kw},
    )


def test_results_page_shows_bases_and_marks_suppression(client_for, demo_staff_survey):
    response = client_for("coordinator").get(url("results", demo_staff_survey))
    assert response.status_code == 200
    html = response.content.decode()
    assert "% van wie de vraag kreeg" in html
    assert "inhoudelijke antwoorden" in html
    assert f"&lt; {demo_staff_survey.scan.organisation.k}" in html or "×" in html


def test_secretaris_sees_results_but_not_free_text_or_dataset(client_for, demo_staff_survey):
    client = client_for("secretaris")
    assert client.get(url("results", demo_staff_survey)).status_code == 200
    assert client.get(url("export", demo_staff_survey, export_kind="data-csv")).status_code == 404
    assert client.get(url("import", demo_staff_survey)).status_code == 403
    assert client.get(url("invitations", demo_staff_survey)).status_code == 403
    # Free texts are never on the results page, not even the coordinator's (see disclosure).
    for role in ("coordinator", "secretaris"):
        html = client_for(role).get(url("results", demo_staff_survey)).content.decode()
        assert "alleen zichtbaar voor de coördinator" not in html


def test_platform_beheerder_gets_no_free_text_or_dataset(client_for, demo_staff_survey):
    client = client_for("beheerder")
    assert client.get(url("export", demo_staff_survey, export_kind="data-sav")).status_code == 404
    html = client.get(url("results", demo_staff_survey)).content.decode()
    assert "alleen zichtbaar voor de coördinator" not in html
    assert (
        client.get(url("export", demo_staff_survey, export_kind="resultaten-csv")).status_code
        == 200
    )


def test_reader_and_other_organisations_are_refused(client_for, demo_staff_survey):
    assert client_for("lezer").get(url("results", demo_staff_survey)).status_code == 403
    assert client_for("oosterveld").get(url("results", demo_staff_survey)).status_code == 404


def test_exports_download(client_for, demo_staff_survey):
    client = client_for("coordinator")
    for kind in ("resultaten-xlsx", "codeboek-csv"):
        response = client.get(url("export", demo_staff_survey, export_kind=kind))
        assert response.status_code == 200, kind
        assert "attachment" in response["Content-Disposition"]
    for kind in ("data-csv", "data-xlsx", "data-sav"):  # no row-level data for insiders
        assert client.get(url("export", demo_staff_survey, export_kind=kind)).status_code == 404
    assert client.get(url("export", demo_staff_survey, export_kind="iets")).status_code == 404


def test_response_rate_page(client_for, open_staff_survey, voorbeeld):
    from weerbaar.surveys.models import Invitation, InvitationState
    from weerbaar.surveys.results.services import response_rates

    deps = list(voorbeeld.departments.all())
    spec = [(deps[0], 10, 6), (deps[1], 8, 2), (deps[2], 2, 1)]
    for dep, invited, submitted in spec:
        for i in range(invited):
            Invitation.objects.create(
                survey=open_staff_survey,
                token_hash=f"t-{dep.pk}-{i}",
                department=dep,
                state=InvitationState.SUBMITTED if i < submitted else InvitationState.NOT_STARTED,
            )
    rates = response_rates(open_staff_survey)
    rows = {d["label"]: d for d in rates["departments"]}
    assert rows[deps[0].name]["invited"] == 10
    # deps[2] (2 invitees) is merged, and with it the smallest department
    assert deps[2].name not in rows and deps[1].name not in rows
    other = rows["Overige / onbekend"]
    assert other["invited"] == 10 and other["submitted"] is None  # 3 < k
    assert rows[deps[0].name]["submitted"] is None  # else 9 - 6 gives the 3 away
    response = client_for("coordinator").get(url("rate", open_staff_survey))
    assert response.status_code == 200
    assert "Respons per afdeling" in response.content.decode()


def test_upload_with_bad_rows_keeps_the_good_ones(client_for, open_staff_survey):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for("coordinator")
    f = SimpleUploadedFile("a.csv", b"anna@voorbeeld.nl\nfout\nbram@voorbeeld.nl\n")
    response = client.post(url("invitations", open_staff_survey), {"action": "upload", "file": f})
    assert response.status_code == 200
    html = response.content.decode()
    assert "2 nieuwe adressen toegevoegd" in html
    assert "Regel 2" in html
    assert open_staff_survey.invitations.exclude(email=None).count() == 2


def test_upload_of_wrong_file_type_gives_a_message(client_for, open_staff_survey):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for("coordinator")
    f = SimpleUploadedFile("a.pdf", b"%PDF")
    response = client.post(url("invitations", open_staff_survey), {"action": "upload", "file": f})
    assert response.status_code == 200
    assert "CSV- of Excel" in response.content.decode()


def test_generate_printable_links(client_for, open_staff_survey):
    client = client_for("coordinator")
    response = client.post(
        url("invitations", open_staff_survey), {"action": "links", "count": 3, "output": "page"}
    )
    assert response.status_code == 200
    assert response.content.decode().count("/r/") == 3
    response = client.post(
        url("invitations", open_staff_survey), {"action": "links", "count": "x", "output": "csv"}
    )
    assert response.status_code == 200 and "form-errors" in response.content.decode()


def test_import_errors_are_listed_and_nothing_stored(client_for, open_staff_survey):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for("coordinator")
    f = SimpleUploadedFile("p.csv", b"q8_verwacht_signalen\nja\nmisschien\n")
    response = client.post(url("import", open_staff_survey), {"file": f})
    html = response.content.decode()
    assert "Regel 3" in html and "Niets geïmporteerd" in html
    assert open_staff_survey.responses.count() == 0


def test_pages_and_exports_of_a_survey_without_responses(client_for, open_staff_survey):
    client = client_for("coordinator")
    assert client.get(url("results", open_staff_survey)).status_code == 200
    assert client.get(url("rate", open_staff_survey)).status_code == 200
    # During the field period the results exports are not there yet (counts only).
    for kind in ("resultaten-csv", "resultaten-xlsx"):
        response = client.get(url("export", open_staff_survey, export_kind=kind))
        assert response.status_code == 302 and response["Location"] == url(
            "results", open_staff_survey
        )
    codebook = client.get(url("export", open_staff_survey, export_kind="codeboek-csv"))
    assert codebook.status_code == 200
    services.close_survey(open_staff_survey)
    for kind in ("resultaten-csv", "resultaten-xlsx", "codeboek-csv"):
        response = client.get(url("export", open_staff_survey, export_kind=kind))
        assert response.status_code == 200, kind
