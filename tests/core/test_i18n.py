"""Dutch first, English second."""

from __future__ import annotations

from pathlib import Path

import pytest

import weerbaar

SRC = Path(weerbaar.__file__).parent


def catalogs() -> list[Path]:
    return sorted(SRC.rglob("locale/en/LC_MESSAGES/django.po"))


def test_there_is_an_english_catalog():
    assert catalogs()


@pytest.mark.parametrize("po", catalogs(), ids=lambda p: str(p.relative_to(SRC)))
def test_english_catalog_is_complete(po: Path):
    """Every Dutch UI text has an English translation, none fuzzy."""
    text = po.read_text(encoding="utf-8")
    entries = text.split("\n\n")[1:]  # skip the header
    untranslated = []
    for entry in entries:
        if "#, fuzzy" in entry:
            untranslated.append(entry)
            continue
        if 'msgstr ""' in entry and entry.rstrip().endswith('msgstr ""'):
            untranslated.append(entry)
    assert not untranslated, f"{len(untranslated)} untranslated, e.g. {untranslated[0][:200]}"


@pytest.mark.django_db
def test_dutch_by_default_and_english_on_request(client_for):
    client = client_for("coordinator")
    body = client.get("/o/voorbeeld/").content.decode()
    assert 'lang="nl"' in body and "Nieuwe scan" in body
    client.post("/account/taal/", {"language": "en", "next": "/o/voorbeeld/"})
    body = client.get("/o/voorbeeld/").content.decode()
    assert 'lang="en"' in body and "New scan" in body


@pytest.mark.django_db
def test_browser_language_does_not_switch_to_english(client_for):
    client = client_for("coordinator")
    body = client.get("/o/voorbeeld/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert 'lang="nl"' in body


@pytest.mark.django_db
def test_anonymous_visitor_can_choose_english():
    from django.test import Client

    client = Client()
    client.post("/account/taal/", {"language": "en", "next": "/account/inloggen/"})
    body = client.get("/account/inloggen/").content.decode()
    assert "Log in" in body
