"""Self-assessment (zelfevaluatie): what can be assessed, saving with optimistic locking, evidence.

Groups are the pages of the self-assessment: one per dimension or theme (its norms, with
their sub-elements) and one per RIEC pillar (its points of attention). Items are created on
their first save; until then an item is ``onbekend`` at version 0.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils.translation import gettext as _

from weerbaar.core.text import translate
from weerbaar.core.uploads import delete_file_on_commit
from weerbaar.scans.models import ScanStatus

from .evidence import check_evidence_file
from .models import (
    AssessmentConflict,
    AssessmentItem,
    AssessmentStatus,
    EvidenceDocument,
    EvidenceLink,
    ItemKind,
    SourceKind,
)

if TYPE_CHECKING:
    from weerbaar.scans.models import Scan


class UnknownItem(ValidationError):
    """The posted id is not a norm or pillar item of this scan's framework (or group)."""


@dataclass
class Group:
    """One page of the self-assessment: a dimension, theme or RIEC pillar."""

    id: str
    type: str  # "dimension", "theme" or "pillar"
    number: str
    name: Any
    description: Any
    sections: list[dict] = field(default_factory=list)  # [{"title", "items": [library item]}]

    @property
    def item_ids(self) -> list[str]:
        return [i["id"] for s in self.sections for i in s["items"]]


def groups(framework) -> list[Group]:
    out: list[Group] = []
    for d in framework.dimensions_and_themes:
        sections = []
        if d.get("norms"):
            sections.append({"id": d["id"], "title": None, "items": list(d["norms"])})
        for s in d.get("subelements", []):
            sections.append(
                {"id": s["id"], "title": s["name"], "code": s["code"], "items": list(s["norms"])}
            )
        out.append(Group(d["id"], d["type"], d["number"], d["name"], d.get("definition"), sections))
    for n, p in enumerate(framework.pillars, start=1):
        items = [{**i, "code": i["id"].split(".")[-1]} for i in p.get("items", [])]
        out.append(
            Group(
                p["id"],
                "pillar",
                str(n),
                p["name"],
                p.get("description"),
                [{"id": p["id"], "title": None, "items": items}],
            )
        )
    return out


def group_index(framework) -> dict[str, Group]:
    return {g.id: g for g in groups(framework)}


def item_kind(framework, item_id: str) -> str | None:
    if item_id in framework.norm_index:
        return ItemKind.NORM
    if item_id in framework.pillar_item_index:
        return ItemKind.PILLAR_ITEM
    return None


def item_label(framework, item_id: str) -> Any:
    """The bilingual title of a norm or the text of a pillar item."""
    norm = framework.norm_index.get(item_id)
    if norm:
        return norm["title"]
    pillar_item = framework.pillar_item_index.get(item_id)
    if pillar_item:
        return pillar_item["text"]
    return item_id


def saved_items(scan: Scan) -> dict[str, AssessmentItem]:
    return {
        i.item_id: i
        for i in scan.assessment_items.prefetch_related("links", "documents", "conflicts")
    }


def statuses(scan: Scan) -> dict[str, str]:
    """Status per item id, for every norm and pillar item (``onbekend`` when not saved)."""
    fw = scan.framework
    stored = dict(scan.assessment_items.values_list("item_id", "status"))
    ids = [n["id"] for n in fw.norms] + [i["id"] for i in fw.pillar_items]
    return {i: stored.get(i, AssessmentStatus.UNKNOWN) for i in ids}


def require_item(scan: Scan, item_id: str, group: Group | None = None) -> str:
    """The item's kind; raises :class:`UnknownItem` with a clear message otherwise."""
    kind = item_kind(scan.framework, item_id)
    if kind is None or (group is not None and item_id not in group.item_ids):
        raise UnknownItem(
            _("Onbekende norm of onderdeel „%(id)s”: dit hoort niet bij dit referentiekader.")
            % {"id": item_id[:80]},
            code="unknown_item",
        )
    return kind


def validate_status(status: str) -> str:
    if status not in AssessmentStatus.values:
        raise ValidationError(
            _(
                "Onbekende status „%(status)s”. Kies voldoet, voldoet deels, voldoet niet of "
                "onbekend."
            )
            % {"status": str(status)[:40]},
            code="unknown_status",
        )
    return status


def validate_sources(sources: list[str]) -> list[str]:
    """The source kinds in a fixed order without duplicates; an unknown kind raises."""
    unknown = [s for s in sources if s not in SourceKind.values]
    if unknown:
        raise ValidationError(
            _("Onbekende soort bron „%(source)s”.") % {"source": str(unknown[0])[:40]},
            code="unknown_source",
        )
    return [s for s in SourceKind.values if s in sources]


@dataclass
class SaveOutcome:
    item: AssessmentItem
    conflict: AssessmentConflict | None = None
    changed: bool = False


def get_or_create_item(scan: Scan, item_id: str) -> AssessmentItem:
    kind = require_item(scan, item_id)
    item, _created = AssessmentItem.objects.get_or_create(
        scan=scan, item_id=item_id, defaults={"kind": kind}
    )
    return item


def save_item(
    scan,
    item_id: str,
    *,
    status: str,
    finding: str,
    evidence_text: str,
    expected_version: int,
    user=None,
    group: Group | None = None,
    sources: list[str] | None = None,
) -> SaveOutcome:
    """Save a verdict, unless someone else saved the item since ``expected_version``.

    ``sources``: the kinds of source (:class:`SourceKind`) that support the verdict; None
    keeps the stored ones.

    On a conflict nothing stored is overwritten: the submitted text is kept as an
    :class:`AssessmentConflict` and returned with the (newer) stored item.
    """
    kind = require_item(scan, item_id, group)
    validate_status(status)
    checked_sources = None if sources is None else validate_sources(sources)
    with transaction.atomic():
        item, _created = AssessmentItem.objects.select_for_update().get_or_create(
            scan=scan, item_id=item_id, defaults={"kind": kind}
        )
        if item.lock_version != expected_version:
            conflict = AssessmentConflict.objects.create(
                item=item,
                based_on_version=expected_version,
                stored_version=item.lock_version,
                status=status,
                finding=finding,
                evidence_text=evidence_text,
                submitted_by=user if getattr(user, "is_authenticated", False) else None,
            )
            return SaveOutcome(item=item, conflict=conflict)
        new_sources = item.sources if checked_sources is None else checked_sources
        stored = (item.status, item.finding, item.evidence_text, item.sources)
        if stored == (status, finding, evidence_text, new_sources):
            return SaveOutcome(item=item)
        item.sources = new_sources
        item.status = status
        item.finding = finding
        item.evidence_text = evidence_text
        item.lock_version += 1
        item.updated_by = user if getattr(user, "is_authenticated", False) else None
        item.save()
        return SaveOutcome(item=item, changed=True)


def add_document(
    scan, item_id: str, upload: IO[bytes], *, original_name: str, description: str = "", user=None
) -> EvidenceDocument:
    """Check an upload by content and store it; raises ``ValidationError`` with a clear message."""
    require_item(scan, item_id)
    checked = check_evidence_file(upload)
    with transaction.atomic():
        item = get_or_create_item(scan, item_id)
        doc = EvidenceDocument(
            item=item,
            original_name=(original_name or "bewijsstuk")[:255],
            file_type=checked.file_type,
            size=checked.size,
            sha256=checked.sha256,
            description=description[:200],
            uploaded_by=user if getattr(user, "is_authenticated", False) else None,
        )
        doc.file.save("upload", upload if isinstance(upload, File) else File(upload), save=False)
        doc.save()
    return doc


def add_link(scan: Scan, item_id: str, *, url: str, title: str = "", user=None) -> EvidenceLink:
    require_item(scan, item_id)
    link = EvidenceLink(
        url=url,
        title=title[:200],
        added_by=user if getattr(user, "is_authenticated", False) else None,
    )
    link.full_clean(exclude=["item"])
    link.item = get_or_create_item(scan, item_id)
    link.save()
    return link


#: Demo documents are stored once by content and shared by demo databases: never deleted.
DEMO_DIR = "evidence/demo"


def delete_document(doc: EvidenceDocument) -> None:
    file = doc.file
    doc.delete()
    delete_file_on_commit(file, keep_under=DEMO_DIR)


def overview(scan: Scan) -> list[dict]:
    """Per dimension and theme: the number of norms per status."""
    current = statuses(scan)
    rows = []
    for g in groups(scan.framework):
        if g.type == "pillar":
            continue
        counts = {s: 0 for s in AssessmentStatus.values}
        for item_id in g.item_ids:
            counts[current[item_id]] += 1
        rows.append(
            {
                "group": g,
                "counts": counts,
                "ordered_counts": [counts[s] for s in AssessmentStatus.values],
                "total": len(g.item_ids),
                "label": translate(g.name),
            }
        )
    return rows


#: Marks an evidence text copied into a repeat scan, so the coordinator reviews the verdict.
CARRIED_NOTE = "[Overgenomen uit de vorige scan; nog te herbeoordelen]"


def carry_forward(previous_scan: Scan, new_scan: Scan) -> int:
    """Copy the verdicts of ``previous_scan`` into ``new_scan`` for review; the number copied.

    Only into an empty self-assessment (so calling it twice copies once), and only items the
    new scan's framework still has. Each copy keeps status and finding; its evidence text is
    marked with :data:`CARRIED_NOTE`. Copies are saved one by one, so each is audited.
    """
    if previous_scan.organisation_id != new_scan.organisation_id:
        raise ValidationError(_("De vorige scan hoort bij een andere organisatie."))
    if new_scan.assessment_items.exists():
        return 0
    framework = new_scan.framework
    copied = 0
    for item in previous_scan.assessment_items.order_by("pk"):
        kind = item_kind(framework, item.item_id)
        if kind is None:
            continue
        evidence = item.evidence_text
        if CARRIED_NOTE not in evidence:
            evidence = f"{CARRIED_NOTE}\n{evidence}".strip()
        AssessmentItem(
            scan=new_scan,
            kind=kind,
            item_id=item.item_id,
            status=item.status,
            finding=item.finding,
            evidence_text=evidence,
            sources=item.sources,
        ).save()
        copied += 1
    return copied


DONE_PHASES = (ScanStatus.ANALYSIS, ScanStatus.REPORTING, ScanStatus.FOLLOW_UP)


def _completed(scans):
    with_verdicts = AssessmentItem.objects.exclude(status=AssessmentStatus.UNKNOWN).values(
        "scan_id"
    )
    return scans.filter(status__in=DONE_PHASES, pk__in=with_verdicts)


def completed_assessment_scans(organisation) -> list[Scan]:
    """The organisation's scans whose self-assessment is done, newest first.

    Done: the scan has left fieldwork (phase Analyse or later) and holds at least one verdict
    other than ``onbekend``. A new, empty scan or one still being filled in is never taken as
    the current measurement.
    """
    return list(_completed(organisation.scans.all()).order_by("-period_start", "-pk"))


def has_completed_assessment(scan: Scan) -> bool:
    """Whether ``scan``'s self-assessment is done (see :func:`completed_assessment_scans`)."""
    return _completed(type(scan).objects.filter(pk=scan.pk)).exists()
