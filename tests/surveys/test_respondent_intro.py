"""The respondent's first page: who asks, until when, whom to ask, the privacy statement and
how anonymity is protected, in short paragraphs; the coordinator sets the contact details."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone

from .test_answering import Respondent


@pytest.fixture
def contact(voorbeeld):
    voorbeeld.survey_contact_name = "Anna Jansen"
    voorbeeld.survey_contact_email = "onderzoek@voorbeeld.example"
    voorbeeld.privacy_url = "https://www.voorbeeld.example/privacy"
    voorbeeld.save()
    return voorbeeld


def intro_of(token: str) -> str:
    r = Respondent(token)
    return r.client.get(r.url()).content.decode()


def test_the_intro_names_who_asks_until_when_and_whom_to_ask(personal_link, staff_survey, contact):
    staff_survey.closes_at = timezone.make_aware(datetime.datetime(2027, 3, 5, 17, 0))
    staff_survey.save()
    body = intro_of(personal_link[1])
    assert "Gemeente Voorbeeld vraagt u deze vragenlijst in te vullen." in body
    assert "5 maart 2027" in body  # a Dutch date, through Django's localisation
    assert "2027-03-05" not in body
    assert "Anna Jansen" in body
    assert '<a href="mailto:onderzoek@voorbeeld.example">' in body
    assert 'href="https://www.voorbeeld.example/privacy"' in body
    assert "Privacyverklaring van Gemeente Voorbeeld" in body
    assert "nooit per persoon" in body  # how anonymity is protected


def test_the_intro_is_in_short_paragraphs(personal_link, staff_survey):
    body = intro_of(personal_link[1])
    intro = re.search(r'<div class="survey-intro">(.*?)</div>', body, re.S).group(1)
    paragraphs = re.findall(r"<p>(.*?)</p>", intro, re.S)
    assert len(paragraphs) >= 3
    assert all(len(p.split()) <= 120 for p in paragraphs)


def test_without_contact_details_the_intro_shows_no_empty_entries(
    personal_link, staff_survey, voorbeeld
):
    voorbeeld.survey_contact_name = voorbeeld.survey_contact_email = voorbeeld.privacy_url = ""
    voorbeeld.save()
    body = intro_of(personal_link[1])
    assert "Vragen?" not in body and "Privacyverklaring" not in body


def test_the_open_link_intro_shows_the_contact_as_well(client, council_open_survey, contact):
    url = f"/o-link/{council_open_survey.open_code}/"
    body = client.get(url).content.decode()
    assert "Anna Jansen" in body and "Privacyverklaring van Gemeente Voorbeeld" in body


def test_the_personal_link_reads_the_contact_in_the_same_query(personal_link, contact):
    from weerbaar.surveys import pageload

    _invitation, token = personal_link
    Respondent(token).start()
    respondent = pageload.resolve_personal_link(token, with_organisation=True)
    organisation = respondent.survey.scan.organisation
    assert organisation.get_deferred_fields().isdisjoint(
        {"privacy_url", "survey_contact_name", "survey_contact_email"}
    )


def test_the_coordinator_sets_the_contact_details(client_for, voorbeeld):
    client = client_for("coordinator")
    url = f"/o/{voorbeeld.slug}/instellingen/"
    form = client.get(url)
    assert form.status_code == 200
    body = form.content.decode()
    for name in ("survey_contact_name", "survey_contact_email", "privacy_url"):
        assert f'name="{name}"' in body
    data = {
        "name": voorbeeld.name,
        "cbs_code": voorbeeld.cbs_code,
        "inhabitants": voorbeeld.inhabitants or "",
        "province": voorbeeld.province,
        "min_cell_size": voorbeeld.min_cell_size,
        "departments": "\n".join(d.name for d in voorbeeld.departments.all()),
        "survey_contact_name": "Anna Jansen",
        "survey_contact_email": "geen-adres",
        "privacy_url": "https://www.voorbeeld.example/privacy",
    }
    version = re.search(r'name="version" value="(\d+)"', body)
    if version:
        data["version"] = version.group(1)
    refused = client.post(url, data)
    assert refused.status_code == 200  # a bad address: a message on the same page
    assert "Anna Jansen" in refused.content.decode()  # nothing typed is lost
    data["survey_contact_email"] = "onderzoek@voorbeeld.example"
    saved = client.post(url, data)
    assert saved.status_code == 302, saved.content.decode()[:2000]
    voorbeeld.refresh_from_db()
    assert voorbeeld.survey_contact_name == "Anna Jansen"
    assert voorbeeld.survey_contact_email == "onderzoek@voorbeeld.example"
    assert voorbeeld.privacy_url == "https://www.voorbeeld.example/privacy"
