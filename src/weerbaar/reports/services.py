"""Drafting and publishing reports (rapport opstellen en publiceren)."""

from __future__ import annotations

import json
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from .collect import collect_report_data
from .data import VERDICT_LEVELS, canonical_json, content_hash
from .models import Report, ReportVersion
from .structure import structure_for


def get_or_create_report(scan, user=None) -> Report:
    report, _created = Report.objects.get_or_create(scan=scan, defaults={"updated_by": user})
    return report


@dataclass
class DraftInput:
    """What the coordinator edits (concepttekst)."""

    title: str = ""
    subtitle: str = ""
    place_date: str = ""
    summary: str = ""
    conclusions: str = ""
    sections: dict | None = None  # {chapter id: {"verdict_level", "verdict", "findings"}}
    own_recommendations: list[str] | None = None
    # {"parts": {id: {"verdict_level", "answer"}}, "sub_questions": {id: text},
    #  "recommendation_themes": {key: theme}}; None keeps the stored answers
    structure: dict | None = None


class StaleDraft(ValidationError):
    """Someone else saved the draft after this edit was started (nothing is overwritten)."""


def checked_structure(report: Report, value: dict) -> dict:
    """The answers to the research questions, cleaned; unknown ids or levels raise."""
    library = structure_for(report.scan)
    part_ids = {p["id"] for p in library["central_question"]["parts"]}
    question_ids = {q["id"] for t in library["themes"] for q in t["sub_questions"]}
    theme_ids = {t["id"] for t in library["themes"]}
    parts = {}
    for part_id, part in (value.get("parts") or {}).items():
        level = (part or {}).get("verdict_level") or ""
        if part_id not in part_ids or (level and level not in VERDICT_LEVELS):
            raise ValidationError(
                _("Onbekend deel van de hoofdvraag of oordeel: %(id)s") % {"id": part_id}
            )
        parts[part_id] = {
            "verdict_level": level,
            "answer": str((part or {}).get("answer") or "").strip(),
        }
    answers = {}
    for q_id, answer in (value.get("sub_questions") or {}).items():
        if q_id not in question_ids:
            raise ValidationError(_("Onbekende deelvraag: %(id)s") % {"id": q_id})
        answers[q_id] = str(answer or "").strip()
    themes = {}
    for key, theme in (value.get("recommendation_themes") or {}).items():
        if theme and theme not in theme_ids:
            raise ValidationError(_("Onbekend thema: %(theme)s") % {"theme": theme})
        if theme:
            themes[str(key)] = theme
    return {"parts": parts, "sub_questions": answers, "recommendation_themes": themes}


def save_draft(report: Report, data: DraftInput, *, revision: int, user=None) -> Report:
    """Save the draft texts; refused when the draft changed since ``revision`` was read."""
    valid_chapters = {d["id"] for d in report.scan.framework.dimensions_and_themes}
    sections = {}
    for chapter_id, value in (data.sections or {}).items():
        if chapter_id not in valid_chapters:
            raise ValidationError(_("Onbekende dimensie of thema: %(id)s") % {"id": chapter_id})
        level = (value or {}).get("verdict_level") or ""
        if level and level not in VERDICT_LEVELS:
            raise ValidationError(_("Onbekend oordeel: %(level)s") % {"level": level})
        sections[chapter_id] = {
            "verdict_level": level,
            "verdict": str((value or {}).get("verdict") or "").strip(),
            "findings": str((value or {}).get("findings") or "").strip(),
        }
    structure = None if data.structure is None else checked_structure(report, data.structure)
    with transaction.atomic():
        current = Report.objects.select_for_update().get(pk=report.pk)
        if current.revision != revision:
            raise StaleDraft(
                _(
                    "Iemand anders heeft het concept intussen opgeslagen. Uw tekst is hieronder "
                    "bewaard; kopieer wat u wilt houden en laad de pagina opnieuw."
                )
            )
        current.title = data.title.strip()
        current.subtitle = data.subtitle.strip()
        current.place_date = data.place_date.strip()
        current.summary = data.summary.strip()
        current.conclusions = data.conclusions.strip()
        current.sections = sections
        current.own_recommendations = [
            t.strip() for t in (data.own_recommendations or []) if t and t.strip()
        ]
        if structure is not None:
            current.structure = structure
        current.revision = revision + 1
        current.updated_by = user
        current.save()
    return current


def normalised_snapshot(data: dict) -> dict:
    """The snapshot as it reads back from JSON (lists, string keys), so its hash is stable."""
    return json.loads(canonical_json(data))


def next_version_number(scan) -> int:
    return (ReportVersion.objects.filter(scan=scan).aggregate(m=Max("number"))["m"] or 0) + 1


def publish(report: Report, user=None) -> ReportVersion:
    """Freeze the report as a new numbered version (publiceren): snapshot, hash, versions."""
    from weerbaar.scans.models import Scan

    with transaction.atomic():
        # Lock the scan row so that two publications never get the same number.
        scan = (
            Scan.objects.select_for_update()
            .select_related("organisation", "library_version")
            .get(pk=report.scan_id)
        )
        data = collect_report_data(scan, report)
        snapshot = normalised_snapshot(data.to_json())
        version = ReportVersion(
            report=report,
            scan=scan,
            number=next_version_number(scan),
            title=data.title[:300],
            content_hash=content_hash(snapshot),
            library_version=data.library_version[:64],
            data_version=data.data_version,
            language=data.language,
            snapshot=snapshot,
            published_at=timezone.now(),
            published_by=user,
        )
        version.save()
        # The draft records the publication too, so the audit log shows who published what.
        report.updated_by = user
        report.last_published = version.number
        report.save(update_fields=["updated_by", "last_published", "updated_at"])
    return version


def published_versions(organisation):
    return (
        ReportVersion.objects.filter(scan__organisation=organisation)
        .select_related("scan", "withdraws")
        .defer("snapshot", "withdraws__snapshot")
    )


def verify(version: ReportVersion) -> bool:
    """Whether the stored snapshot still matches its content hash."""
    return content_hash(version.snapshot) == version.content_hash
