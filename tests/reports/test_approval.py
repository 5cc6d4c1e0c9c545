"""Publishing: preview and completeness check, offer, approval by the approving role, sending
back, withdrawal as a new version; lezers only ever see approved versions."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from weerbaar.audit.context import acting_as
from weerbaar.audit.models import AuditEvent
from weerbaar.reports import approval, files, render
from weerbaar.reports.completeness import completeness
from weerbaar.reports.models import ReportVersion, Step, VersionDecision, VersionKind
from weerbaar.reports.services import get_or_create_report

pytestmark = pytest.mark.django_db

FAKE_PDF = b"%PDF-1.7 fake for the tests"


@pytest.fixture(autouse=True)
def quick_pdf(monkeypatch):
    """Approval stores every format; WeasyPrint's real PDF is tested in test_formats."""
    monkeypatch.setattr(render, "render_pdf", lambda *args, **kwargs: FAKE_PDF)


@pytest.fixture
def new_scan(voorbeeld, baseline_scan):
    from weerbaar.scans.services import create_scan

    return create_scan(
        organisation=voorbeeld,
        title="Herhaalmeting",
        library_version=baseline_scan.library_version,
        period_start=baseline_scan.period_start,
        period_end=baseline_scan.period_end,
    )


def offer(client, report, **extra):
    data = {"revision": report.revision, "gaps_seen": "on", "confirmed": "on", **extra}
    return client.post(reverse("reports:publish", args=["voorbeeld", report.pk]), data)


def newest(scan) -> ReportVersion:
    return approval.with_state(ReportVersion.objects.filter(scan=scan)).order_by("-number")[0]


def version_url(version, name="version") -> str:
    return reverse(f"reports:{name}", args=["voorbeeld", version.pk])


# --- completeness ------------------------------------------------------------------------


def test_completeness_lists_what_an_empty_scan_lacks(new_scan, user_for):
    from weerbaar.surveys.models import Questionnaire
    from weerbaar.surveys.services import create_survey

    questionnaire = Questionnaire.objects.filter(organisation=None).first()
    create_survey(scan=new_scan, questionnaire=questionnaire, title="Medewerkers 2027")
    report = get_or_create_report(new_scan, user_for("coordinator"))
    gaps = {g.kind: g for g in completeness(new_scan, report)}
    assert set(gaps) == {"verdicts", "norms", "surveys", "processes", "functions"}
    total = len(new_scan.framework.dimensions_and_themes)
    assert gaps["verdicts"].message.startswith(f"{total} van {total} dimensies")
    assert len(gaps["verdicts"].details) == total
    assert gaps["norms"].message.startswith(f"0 van {len(new_scan.framework.norms)} normen")
    assert gaps["surveys"].details == ["Medewerkers 2027 (In voorbereiding)"]


def test_a_written_verdict_fills_the_gap(new_scan, user_for):
    from weerbaar.reports.services import DraftInput, save_draft

    report = get_or_create_report(new_scan, user_for("coordinator"))
    first = new_scan.framework.dimensions_and_themes[0]["id"]
    before = next(g for g in completeness(new_scan, report) if g.kind == "verdicts")
    report = save_draft(
        report,
        DraftInput(sections={first: {"verdict_level": "beperkt"}}),
        revision=report.revision,
    )
    after = next(g for g in completeness(new_scan, report) if g.kind == "verdicts")
    assert len(after.details) == len(before.details) - 1


# --- offering for approval ---------------------------------------------------------------


def test_publish_page_shows_preview_and_what_is_missing(client_for, new_scan, user_for):
    report = get_or_create_report(new_scan, user_for("coordinator"))
    page = client_for("coordinator").get(reverse("reports:publish", args=["voorbeeld", report.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Dit ontbreekt nog in het rapport" in body
    assert "Het register van kwetsbare processen is leeg." in body
    assert "Voorbeeld van het rapport" in body
    assert "Ter vaststelling aanbieden" in body
    assert not ReportVersion.objects.filter(scan=new_scan).exists()  # a look freezes nothing


def test_offering_without_confirmation_is_explained_on_the_same_page(
    client_for, new_scan, user_for
):
    report = get_or_create_report(new_scan, user_for("coordinator"))
    c = client_for("coordinator")
    response = offer(c, report, confirmed="", gaps_seen="")
    assert response.status_code == 400
    body = response.content.decode()
    assert "Bevestig dat u het concept hebt bekeken." in body
    assert "Dit ontbreekt nog in het rapport" in body
    response = offer(c, report, gaps_seen="")
    assert response.status_code == 400
    assert "Het rapport is nog niet volledig." in response.content.decode()
    assert not ReportVersion.objects.filter(scan=new_scan).exists()


def test_offering_a_draft_changed_since_the_preview_is_refused(client_for, demo_report):
    before = ReportVersion.objects.filter(scan=demo_report.scan).count()
    response = offer(client_for("coordinator"), demo_report, revision=demo_report.revision - 1)
    assert response.status_code == 400
    assert "Het concept is gewijzigd nadat u het bekeek." in response.content.decode()
    assert ReportVersion.objects.filter(scan=demo_report.scan).count() == before


def test_offer_freezes_a_version_waiting_for_approval(client_for, demo_report, demo_version):
    response = offer(client_for("coordinator"), demo_report)
    assert response.status_code == 302
    version = newest(demo_report.scan)
    assert version.number == demo_version.number + 1
    assert version.state == Step.SUBMITTED
    submitted = version.decisions.get()
    assert submitted.decided_by.email == "coordinator@voorbeeld.demo"
    assert isinstance(submitted.gaps, list)


def test_only_the_coordinator_may_offer(client_for, demo_report):
    for role in ("lezer", "secretaris"):
        assert offer(client_for(role), demo_report).status_code == 403, role


# --- who sees what ------------------------------------------------------------------------


def test_lezer_never_sees_a_version_that_is_not_approved(client_for, demo_report, demo_version):
    offer(client_for("coordinator"), demo_report)
    pending = newest(demo_report.scan)
    lezer = client_for("lezer")
    assert lezer.get(version_url(pending)).status_code == 404
    html = reverse("reports:version_download", args=["voorbeeld", pending.pk, "html"])
    assert lezer.get(html).status_code == 404
    listing = lezer.get(reverse("reports:versions", args=["voorbeeld"])).content.decode()
    assert version_url(pending) not in listing
    assert version_url(demo_version) in listing
    scan_page = reverse("reports:scan_report", args=["voorbeeld", demo_report.scan_id])
    assert version_url(pending) not in lezer.get(scan_page).content.decode()
    scan_detail = reverse("scans:detail", args=["voorbeeld", demo_report.scan_id])
    assert version_url(pending) not in lezer.get(scan_detail).content.decode()
    # The coordinator and the approver do see it, with its state.
    for role in ("coordinator", "secretaris"):
        page = client_for(role).get(version_url(pending))
        assert page.status_code == 200, role
        assert "wacht op vaststelling" in page.content.decode()


def test_approval_makes_the_version_visible_to_lezers(client_for, demo_report):
    offer(client_for("coordinator"), demo_report)
    pending = newest(demo_report.scan)
    assert client_for("coordinator").post(version_url(pending, "approve")).status_code == 403
    response = client_for("secretaris").post(version_url(pending, "approve"))
    assert response.status_code == 302
    assert newest(demo_report.scan).state == Step.APPROVED
    page = client_for("lezer").get(version_url(pending))
    assert page.status_code == 200
    assert "Vastgestelde versie" in page.content.decode()


def test_an_approved_version_is_served_from_its_stored_file(
    client_for, demo_report, report_storage
):
    offer(client_for("coordinator"), demo_report)
    pending = newest(demo_report.scan)
    client_for("secretaris").post(version_url(pending, "approve"))
    stored = {p.suffix: p for p in report_storage.rglob(f"*{pending.content_hash}.nl.*")}
    assert set(stored) == {".html", ".pdf", ".docx"}
    assert stored[".pdf"].read_bytes() == FAKE_PDF
    # What is served is the stored file, not a new rendering.
    stored[".html"].write_bytes(b"<!DOCTYPE html><p>zoals vastgesteld</p>")
    html = reverse("reports:version_download", args=["voorbeeld", pending.pk, "html"])
    assert client_for("lezer").get(html).content == b"<!DOCTYPE html><p>zoals vastgesteld</p>"


def test_the_approving_role_is_configurable(client_for, voorbeeld, demo_report, user_for):
    page = reverse("reports:approval_policy", args=["voorbeeld"])
    assert client_for("lezer").get(page).status_code == 403
    assert client_for("secretaris").post(page, {"approver_role": "coordinator"}).status_code == 403
    c = client_for("coordinator")
    bad = c.post(page, {"approver_role": "lezer"})
    assert bad.status_code == 400
    assert "Selecteer een geldige keuze" in bad.content.decode()
    assert c.post(page, {"approver_role": "coordinator"}).status_code == 302
    assert approval.approver_role(voorbeeld) == "coordinator"
    offer(c, demo_report)
    pending = newest(demo_report.scan)
    # The secretaris no longer approves; the coordinator may not approve what they offered.
    assert client_for("secretaris").post(version_url(pending, "approve")).status_code == 403
    response = c.post(version_url(pending, "approve"))
    assert response.status_code == 400
    assert "iemand anders moet haar vaststellen" in response.content.decode()
    assert newest(demo_report.scan).state == Step.SUBMITTED


def test_the_default_approver_is_the_secretaris(voorbeeld, user_for):
    assert approval.approver_role(voorbeeld) == "gemeentesecretaris"
    assert approval.can_approve(user_for("secretaris"), voorbeeld)
    assert not approval.can_approve(user_for("coordinator"), voorbeeld)
    assert not approval.can_approve(user_for("lezer"), voorbeeld)


# --- sending back and withdrawing --------------------------------------------------------


def test_sending_back_needs_a_reason_and_keeps_it_from_lezers(client_for, demo_report):
    offer(client_for("coordinator"), demo_report)
    pending = newest(demo_report.scan)
    s = client_for("secretaris")
    response = s.post(version_url(pending, "send_back"), {"note": "  "})
    assert response.status_code == 400
    assert "Schrijf waarom u de versie terugstuurt." in response.content.decode()
    assert (
        s.post(version_url(pending, "send_back"), {"note": "Hoofdstuk 3 ontbreekt"}).status_code
        == 302
    )
    version = newest(demo_report.scan)
    assert version.state == Step.RETURNED
    assert client_for("lezer").get(version_url(version)).status_code == 404
    # A returned version cannot be approved afterwards.
    response = s.post(version_url(version, "approve"))
    assert response.status_code == 400
    assert "wacht niet (meer) op vaststelling" in response.content.decode()


def test_a_new_offer_supersedes_the_pending_one(demo_report, user_for):
    coordinator = user_for("coordinator")
    first = approval.submit(demo_report, coordinator, revision=demo_report.revision, gaps_seen=True)
    second = approval.submit(
        demo_report, coordinator, revision=demo_report.revision, gaps_seen=True
    )
    assert approval.state_of(first) == Step.RETURNED
    assert approval.state_of(second) == Step.SUBMITTED
    assert "Vervangen door versie" in first.decisions.order_by("-pk").first().note


def test_withdrawal_is_a_new_version_and_deletes_nothing(client_for, demo_report, demo_version):
    s = client_for("secretaris")
    url = version_url(demo_version, "withdraw")
    response = s.post(url, {"note": ""})
    assert response.status_code == 400
    assert "Schrijf waarom de versie wordt ingetrokken." in response.content.decode()
    response = s.post(url, {"note": "Onjuiste cijfers in hoofdstuk 2"})
    assert response.status_code == 302
    withdrawal = newest(demo_report.scan)
    assert withdrawal.kind == VersionKind.WITHDRAWAL
    assert withdrawal.number == demo_version.number + 1
    assert withdrawal.withdraws_id == demo_version.pk
    assert withdrawal.note == "Onjuiste cijfers in hoofdstuk 2"
    assert ReportVersion.objects.filter(pk=demo_version.pk).exists()
    assert approval.state_of(demo_version) == Step.WITHDRAWN
    lezer = client_for("lezer")
    old = lezer.get(version_url(demo_version)).content.decode()
    assert "is ingetrokken en geldt niet meer" in old
    notice = lezer.get(version_url(withdrawal)).content.decode()
    assert "Onjuiste cijfers in hoofdstuk 2" in notice
    listing = lezer.get(reverse("reports:versions", args=["voorbeeld"])).content.decode()
    assert f"intrekking van versie {demo_version.number}" in listing
    # Withdrawn twice is refused; a withdrawal has no downloads.
    assert s.post(url, {"note": "Nogmaals"}).status_code == 400
    pdf = reverse("reports:version_download", args=["voorbeeld", withdrawal.pk, "pdf"])
    assert lezer.get(pdf).status_code == 404


def test_only_the_approver_withdraws(client_for, demo_version):
    url = version_url(demo_version, "withdraw")
    for role in ("coordinator", "lezer"):
        assert client_for(role).post(url, {"note": "Weg"}).status_code in (403, 404), role


def test_the_previous_scan_comparison_skips_a_withdrawn_version(demo_version, user_for):
    from weerbaar.reports.collect.previous import _last_version

    assert _last_version(demo_version.scan) == demo_version
    approval.withdraw(demo_version, user_for("secretaris"), "Fout")
    assert _last_version(demo_version.scan) is None


# --- audit and immutability ---------------------------------------------------------------


def test_every_step_is_audited(demo_report, user_for):
    coordinator, secretaris = user_for("coordinator"), user_for("secretaris")
    with acting_as(coordinator):
        version = approval.submit(
            demo_report, coordinator, revision=demo_report.revision, gaps_seen=True
        )
    with acting_as(secretaris):
        approval.approve(version, secretaris)
    with acting_as(secretaris):
        approval.withdraw(version, secretaris, "Vervangen")
    events = AuditEvent.objects.filter(
        organisation=demo_report.scan.organisation, object_type__icontains="versiondecision"
    )
    steps = [(e.actor, e.after.get("step")) for e in events.order_by("pk")]
    assert (coordinator, "submitted") in steps
    assert (secretaris, "approved") in steps
    assert (secretaris, "withdrawn") in steps


def test_decisions_are_append_only(demo_version):
    decision = demo_version.decisions.first()
    decision.note = "Anders"
    with pytest.raises(ValidationError):
        decision.save()
    with pytest.raises(ValidationError):
        decision.delete()
    with pytest.raises(ValidationError):
        VersionDecision.objects.filter(pk=decision.pk).update(note="Anders")


def test_services_refuse_users_without_the_role(demo_report, user_for):
    coordinator = user_for("coordinator")
    version = approval.submit(
        demo_report, coordinator, revision=demo_report.revision, gaps_seen=True
    )
    with pytest.raises(PermissionDenied):
        approval.approve(version, user_for("lezer"))
    with pytest.raises(PermissionDenied):
        approval.send_back(version, coordinator, "Nee")


def test_files_read_renders_a_missing_file_once(demo_version, report_storage):
    first = files.read(demo_version, "html", "nl")
    assert list(report_storage.rglob(f"*{demo_version.content_hash}.nl.html"))
    assert files.read(demo_version, "html", "nl") == first


def test_the_decision_page_says_who_decides(client_for, demo_version):
    page = client_for("coordinator").get(version_url(demo_version, "withdraw"))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Alleen de gemeentesecretaris kan hierover besluiten." in body
    assert "<textarea" not in body
    form = client_for("secretaris").get(version_url(demo_version, "withdraw")).content.decode()
    assert "<textarea" in form


def test_settings_page_links_to_the_approving_role(client_for):
    page = client_for("coordinator").get(reverse("organisations:settings", args=["voorbeeld"]))
    assert reverse("reports:approval_policy", args=["voorbeeld"]) in page.content.decode()


def test_two_versions_with_the_same_content_never_share_a_stored_file(demo_version):
    """The file prints its own version number, so a re-issued identical snapshot gets its own."""
    twin = ReportVersion(pk=demo_version.pk + 1000, scan=demo_version.scan)
    twin.content_hash = demo_version.content_hash
    assert files.storage_name(twin, "pdf", "nl") != files.storage_name(demo_version, "pdf", "nl")
