"""Offering a report for approval, approving it, sending it back and withdrawing it.

The steps (vaststelling):

1. The coordinator previews the draft, sees the completeness check (:mod:`.completeness`) and
   offers it for approval (:func:`submit`): the report is frozen as a numbered version, with
   the gaps the coordinator confirmed having seen.
2. The approver — the organisation's approving role (:func:`approver_role`, by default the
   gemeentesecretaris), never the person who offered it — approves it (:func:`approve`,
   "vastgesteld") or sends it back with a reason (:func:`send_back`).
3. Only approved versions are visible to lezers (:func:`visible_versions`); their files are
   rendered once at approval and served from storage (:mod:`.files`).
4. An approved version is withdrawn (:func:`withdraw`) by a new version that names it and
   gives the reason; nothing is deleted.

Every step is a :class:`~weerbaar.reports.models.VersionDecision` (audited, append-only).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from weerbaar.organisations.models import Organisation, Role
from weerbaar.organisations.permissions import roles_for

from . import files
from .completeness import Gap, completeness
from .data import content_hash
from .models import ApprovalPolicy, Report, ReportVersion, Step, VersionDecision, VersionKind
from .services import StaleDraft, next_version_number, normalised_snapshot, publish

DEFAULT_APPROVER_ROLE = Role.SECRETARIS
#: Roles that may be chosen to approve reports (lezers and researchers do not see drafts).
APPROVER_ROLES = (Role.SECRETARIS, Role.COORDINATOR, Role.ACTIEHOUDER)


def approver_role(organisation: Organisation) -> str:
    policy = ApprovalPolicy.objects.filter(organisation=organisation).first()
    return policy.approver_role if policy else DEFAULT_APPROVER_ROLE


def approver_role_label(organisation: Organisation) -> str:
    return str(Role(approver_role(organisation)).label).lower()


def set_approver_role(organisation: Organisation, role: str) -> ApprovalPolicy:
    if role not in APPROVER_ROLES:
        raise ValidationError({"approver_role": _("Kies een van de genoemde rollen.")})
    policy, _created = ApprovalPolicy.objects.get_or_create(
        organisation=organisation, defaults={"approver_role": role}
    )
    if policy.approver_role != role:
        policy.approver_role = role
        policy.save()
    return policy


def can_approve(user, organisation: Organisation) -> bool:
    return approver_role(organisation) in roles_for(user, organisation)


def with_state(queryset: QuerySet[ReportVersion]) -> QuerySet[ReportVersion]:
    """Versions annotated with ``state``: their latest step (a :class:`Step` value)."""
    latest = VersionDecision.objects.filter(version=OuterRef("pk")).order_by("-pk")
    return queryset.annotate(state=Subquery(latest.values("step")[:1]))


def approved_only(queryset: QuerySet[ReportVersion]) -> QuerySet[ReportVersion]:
    """Versions that were approved (also when later withdrawn: they stay on record)."""
    approved = VersionDecision.objects.filter(version=OuterRef("pk"), step=Step.APPROVED)
    return queryset.filter(Exists(approved))


def visible_versions(
    queryset: QuerySet[ReportVersion], *, sees_unapproved: bool
) -> QuerySet[ReportVersion]:
    """What a user sees: everything for insiders and approvers, approved versions for lezers."""
    return with_state(queryset if sees_unapproved else approved_only(queryset))


def state_of(version: ReportVersion) -> str | None:
    decision = version.decisions.order_by("-pk").first()
    return decision.step if decision else None


def decide(version: ReportVersion, step: str, user=None, note: str = "", gaps=None):
    return VersionDecision.objects.create(
        version=version,
        step=step,
        decided_by=user,
        decided_at=timezone.now(),
        note=note,
        gaps=gaps or [],
    )


def pending_versions(scan) -> list[ReportVersion]:
    versions = ReportVersion.objects.filter(scan=scan).defer("snapshot").order_by("number")
    return [v for v in versions if state_of(v) == Step.SUBMITTED]


def submit(report: Report, user, *, revision: int, gaps_seen: bool) -> ReportVersion:
    """Freeze the draft the coordinator previewed and offer it for approval.

    ``revision`` is the draft revision the coordinator saw; ``gaps_seen`` confirms the
    completeness check was read (required when it found something missing). An earlier
    version still waiting for approval is sent back as superseded.
    """
    gaps: list[Gap] = completeness(report.scan, report)
    if gaps and not gaps_seen:
        raise ValidationError(
            {
                "gaps_seen": _(
                    "Het rapport is nog niet volledig. Bevestig dat u de ontbrekende onderdelen "
                    "hebt gezien, of vul ze eerst aan."
                )
            }
        )
    with transaction.atomic():
        current = Report.objects.select_for_update().get(pk=report.pk)
        if current.revision != revision:
            raise StaleDraft(
                _(
                    "Het concept is gewijzigd nadat u het bekeek. Bekijk het opnieuw voordat u "
                    "het ter vaststelling aanbiedt."
                )
            )
        earlier = list(pending_versions(current.scan))
        version = publish(current, user)
        for old in earlier:
            decide(
                old,
                Step.RETURNED,
                user,
                _("Vervangen door versie %(n)s.") % {"n": version.number},
            )
        decide(version, Step.SUBMITTED, user, gaps=[g.to_json() for g in gaps])
    return version


def _check_approver(version: ReportVersion, user) -> None:
    if not can_approve(user, version.scan.organisation):
        raise PermissionDenied


def _require_pending(version: ReportVersion) -> VersionDecision:
    submitted = version.decisions.order_by("-pk").first()
    if submitted is None or submitted.step != Step.SUBMITTED:
        raise ValidationError(_("Deze versie wacht niet (meer) op vaststelling."))
    return submitted


def approve(version: ReportVersion, user, *, store_files: bool = True) -> ReportVersion:
    """Approve (vaststellen) a version offered for approval; its files are stored.

    ``store_files=False`` (the demo) leaves the rendering to the first download."""
    _check_approver(version, user)
    with transaction.atomic():
        locked = ReportVersion.objects.select_for_update().get(pk=version.pk)
        submitted = _require_pending(locked)
        if user is not None and submitted.decided_by_id == user.pk:
            raise ValidationError(
                _("U hebt deze versie zelf aangeboden; iemand anders moet haar vaststellen.")
            )
        decide(locked, Step.APPROVED, user)
    if store_files:
        files.store(locked)
    return locked


def send_back(version: ReportVersion, user, note: str) -> ReportVersion:
    """Send a version back to the coordinator (terugsturen), with the reason."""
    _check_approver(version, user)
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("Schrijf waarom u de versie terugstuurt.")})
    with transaction.atomic():
        locked = ReportVersion.objects.select_for_update().get(pk=version.pk)
        _require_pending(locked)
        decide(locked, Step.RETURNED, user, note)
    return locked


def withdraw(version: ReportVersion, user, reason: str) -> ReportVersion:
    """Withdraw an approved version: a new version records it; nothing is deleted."""
    _check_approver(version, user)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"note": _("Schrijf waarom de versie wordt ingetrokken.")})
    from weerbaar.scans.models import Scan

    with transaction.atomic():
        Scan.objects.select_for_update().filter(pk=version.scan_id).first()
        locked = ReportVersion.objects.select_for_update().get(pk=version.pk)
        if locked.kind != VersionKind.REPORT or state_of(locked) != Step.APPROVED:
            raise ValidationError(_("Alleen een vastgestelde versie kan worden ingetrokken."))
        snapshot = normalised_snapshot(
            {"kind": VersionKind.WITHDRAWAL, "withdraws": locked.number, "reason": reason}
        )
        withdrawal = ReportVersion(
            report=locked.report,
            scan=locked.scan,
            number=next_version_number(locked.scan),
            title=locked.title,
            content_hash=content_hash(snapshot),
            library_version=locked.library_version,
            data_version=locked.data_version,
            language=locked.language,
            snapshot=snapshot,
            published_at=timezone.now(),
            published_by=user,
            kind=VersionKind.WITHDRAWAL,
            withdraws=locked,
            note=reason,
        )
        withdrawal.save()
        decide(locked, Step.WITHDRAWN, user, reason)
        decide(withdrawal, Step.APPROVED, user, reason)
    return withdrawal
