"""The anonymous reporter's dialogue in Chromium: report, keep the code, read the answer,
add information; every page passes axe."""

from __future__ import annotations

import pytest

from tests.accessibility import axe_violations, describe
from weerbaar.incidents import services
from weerbaar.incidents.models import Signal

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def check(page, what: str) -> None:
    violations = axe_violations(page)
    assert not violations, f"{what}: {describe(violations)}"


def test_anonymous_reporter_dialogue(page, live_server, fresh_demo):
    base = live_server.url
    page.goto(f"{base}/meldpunt/voorbeeld/")
    check(page, "meldpunt")
    # Bad input first: the message is Dutch and the text stays.
    page.get_by_label("Wat is u opgevallen?").fill("")
    page.get_by_role("button", name="Signaal versturen").click()
    assert page.get_by_text("Controleer de gemarkeerde velden").is_visible()
    check(page, "meldpunt with errors")
    page.get_by_label("Bij welk proces?").select_option("subsidies")
    page.get_by_label("Wat voor signaal?").select_option("application")
    page.get_by_label("Wat is u opgevallen?").fill(
        "Stichting zonder activiteiten vraagt subsidie aan."
    )
    page.get_by_role("button", name="Signaal versturen").click()
    code = page.locator("#one-time-code").inner_text()
    assert len(code) == 23
    check(page, "code page")

    signal = Signal.objects.get(description__startswith="Stichting zonder")
    assert signal.anonymous and signal.reporter is None
    services.handler_message(
        signal, "Welke stichting bedoelt u?", fresh_demo.objects["user_coordinator"]
    )

    page.get_by_role("link", name="Naar de antwoorden op uw signaal").click()
    check(page, "code form")
    page.get_by_label("Uw code").fill("ZZZZZ-ZZZZZ-ZZZZZ-ZZZZZ")
    page.get_by_role("button", name="Antwoorden lezen").click()
    assert page.get_by_text("Deze code is onbekend").first.is_visible()
    page.get_by_label("Uw code").fill(code)
    page.get_by_role("button", name="Antwoorden lezen").click()
    assert page.get_by_text("Welke stichting bedoelt u?").is_visible()
    check(page, "dialogue")
    page.get_by_label("Aanvulling of vraag").fill("Stichting Groen Licht, Dorpsstraat 1.")
    page.get_by_role("button", name="Aanvulling versturen").click()
    assert page.get_by_text("Uw aanvulling is verstuurd.").is_visible()
    assert page.get_by_text("Stichting Groen Licht, Dorpsstraat 1.").is_visible()
    check(page, "dialogue after adding")
    assert signal.messages.filter(from_reporter=True).count() == 1


def login(page, base: str, email: str, password: str) -> None:
    from tests.browser_login import log_in

    log_in(page, base, email, password)
    page.wait_for_url(f"{base}/o/voorbeeld/")


def test_handler_pages_are_accessible(browser, live_server, fresh_demo):
    base = live_server.url
    incident = fresh_demo.objects["incident_contacted"]
    signal = fresh_demo.objects["signal_in_progress"]
    visits = {
        "actiehouder": [
            "incidenten/",
            f"incidenten/{incident.pk}/",
            f"incidenten/{incident.pk}/aangifte/",
            f"incidenten/{incident.pk}/brief/",
            "incidenten/nieuw/",
        ],
        "secretaris": ["incidenten/cijfers/", "incidenten/instellingen/"],
        "coordinator": ["signalen/", f"signalen/{signal.pk}/", "signalen/nieuw/"],
    }
    for who, paths in visits.items():
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")
        page = context.new_page()
        login(page, base, f"{who}@voorbeeld.demo", f"demo-{who}")
        for path in paths:
            page.goto(f"{base}/o/voorbeeld/{path}")
            assert page.locator("h1").count() == 1, path
            check(page, f"{who}: {path}")
        context.close()
