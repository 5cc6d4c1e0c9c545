"""The HTML report passes an axe-core check (WCAG 2 A/AA) in headless Chromium."""

from __future__ import annotations

import os

import pytest

from weerbaar.reports import render
from weerbaar.reports.models import ReportVersion

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


@pytest.mark.browser
@pytest.mark.django_db
@pytest.mark.parametrize("language", ["nl", "en"])
def test_html_report_has_no_wcag_a_or_aa_violations(tmp_path, language):
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import sync_playwright

    version = ReportVersion.objects.filter(scan__organisation__slug="voorbeeld").first()
    path = tmp_path / "rapport.html"
    path.write_text(render.render_html(version.snapshot, language), encoding="utf-8")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.goto(path.as_uri())
            assert page.locator("h1").count() == 1
            assert page.locator("svg[role=img] title").count() >= 5
            results = Axe().run(page, options={"runOnly": ["wcag2a", "wcag2aa"]})
        finally:
            browser.close()
    violations = results.response["violations"]
    assert violations == [], results.generate_report()


@pytest.mark.browser
@pytest.mark.django_db
@pytest.mark.parametrize(
    "role, page_name",
    [
        ("lezer", "version"),
        ("lezer", "scan_report"),
        ("lezer", "versions"),
        ("coordinator", "draft"),
        ("coordinator", "edit"),
    ],
)
def test_report_pages_in_the_app_have_no_wcag_violations(client_for, role, page_name):
    """The pages as the app serves them (layout, toolbar, forms), checked as static DOM."""
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from axe_playwright_python.sync_playwright import Axe
    from django.urls import reverse
    from playwright.sync_api import sync_playwright

    from weerbaar.reports.models import Report

    version = ReportVersion.objects.filter(scan__organisation__slug="voorbeeld").first()
    report = Report.objects.get(pk=version.report_id)
    url = {
        "version": reverse("reports:version", args=["voorbeeld", version.pk]),
        "draft": reverse("reports:draft", args=["voorbeeld", report.pk]),
        "edit": reverse("reports:edit", args=["voorbeeld", report.pk]),
        "scan_report": reverse("reports:scan_report", args=["voorbeeld", version.scan_id]),
        "versions": reverse("reports:versions", args=["voorbeeld"]),
    }[page_name]
    response = client_for(role).get(url)
    assert response.status_code == 200
    html = response.content.decode()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.set_content(html)
            results = Axe().run(page, options={"runOnly": ["wcag2a", "wcag2aa"]})
        finally:
            browser.close()
    assert results.response["violations"] == [], results.generate_report()
