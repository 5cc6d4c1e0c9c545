"""The toegankelijkheidsverklaring: public, linked from every page, with a way to report."""

from __future__ import annotations

from django.test import Client, override_settings


def test_anyone_reads_the_statement_from_the_footer_of_the_login_page(db):
    client = Client()
    login = client.get("/account/inloggen/").content.decode()
    assert 'href="/toegankelijkheid/"' in login
    page = client.get("/toegankelijkheid/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "Toegankelijkheidsverklaring" in body and "WCAG 2.1" in body


@override_settings(ACCESSIBILITY_CONTACT="toegankelijkheid@voorbeeld.nl")
def test_the_statement_names_the_configured_contact(db):
    body = Client().get("/toegankelijkheid/").content.decode()
    assert 'href="mailto:toegankelijkheid@voorbeeld.nl"' in body


def test_the_statement_in_english(db):
    client = Client()
    client.post("/account/taal/", {"language": "en", "next": "/toegankelijkheid/"})
    body = client.get("/toegankelijkheid/").content.decode()
    assert "Accessibility statement" in body and "Report a problem" in body
