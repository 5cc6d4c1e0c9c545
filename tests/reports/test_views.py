"""Report pages: who sees drafts and versions, editing, publishing, downloads, scoping."""

from __future__ import annotations

import pytest
from django.urls import reverse

from weerbaar.reports.models import Report, ReportVersion

pytestmark = pytest.mark.django_db


def urls(report: Report, version: ReportVersion) -> dict[str, str]:
    org = report.scan.organisation.slug
    return {
        "scan_report": reverse("reports:scan_report", args=[org, report.scan_id]),
        "draft": reverse("reports:draft", args=[org, report.pk]),
        "edit": reverse("reports:edit", args=[org, report.pk]),
        "draft_html": reverse("reports:draft_download", args=[org, report.pk, "html"]),
        "versions": reverse("reports:versions", args=[org]),
        "version": reverse("reports:version", args=[org, version.pk]),
        "version_html": reverse("reports:version_download", args=[org, version.pk, "html"]),
    }


def test_lezer_sees_published_versions_only(client_for, demo_report, demo_version):
    u = urls(demo_report, demo_version)
    c = client_for("lezer")
    assert c.get(u["versions"]).status_code == 200
    page = c.get(u["version"])
    assert page.status_code == 200
    assert demo_version.title in page.content.decode()
    assert c.get(u["version_html"]).status_code == 200
    scan_page = c.get(u["scan_report"]).content.decode()
    assert u["draft"] not in scan_page
    for name in ("draft", "edit", "draft_html"):
        assert c.get(u[name]).status_code == 403, name
    assert c.post(reverse("reports:publish", args=["voorbeeld", demo_report.pk])).status_code == 403


@pytest.mark.parametrize("role", ["coordinator", "secretaris", "riec"])
def test_insiders_see_the_draft(client_for, role, demo_report, demo_version):
    u = urls(demo_report, demo_version)
    response = client_for(role).get(u["draft"])
    assert response.status_code == 200
    assert "Concept" in response.content.decode()


def test_secretaris_cannot_edit_or_publish(client_for, demo_report, demo_version):
    u = urls(demo_report, demo_version)
    c = client_for("secretaris")
    assert c.get(u["edit"]).status_code == 403
    assert c.post(reverse("reports:publish", args=["voorbeeld", demo_report.pk])).status_code == 403


def test_coordinator_edits_the_draft_in_the_browser(client_for, demo_report, demo_version):
    u = urls(demo_report, demo_version)
    c = client_for("coordinator")
    form = c.get(u["edit"])
    assert form.status_code == 200
    data = {
        "revision": demo_report.revision,
        "title": "Nieuwe titel",
        "summary": "Kort.",
        "D1__verdict_level": "voldoende",
        "D1__verdict": "Goed op orde.",
        "own_recommendations": "Eerste.\n\nTweede.",
    }
    response = c.post(u["edit"], data)
    assert response.status_code == 302
    demo_report.refresh_from_db()
    assert demo_report.title == "Nieuwe titel"
    assert demo_report.section("D1")["verdict_level"] == "voldoende"
    assert demo_report.own_recommendations == ["Eerste.", "Tweede."]
    draft = c.get(u["draft"]).content.decode()
    assert "Goed op orde." in draft


def test_stale_edit_keeps_the_typed_text_and_explains(client_for, demo_report, demo_version):
    u = urls(demo_report, demo_version)
    c = client_for("coordinator")
    data = {"revision": demo_report.revision - 1, "summary": "Mijn lange tekst die blijft"}
    response = c.post(u["edit"], data)
    assert response.status_code == 409
    body = response.content.decode()
    assert "Mijn lange tekst die blijft" in body
    assert "Iemand anders heeft het concept" in body


def test_bad_input_in_the_edit_form_is_explained_not_a_500(client_for, demo_report, demo_version):
    u = urls(demo_report, demo_version)
    response = client_for("coordinator").post(
        u["edit"], {"revision": "x", "D1__verdict_level": "onzin", "summary": "Bewaar mij"}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Bewaar mij" in body
    assert "field-error" in body or "alert-error" in body


def test_publish_creates_the_next_version(client_for, demo_report, demo_version):
    response = client_for("coordinator").post(
        reverse("reports:publish", args=["voorbeeld", demo_report.pk]),
        {"revision": demo_report.revision, "gaps_seen": "on", "confirmed": "on"},
    )
    assert response.status_code == 302
    newest = ReportVersion.objects.filter(scan=demo_report.scan).order_by("-number").first()
    assert newest.number == demo_version.number + 1


def test_unknown_download_format_is_a_404(client_for, demo_report, demo_version):
    c = client_for("coordinator")
    bad = reverse("reports:version_download", args=["voorbeeld", demo_version.pk, "xls"])
    assert c.get(bad).status_code == 404


def test_html_download_is_a_standalone_document(client_for, demo_report, demo_version):
    response = client_for("lezer").get(urls(demo_report, demo_version)["version_html"])
    assert response["Content-Disposition"].startswith("attachment;")
    body = response.content.decode()
    assert body.startswith("<!DOCTYPE html>")
    assert "<script" not in body
    assert demo_version.content_hash in body


def test_other_organisation_cannot_reach_the_report(client_for, demo_report, demo_version):
    c = client_for("oosterveld")
    for name, url in urls(demo_report, demo_version).items():
        assert c.get(url).status_code in (403, 404), name
    other_versions = reverse("reports:versions", args=["oosterveld"])
    assert demo_version.title not in c.get(other_versions).content.decode()


def test_scan_page_shows_the_report_card(client_for, baseline_scan):
    page = client_for("lezer").get(reverse("scans:detail", args=["voorbeeld", baseline_scan.pk]))
    assert page.status_code == 200
    assert (
        reverse("reports:scan_report", args=["voorbeeld", baseline_scan.pk])
        in page.content.decode()
    )


def test_coordinator_creates_a_report_for_a_new_scan(client_for, voorbeeld, baseline_scan):
    from weerbaar.scans.services import create_scan

    scan = create_scan(
        organisation=voorbeeld,
        title="Herhaalmeting",
        library_version=baseline_scan.library_version,
        period_start=baseline_scan.period_start,
        period_end=baseline_scan.period_end,
        previous_scan=baseline_scan,
    )
    c = client_for("coordinator")
    url = reverse("reports:scan_report", args=["voorbeeld", scan.pk])
    assert "Rapport opstellen" in c.get(url).content.decode()
    response = c.post(url)
    assert response.status_code == 302
    assert Report.objects.filter(scan=scan).exists()
    assert client_for("lezer").post(url).status_code == 403


def test_published_downloads_are_rendered_once_and_kept(
    client_for, demo_report, demo_version, report_storage
):
    url = urls(demo_report, demo_version)["version_html"]
    first = client_for("lezer").get(url).content
    cached = list(report_storage.rglob(f"*{demo_version.content_hash}.nl.html"))
    assert len(cached) == 1
    assert client_for("secretaris").get(url).content == first


def test_draft_download_is_marked_as_draft(client_for, demo_report, demo_version):
    body = client_for("coordinator").get(urls(demo_report, demo_version)["draft_html"])
    assert "Concept — niet gepubliceerd" in body.content.decode()


def test_report_page_follows_the_chosen_language(client_for, settings, demo_report, demo_version):
    c = client_for("lezer")
    c.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    body = c.get(urls(demo_report, demo_version)["version"]).content.decode()
    assert "Insight and awareness" in body
    assert "Contents" in body and "Recommendations" in body


def test_version_page_confirms_the_content_hash(client_for, demo_report, demo_version):
    body = client_for("lezer").get(urls(demo_report, demo_version)["version"]).content.decode()
    assert "komt overeen met de inhoudshash" in body
