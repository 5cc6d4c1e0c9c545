"""The self-assessment in a real browser: htmx saving, upload refusal, accessibility."""

from __future__ import annotations

import os
import shutil

import pytest

from tests.browser_login import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


@pytest.fixture
def page(evidence_storage):
    from playwright.sync_api import sync_playwright

    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    executable = shutil.which("chromium") or "/usr/bin/chromium"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")
        yield context.new_page()
        context.close()
        browser.close()


def violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    result = Axe().run(
        page,
        options={
            "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}
        },
    )
    return [
        f"{v['id']}: {v['help']} ({', '.join(n['target'][0] for n in v['nodes'][:3])})"
        for v in result.response["violations"]
    ]


def test_coordinator_fills_in_the_self_assessment(page, live_server, fresh_demo, tmp_path):
    scan = fresh_demo.objects["scan_baseline"]
    base = live_server.url
    log_in(page, base, "coordinator@voorbeeld.demo", "demo-coordinator")
    page.wait_for_url(f"{base}/o/voorbeeld/")

    root = f"{base}/o/voorbeeld/scans/{scan.pk}"
    page.goto(f"{root}/zelfevaluatie/")
    assert page.get_by_role("heading", name="Volwassenheid per RIEC-pijler").is_visible()
    assert not violations(page), violations(page)

    page.goto(f"{root}/zelfevaluatie/D3/")
    assert not violations(page), violations(page)
    card = page.locator("#card-i-D3a-N4")
    card.get_by_label("Bevinding").fill("Afdelingen wisselen nu maandelijks signalen uit.")
    card.get_by_label("Status").select_option("voldoet_deels")
    card.get_by_role("button", name="Opslaan").click()
    page.locator("#card-i-D3a-N4").get_by_text("Opgeslagen.").wait_for()

    # A renamed web page is refused in place, without a page load.
    fake = tmp_path / "notulen.pdf"
    fake.write_text("<html><body>geen pdf</body></html>")
    card = page.locator("#card-i-D3a-N4")
    card.get_by_text("Bewijs toevoegen").click()
    card.get_by_label("Bewijsstuk (PDF, DOCX, ODT of XLSX, maximaal 20 MB)").set_input_files(
        str(fake)
    )
    card.get_by_role("button", name="Document uploaden").click()
    page.locator("#card-i-D3a-N4").get_by_text("webpagina", exact=False).first.wait_for()

    page.goto(f"{root}/aanbevelingen/")
    assert not violations(page), violations(page)
