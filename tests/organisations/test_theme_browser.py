"""In a browser: the coördinator sets a colour and a logo, and the pages show them."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from tests.accessibility import axe_violations, describe
from tests.factories import client_for_user
from tests.organisations.test_theme import png_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SEVERE = {"serious", "critical"}


def logged_in_page(browser, live_server, email: str, width: int = 1280):
    from django.contrib.auth import get_user_model

    client = client_for_user(get_user_model().objects.get(email=email))
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="nl-NL")
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    return page, errors


def severe(page) -> list[dict]:
    return [v for v in axe_violations(page) if v["impact"] in SEVERE]


def test_a_colour_and_logo_set_by_the_coordinator_reach_the_pages(
    browser, live_server, fresh_demo, tmp_path
):
    page, errors = logged_in_page(browser, live_server, "coordinator@voorbeeld.demo")
    theme_url = live_server.url + reverse("organisations:theme", kwargs={"org": "voorbeeld"})
    page.goto(theme_url)
    assert not severe(page), describe(severe(page))

    # Too little contrast: refused on the same page, the input kept.
    page.get_by_label("Hoofdkleur").fill("#f5c400")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.get_by_label("Hoofdkleur").input_value() == "#f5c400"
    assert page.locator("#form-errors").is_visible()
    assert "te weinig contrast" in page.locator("#form-errors").inner_text()

    logo = tmp_path / "logo.png"
    logo.write_bytes(png_bytes(8))
    page.get_by_label("Hoofdkleur").fill("#0b6e4f")
    page.get_by_label("Logo", exact=True).set_input_files(str(logo))
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert "De huisstijl is opgeslagen" in page.locator(".messages").inner_text()

    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(live_server.url + reverse("scans:organisation", kwargs={"org": "voorbeeld"}))
        header_bg = page.eval_on_selector(
            ".site-header", "el => getComputedStyle(el).backgroundColor"
        )
        assert header_bg == "rgb(11, 110, 79)"
        button_bg = page.evaluate(
            "getComputedStyle(document.documentElement)"
            ".getPropertyValue('--utrecht-button-primary-action-background-color').trim()"
        )
        assert button_bg == "#0b6e4f"
        logo_loaded = page.eval_on_selector(
            ".brand-logo", "img => img.complete && img.naturalWidth === 8"
        )
        assert logo_loaded
        assert not severe(page), describe(severe(page))
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0
    assert not errors, errors

    # Someone of another organisation keeps the neutral default theme.
    other, _ = logged_in_page(browser, live_server, "coordinator@oosterveld.demo")
    other.goto(live_server.url + reverse("home"))
    other_bg = other.eval_on_selector(".site-header", "el => getComputedStyle(el).backgroundColor")
    assert other_bg != "rgb(11, 110, 79)"


def test_the_default_theme_uses_the_shipped_font(browser, live_server, fresh_demo):
    page, errors = logged_in_page(browser, live_server, "lezer@voorbeeld.demo", width=375)
    page.goto(live_server.url + reverse("scans:organisation", kwargs={"org": "voorbeeld"}))
    page.evaluate("document.fonts.ready")
    assert page.evaluate("document.fonts.check('16px \"Noto Sans\"')")
    loaded = page.evaluate(
        "[...document.fonts].filter(f => f.family.includes('Noto Sans') "
        "&& f.status === 'loaded').length"
    )
    assert loaded >= 1
    family = page.eval_on_selector("body", "el => getComputedStyle(el).fontFamily")
    assert family.startswith('"Noto Sans"')
    assert not errors, errors
