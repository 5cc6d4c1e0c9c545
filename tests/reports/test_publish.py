"""Publishing freezes a version: immutable, numbered, hashed; later data never alters it."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from weerbaar.reports import render
from weerbaar.reports.data import content_hash
from weerbaar.reports.models import ReportVersion
from weerbaar.reports.services import (
    DraftInput,
    StaleDraft,
    publish,
    save_draft,
    verify,
)

pytestmark = pytest.mark.django_db


def test_demo_scan_has_a_published_version(demo_version, baseline_scan):
    assert demo_version is not None
    assert demo_version.number == 1
    assert demo_version.library_version == baseline_scan.library_version.version
    assert demo_version.data_version
    assert demo_version.content_hash == content_hash(demo_version.snapshot)
    assert verify(demo_version)


def test_versions_are_numbered_per_scan(demo_report, user_for):
    v2 = publish(demo_report, user_for("coordinator"))
    v3 = publish(demo_report, user_for("coordinator"))
    assert (v2.number, v3.number) == (2, 3)
    assert v2.published_by == user_for("coordinator")


def test_a_published_version_refuses_updates_and_deletes(demo_version):
    demo_version.title = "Anders"
    with pytest.raises(ValidationError):
        demo_version.save()
    with pytest.raises(ValidationError):
        ReportVersion.objects.filter(pk=demo_version.pk).update(title="Anders")
    with pytest.raises(ValidationError):
        demo_version.delete()
    with pytest.raises(ValidationError):
        ReportVersion.objects.filter(pk=demo_version.pk).delete()
    fresh = ReportVersion.objects.get(pk=demo_version.pk)
    assert fresh.title != "Anders"


def test_later_data_change_never_alters_a_published_version(
    demo_report, demo_version, baseline_scan, user_for
):
    before_snapshot = demo_version.snapshot
    before_html = render.render_html(demo_version.snapshot)
    # Change the data behind the report: a register entry, an assessment and the draft text.
    process = baseline_scan.process_entries.first()
    process.own_name = "Gewijzigd proces na publicatie"
    process.save()
    item = baseline_scan.assessment_items.first()
    item.finding = "Nieuwe bevinding na publicatie"
    item.save()
    save_draft(
        demo_report,
        DraftInput(title="Nieuwe titel", summary="Nieuwe samenvatting"),
        revision=demo_report.revision,
        user=user_for("coordinator"),
    )
    stored = ReportVersion.objects.get(pk=demo_version.pk)
    assert stored.snapshot == before_snapshot
    assert verify(stored)
    html = render.render_html(stored.snapshot)
    assert html == before_html
    assert "Gewijzigd proces na publicatie" not in html
    assert "Nieuwe titel" not in html
    # ... while a new publication does show the new data, under a new number and hash.
    demo_report.refresh_from_db()
    new = publish(demo_report, user_for("coordinator"))
    assert new.number == stored.number + 1
    assert new.content_hash != stored.content_hash
    assert "Gewijzigd proces na publicatie" in render.render_html(new.snapshot)


def test_stale_draft_is_refused_and_nothing_is_overwritten(demo_report, user_for):
    rev = demo_report.revision
    save_draft(
        demo_report, DraftInput(summary="Eerste"), revision=rev, user=user_for("coordinator")
    )
    with pytest.raises(StaleDraft):
        save_draft(demo_report, DraftInput(summary="Tweede"), revision=rev, user=None)
    demo_report.refresh_from_db()
    assert demo_report.summary == "Eerste"


def test_draft_rejects_unknown_chapter_and_verdict(demo_report):
    with pytest.raises(ValidationError):
        save_draft(demo_report, DraftInput(sections={"X9": {}}), revision=demo_report.revision)
    with pytest.raises(ValidationError):
        save_draft(
            demo_report,
            DraftInput(sections={"D1": {"verdict_level": "geweldig"}}),
            revision=demo_report.revision,
        )


def test_report_edits_are_audited(demo_report, user_for):
    from weerbaar.audit.models import AuditEvent

    before = AuditEvent.objects.count()
    save_draft(
        demo_report,
        DraftInput(summary="Met spoor"),
        revision=demo_report.revision,
        user=user_for("coordinator"),
    )
    assert AuditEvent.objects.count() > before


def test_publishing_is_in_the_audit_log(demo_report, user_for):
    from weerbaar.audit.context import acting_as
    from weerbaar.audit.models import AuditEvent

    coordinator = user_for("coordinator")
    with acting_as(coordinator):
        version = publish(demo_report, coordinator)
    event = AuditEvent.objects.filter(organisation=demo_report.scan.organisation).latest("pk")
    assert event.actor == coordinator
    assert event.after["last_published"] == version.number


def test_publishing_with_a_failing_source_freezes_no_version(monkeypatch, demo_report, user_for):
    """Publishing refuses when any source fails: no version says "could not be retrieved"."""
    import weerbaar.reports.collect.assessment as assessment

    def broken(*args, **kwargs):
        raise RuntimeError("self-assessment broken")

    monkeypatch.setattr(assessment, "pillar_maturity", broken)
    before = ReportVersion.objects.filter(scan=demo_report.scan).count()
    with pytest.raises(RuntimeError):
        publish(demo_report, user_for("coordinator"))
    assert ReportVersion.objects.filter(scan=demo_report.scan).count() == before
    demo_report.refresh_from_db()
    assert demo_report.last_published == before
