"""The coordinator's LimeSurvey page: upload, report, confirm; errors on the same page."""

from __future__ import annotations

import re

import pytest
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from weerbaar.surveys.limesurvey_views import SALT
from weerbaar.surveys.models import Questionnaire

from .conftest import lss

pytestmark = pytest.mark.django_db


def url(org) -> str:
    return reverse("surveys:questionnaire_limesurvey", kwargs={"org": org.slug})


def upload(client, org, data: bytes, name: str = "enquete.lss"):
    return client.post(url(org), {"file": SimpleUploadedFile(name, data), "audience": "staff"})


def payload_of(body: str) -> str:
    return re.search(r'name="payload" value="([^"]+)"', body).group(1)


def test_upload_shows_the_report_and_confirm_creates(client_for, voorbeeld):
    client = client_for("coordinator")
    listing = client.get(reverse("surveys:questionnaires", kwargs={"org": voorbeeld.slug}))
    assert url(voorbeeld) in listing.content.decode()  # reachable from the questionnaires
    assert client.get(url(voorbeeld)).status_code == 200
    before = Questionnaire.objects.count()
    resp = upload(client, voorbeeld, lss("all_types_6x.lss"))
    body = resp.content.decode()
    assert resp.status_code == 200 and 'id="lss-report"' in body
    assert "Een vergelijking (berekende waarde) kan Weerbaar niet overnemen." in body
    assert "DS1_2" in body and "Vragenlijst maken" in body
    assert Questionnaire.objects.count() == before  # nothing stored before confirming
    resp = client.post(url(voorbeeld), {"payload": payload_of(body)})
    assert resp.status_code == 302
    created = Questionnaire.objects.get(organisation=voorbeeld, key="limesurvey_123456")
    assert resp["Location"].endswith(f"/vragenlijsten/{created.pk}/")
    assert created.is_valid and created.title == "Weerbaarheid test"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b'<!DOCTYPE d [<!ENTITY a "x">]><document>&a;</document>', "niet zijn toegestaan"),
        (b"<document><LimeSurveyDocType>Survey", "geen geldig XML-bestand"),
        (b"<document><Other/></document>", "Dit is geen LimeSurvey-vragenlijst"),
    ],
    ids=["bomb", "malformed", "not-lss"],
)
def test_bad_files_get_a_dutch_message_and_nothing_is_created(client_for, voorbeeld, data, message):
    client = client_for("coordinator")
    before = Questionnaire.objects.count()
    resp = upload(client, voorbeeld, data)
    assert resp.status_code == 200
    assert message in resp.content.decode()
    assert 'name="payload"' not in resp.content.decode()
    assert Questionnaire.objects.count() == before


def test_a_failed_confirmation_keeps_the_upload(client_for, voorbeeld):
    """A confirmation that fails shows the report again with the same upload, to retry."""
    client = client_for("coordinator")
    broken = signing.dumps(
        {
            "org": voorbeeld.pk,
            "source": "kind: questionnaire\nid: [",
            "report": {"created": [], "changed": [], "not_imported": [], "problems": []},
            "name": "enquete.lss",
        },
        salt=SALT,
        compress=True,
    )
    before = Questionnaire.objects.count()
    resp = client.post(url(voorbeeld), {"payload": broken})
    body = resp.content.decode()
    assert resp.status_code == 200 and "is niet geldig" in body
    assert payload_of(body) == broken  # kept: "Opnieuw proberen" without a new upload
    assert Questionnaire.objects.count() == before


def test_a_tampered_or_foreign_confirmation_is_refused(client_for, voorbeeld, oosterveld):
    client = client_for("coordinator")
    body = upload(client, voorbeeld, lss("english_only_3x.lss")).content.decode()
    payload = payload_of(body)
    before = Questionnaire.objects.count()
    resp = client.post(url(voorbeeld), {"payload": payload[:-3] + "abc"})
    assert "Upload het .lss-bestand opnieuw" in resp.content.decode()
    foreign = client_for("oosterveld")
    resp = foreign.post(url(oosterveld), {"payload": payload})
    assert "Upload het .lss-bestand opnieuw" in resp.content.decode()
    assert Questionnaire.objects.count() == before


def test_readers_cannot_import(client_for, voorbeeld):
    assert client_for("lezer").get(url(voorbeeld)).status_code in (403, 404)


def test_an_oversized_upload_is_refused_on_the_same_page(client_for, voorbeeld, settings):
    settings.WEERBAAR_UPLOAD_MAX_BYTES = 2000
    before = Questionnaire.objects.count()
    big = lss("english_only_3x.lss") + b"<!--" + b"x" * 5000 + b"-->"
    response = upload(client_for("coordinator"), voorbeeld, big)
    assert response.status_code == 200
    assert "te groot" in response.content.decode()
    assert Questionnaire.objects.count() == before
