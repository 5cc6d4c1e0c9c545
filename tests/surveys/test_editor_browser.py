"""The questionnaire editor in headless Chromium: copy, edit a text, add a question with
routing, preview as a respondent, export the YAML; each page checked with axe-core."""

from __future__ import annotations

import pytest
import yaml

from tests.accessibility import axe_violations, describe
from tests.browser_login import log_in

pytestmark = [pytest.mark.browser]


def assert_accessible(page) -> None:
    violations = axe_violations(page)
    assert not violations, describe(violations)


def test_copy_edit_route_preview_and_export(browser, live_server, fresh_demo):
    login = next(x for x in fresh_demo.logins if x.role == "coordinator")
    base = live_server.url
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")
    page = context.new_page()
    blocked: list[str] = []  # what our Content-Security-Policy blocks (inline styles, scripts)
    page.on(
        "console",
        lambda msg: blocked.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    log_in(page, base, login.email, login.password)
    page.wait_for_url(f"{base}/o/voorbeeld/")

    # Copy the shipped council questionnaire and open the editor.
    page.goto(f"{base}/o/voorbeeld/vragenlijsten/")
    page.get_by_role("button", name="Kopie maken van Weerbaarheid raadsleden").click()
    page.wait_for_load_state()
    assert page.get_by_text("Bron: Rekenkamer Borger-Odoorn (2020)").is_visible()
    page.get_by_role("link", name="Vragen, antwoorden en routering bewerken").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Pagina 1: Eigen ervaringen", exact=False).is_visible()
    assert_accessible(page)

    # Edit the text of question 1.
    page.get_by_role("link", name="Bewerken en routering van vraag 1", exact=True).click()
    page.wait_for_load_state()
    assert_accessible(page)
    page.get_by_label("Vraagtekst").fill("Bent u als raadslid wel eens beïnvloed?")
    page.get_by_role("button", name="Vraag opslaan").click()
    page.wait_for_load_state()
    assert page.get_by_text("vraag 1: Bent u als raadslid wel eens beïnvloed?").is_visible()

    # Add a question to page 2, shown only to those who answered "Nee" to question 1.
    section = page.locator("section#beinvloeding_opvolging")
    section.get_by_text("Vraag toevoegen aan deze pagina").click()
    section.get_by_label("Soort vraag").select_option("single")
    section.get_by_label("Vraagtekst").fill("Heeft u ooit iets gemerkt bij collega's?")
    section.get_by_label("Antwoorden", exact=True).fill("Ja\nNee")
    section.get_by_role("button", name="Vraag toevoegen").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Vraag bewerken", exact=False).is_visible()
    page.get_by_label("Vraag waarvan het antwoord telt").select_option("r1_beinvloeding")
    page.get_by_role("button", name="Kies deze vraag").click()
    page.wait_for_load_state()
    assert_accessible(page)
    page.get_by_label("is (een van) de gekozen antwoorden").check()
    page.get_by_label("Nee", exact=True).check()
    page.get_by_role("button", name="Voorwaarde toevoegen").click()
    page.wait_for_load_state()
    assert page.get_by_text("Alleen getoond als: vraag 1 is “Nee”").is_visible()

    # Preview as a respondent: "Nee" skips the original questions of page 2 but shows
    # the new one.
    page.get_by_role("link", name="Terug naar alle vragen").click()
    page.wait_for_load_state()
    page.get_by_role("link", name="Voorbeeld als respondent").click()
    page.wait_for_load_state()
    assert page.get_by_text("Er wordt niets opgeslagen").is_visible()
    page.get_by_role("link", name="Beginnen").click()
    page.wait_for_load_state()
    assert_accessible(page)
    assert page.get_by_text("Bent u als raadslid wel eens beïnvloed?").is_visible()
    page.get_by_label("Nee", exact=True).check()
    page.get_by_role("button", name="Volgende").click()
    page.wait_for_load_state()
    assert page.get_by_text("Heeft u ooit iets gemerkt bij collega's?").is_visible()
    assert page.get_by_text("Waar bestond die beïnvloedingspoging uit?").count() == 0
    assert page.get_by_text("Er wordt niets opgeslagen").is_visible()

    # Export the YAML: it holds the edits.
    page.get_by_role("link", name="Terug naar de vragenlijst").click()
    page.wait_for_load_state()
    with page.expect_download() as info:
        page.get_by_role("link", name="YAML downloaden").click()
    exported = yaml.safe_load(info.value.path().read_text(encoding="utf-8"))
    texts = [q["text"]["nl"] for p in exported["pages"] for q in p["questions"]]
    assert "Bent u als raadslid wel eens beïnvloed?" in texts
    assert "Heeft u ooit iets gemerkt bij collega's?" in texts
    assert not blocked, blocked
    context.close()


def test_editor_pages_pass_the_crawl_checks_in_every_state(browser, live_server, fresh_demo):
    """The states the page crawl does not reach (a chosen condition source, a preview page,
    a refused edit) at phone and desktop width."""
    from django.conf import settings

    from tests.factories import client_for_user
    from tests.test_accessibility_crawl import WIDTHS, Findings, check_page, new_checked_page

    copy = fresh_demo.objects["questionnaire_copy"]
    login = next(x for x in fresh_demo.logins if x.role == "coordinator")
    from django.contrib.auth import get_user_model

    client = client_for_user(get_user_model().objects.get(email=login.email))
    base = f"{live_server.url}/o/voorbeeld/vragenlijsten/{copy.pk}"
    second_page = copy.definition["pages"][1]
    question = second_page["questions"][0]["id"]
    first = copy.definition["pages"][0]["questions"][0]["id"]
    urls = [
        f"{base}/editor/",
        f"{base}/editor/vraag/{question}/?bron={first}",
        f"{base}/editor/pagina/{second_page['id']}/?bron={first}",
        f"{base}/voorbeeld/",
        f"{base}/voorbeeld/?p=0",
    ]
    context = browser.new_context(locale="nl-NL")
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    findings = Findings()
    page, errors = new_checked_page(context)
    for url in urls:
        for width in WIDTHS:
            check_page(page, url, width, findings, errors)
    # A refused edit: the error summary and the typed text.
    page.goto(f"{base}/editor/")
    page.get_by_role("button", name="Pagina toevoegen").click()
    page.wait_for_load_state()
    assert page.get_by_role("alert").first.is_visible()
    context.close()
    assert not findings.problems, "\n".join(findings.problems)
