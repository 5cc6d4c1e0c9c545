"""The action plan (plan van aanpak): creating actions, changing status, notes and evidence.

All functions take an explicit ``now`` where time matters, so tests control the clock.
Status changes are saved on the audited :class:`~weerbaar.actions.models.Action` model, so
the audit log records them with actor, before and after.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from weerbaar.core.locking import save_with_lock
from weerbaar.core.text import translate
from weerbaar.organisations.models import Membership, Role
from weerbaar.organisations.permissions import has_permission, roles_for

from .models import (
    DEFAULT_OWNER_ROLE,
    OPEN_STATUSES,
    Action,
    ActionEvidence,
    ActionNote,
    ActionStatus,
    FollowUpSettings,
)

MANAGE = "action.manage"
VIEW_OWN = "action.view_own"


# ----------------------------------------------------------------------------- visibility


def organisation_actions(organisation) -> QuerySet[Action]:
    return Action.objects.filter(scan__organisation=organisation).select_related(
        "scan", "owner_user"
    )


def own_actions_filter(user, organisation) -> Q:
    """Actions owned by the user, or by a role the user holds in the organisation."""
    roles = roles_for(user, organisation)
    return Q(owner_user=user) | Q(owner_user__isnull=True, owner_role__in=list(roles))


def visible_actions(user, organisation) -> QuerySet[Action]:
    """Managers (coordinator, gemeentesecretaris, RIEC, beheerder) see all; owners their own."""
    qs = organisation_actions(organisation)
    if has_permission(user, organisation, MANAGE):
        return qs
    if has_permission(user, organisation, VIEW_OWN):
        return qs.filter(own_actions_filter(user, organisation))
    return qs.none()


def my_actions(user, organisation) -> QuerySet[Action]:
    return organisation_actions(organisation).filter(own_actions_filter(user, organisation))


def can_update_progress(user, action: Action) -> bool:
    """Owners and managers may change the status and add notes and evidence."""
    organisation = action.scan.organisation
    if has_permission(user, organisation, MANAGE):
        return True
    return my_actions(user, organisation).filter(pk=action.pk).exists()


def filter_actions(
    queryset: QuerySet[Action], *, status: str, dimension: str, scan_id: str, framework
) -> tuple[list[Action], list[str]]:
    """Apply the list filters; an unknown value is reported and not applied (never an error)."""
    errors: list[str] = []
    if status:
        if status in ActionStatus.values:
            queryset = queryset.filter(status=status)
        else:
            errors.append(
                _("Onbekende status „%(s)s”: het filter is niet toegepast.") % {"s": status[:40]}
            )
    if scan_id.isdigit():
        queryset = queryset.filter(scan_id=int(scan_id))
    actions = list(queryset.order_by("due_date", "pk"))
    if dimension:
        known = {d["id"] for d in framework.dimensions_and_themes} if framework else set()
        if dimension in known:
            # A dimension includes its sub-elements (D3 covers D3a..D3d).
            actions = [a for a in actions if any(x.startswith(dimension) for x in a.dimension_ids)]
        else:
            errors.append(
                _("Onbekende dimensie „%(d)s”: het filter is niet toegepast.")
                % {"d": dimension[:40]}
            )
    return actions, errors


# ----------------------------------------------------------------------------- owners


def possible_owners(organisation):
    """Users with a membership of the organisation (actions are owned inside it)."""
    from django.contrib.auth import get_user_model

    return (
        get_user_model()
        .objects.filter(memberships__organisation=organisation, is_active=True)
        .distinct()
        .order_by("full_name", "email")
    )


def owner_not_in_organisation(organisation) -> str:
    """The one answer for an owner who is not a member, whether or not the account exists."""
    return _("Deze eigenaar hoort niet bij %(org)s. Kies een eigenaar uit de lijst.") % {
        "org": organisation.name
    }


def validate_owner(organisation, owner_user, owner_role: str) -> None:
    errors: dict[str, list[str]] = {}
    if (
        owner_user is not None
        and not Membership.objects.filter(organisation=organisation, user=owner_user).exists()
    ):
        errors["owner_user"] = [owner_not_in_organisation(organisation)]
    if owner_user is None and owner_role not in Role.values:
        errors["owner_role"] = [_("Kies een eigenaar: een persoon of een rol.")]
    if errors:
        raise ValidationError(errors)


def owner_label(action: Action) -> str:
    if action.owner_user_id:
        return str(action.owner_user)
    if not action.owner_role:  # the owning user was removed
        return _("geen eigenaar")
    return str(dict(Role.choices).get(action.owner_role, action.owner_role))


# ----------------------------------------------------------------------------- creation


def validate_status(status: str) -> str:
    if status not in ActionStatus.values:
        raise ValidationError(
            {
                "status": [
                    _("Onbekende status „%(status)s”. Kies open, bezig, gereed of vervallen.")
                    % {"status": str(status)[:40]}
                ]
            }
        )
    return status


def create_action(
    *,
    scan,
    title: str,
    description: str = "",
    owner_user=None,
    owner_role: str = DEFAULT_OWNER_ROLE,
    due_date: datetime.date | None = None,
    dimension_ids: list[str] | None = None,
    pillar_ids: list[str] | None = None,
    library_process_ids: list[str] | None = None,
    process_entry=None,
    function_entry=None,
    measure_id: str = "",
    recommendation=None,
    created_by=None,
    now: datetime.datetime | None = None,
    allow_past_due: bool = False,
) -> Action:
    """Create an action by hand (or from a recommendation); a new action is never overdue."""
    now = now or timezone.now()
    errors: dict[str, list[str]] = {}
    if not title.strip():
        errors["title"] = [_("Geef de actie een titel.")]
    if due_date and not allow_past_due and due_date < timezone.localdate(now):
        errors["due_date"] = [
            _("De streefdatum %(date)s ligt in het verleden. Kies vandaag of een latere datum.")
            % {"date": date_format(due_date, "SHORT_DATE_FORMAT")}
        ]
    fw = scan.framework
    for field, ids, index in (
        ("dimension_ids", dimension_ids or [], fw.dimension_index),
        ("pillar_ids", pillar_ids or [], {p["id"]: p for p in fw.pillars}),
        ("library_process_ids", library_process_ids or [], fw.process_index),
    ):
        unknown = [i for i in ids if i not in index]
        if unknown:
            errors[field] = [
                _("Onbekend in het referentiekader: %(ids)s.") % {"ids": ", ".join(unknown)}
            ]
    for field, entry in (("process_entry", process_entry), ("function_entry", function_entry)):
        if entry is not None and entry.scan.organisation_id != scan.organisation_id:
            errors[field] = [_("Dit registeronderdeel hoort bij een andere organisatie.")]
    try:
        validate_owner(scan.organisation, owner_user, owner_role)
    except ValidationError as exc:
        for k, v in exc.message_dict.items():
            errors.setdefault(k, []).extend(v)
    if errors:
        raise ValidationError(errors)
    return Action.objects.create(
        scan=scan,
        title=title.strip()[:200],
        description=description,
        owner_user=owner_user,
        owner_role="" if owner_user is not None else owner_role,
        due_date=due_date,
        dimension_ids=list(dimension_ids or []),
        pillar_ids=list(pillar_ids or []),
        library_process_ids=list(library_process_ids or []),
        process_entry=process_entry,
        function_entry=function_entry,
        measure_id=measure_id,
        recommendation=recommendation,
        created_by=created_by if getattr(created_by, "is_authenticated", False) else None,
    )


def update_action(
    action: Action,
    *,
    now: datetime.datetime | None = None,
    expected_version: int | None = None,
    **fields: Any,
) -> Action:
    """Edit title, description, owner, due date and links (status goes via change_status).

    Raises :class:`~weerbaar.core.locking.ConflictError` when the action was saved by someone
    else after ``expected_version`` (nothing is saved then).
    """
    now = now or timezone.now()
    errors: dict[str, list[str]] = {}
    if "title" in fields and not str(fields["title"]).strip():
        errors["title"] = [_("Geef de actie een titel.")]
    new_due = fields.get("due_date", action.due_date)
    if (
        "due_date" in fields
        and new_due
        and new_due != action.due_date
        and new_due < timezone.localdate(now)
    ):
        errors["due_date"] = [
            _("De streefdatum %(date)s ligt in het verleden. Kies vandaag of een latere datum.")
            % {"date": date_format(new_due, "SHORT_DATE_FORMAT")}
        ]
    fw = action.scan.framework
    for field, index in (
        ("dimension_ids", fw.dimension_index),
        ("pillar_ids", {p["id"]: p for p in fw.pillars}),
        ("library_process_ids", fw.process_index),
    ):
        unknown = [i for i in fields.get(field, []) if i not in index]
        if unknown:
            errors[field] = [
                _("Onbekend in het referentiekader: %(ids)s.") % {"ids": ", ".join(unknown)}
            ]
    owner_user = fields.get("owner_user", action.owner_user)
    owner_role = fields.get("owner_role", action.owner_role)
    try:
        validate_owner(action.scan.organisation, owner_user, owner_role)
    except ValidationError as exc:
        for k, v in exc.message_dict.items():
            errors.setdefault(k, []).extend(v)
    if errors:
        raise ValidationError(errors)
    for key, value in fields.items():
        setattr(action, key, value)
    if action.owner_user_id:
        action.owner_role = ""
    return save_with_lock(action, expected_version)


def change_status(
    action: Action,
    status: str,
    *,
    note: str = "",
    reason: str = "",
    user=None,
    now: datetime.datetime | None = None,
) -> Action:
    """Move an action to another status, leaving a note; ``vervallen`` needs a reason."""
    now = now or timezone.now()
    validate_status(status)
    if status == ActionStatus.DROPPED and not reason.strip():
        raise ValidationError({"reason": [_("Geef een reden waarom de actie vervalt.")]})
    with transaction.atomic():
        previous = action.status
        if previous != status:
            action.status = status
            action.dropped_reason = reason.strip() if status == ActionStatus.DROPPED else ""
            action.completed_at = now if status == ActionStatus.DONE else None
            action.save()
        if previous != status or note.strip():
            ActionNote.objects.create(
                action=action,
                text=note.strip(),
                status_from=previous if previous != status else "",
                status_to=status if previous != status else "",
                author=user if getattr(user, "is_authenticated", False) else None,
                created_at=now,
            )
    return action


def add_note(action: Action, text: str, *, user=None, now=None) -> ActionNote:
    if not text.strip():
        raise ValidationError({"text": [_("Schrijf een notitie.")]})
    return ActionNote.objects.create(
        action=action,
        text=text.strip(),
        author=user if getattr(user, "is_authenticated", False) else None,
        created_at=now or timezone.now(),
    )


def add_evidence(action: Action, *, text: str = "", url: str = "", user=None) -> ActionEvidence:
    if not text.strip() and not url.strip():
        raise ValidationError({"text": [_("Beschrijf het bewijs of geef een link.")]})
    evidence = ActionEvidence(
        action=action,
        text=text.strip(),
        url=url.strip(),
        added_by=user if getattr(user, "is_authenticated", False) else None,
    )
    evidence.full_clean(exclude=["action"])
    evidence.save()
    return evidence


def is_overdue(action: Action, today: datetime.date) -> bool:
    return (
        action.status in OPEN_STATUSES and action.due_date is not None and action.due_date < today
    )


# ----------------------------------------------------------------------------- recommendations


def _links_from_recommendation(scan, rec) -> dict[str, Any]:
    fw = scan.framework
    measure = fw.measure_index.get(rec.measure_id) or {}
    links: dict[str, Any] = {
        "dimension_ids": [d for d in measure.get("dimensions", []) if d in fw.dimension_index],
        "pillar_ids": list(measure.get("pillars", [])),
        "library_process_ids": [],
        "process_entry": None,
        "function_entry": None,
    }
    kind, _sep, ref = (rec.subject_key or "").partition(":")
    if kind == "norm" and ref in fw.norm_index:
        dim = fw.norm_index[ref].get("subelement") or fw.norm_index[ref]["dimension"]
        if dim not in links["dimension_ids"]:
            links["dimension_ids"].append(dim)
    elif kind == "process" and ref.isdigit():
        from weerbaar.registers.models import ProcessEntry

        entry = ProcessEntry.objects.filter(scan=scan, pk=int(ref)).first()
        links["process_entry"] = entry
        if entry is not None and entry.library_process_id:
            links["library_process_ids"] = [entry.library_process_id]
    elif kind == "function" and ref.isdigit():
        from weerbaar.registers.models import FunctionEntry

        links["function_entry"] = FunctionEntry.objects.filter(scan=scan, pk=int(ref)).first()
    return links


def action_title(measure_name: str, rec) -> str:
    """The measure's name, with what it is for: "Vier-ogenprincipe — Vergunningen horeca"."""
    subject = next(
        (
            t
            for t in (rec.triggers or [])
            if isinstance(t, dict) and t.get("key") == rec.subject_key
        ),
        None,
    )
    label = translate(subject.get("label"), "nl") if subject else ""
    title = f"{measure_name} — {label}" if label else measure_name
    return title[:200]


def default_due_date(now: datetime.datetime, months: int = 6) -> datetime.date:
    today = timezone.localdate(now)
    month = today.month - 1 + months
    year = today.year + month // 12
    month = month % 12 + 1
    day = min(today.day, 28)
    return datetime.date(year, month, day)


def create_actions_from_recommendations(
    scan, *, user=None, now: datetime.datetime | None = None
) -> list[Action]:
    """One action per accepted recommendation of the scan; idempotent (never a duplicate).

    New actions are owned by the ``actiehouder`` role (HR/P&O under the gemeentesecretaris),
    due in six months; the owner and date can be changed afterwards.
    """
    from weerbaar.assessment.models import Recommendation, RecommendationStatus

    now = now or timezone.now()
    fw = scan.framework
    created = []
    accepted = Recommendation.objects.filter(
        scan=scan, status=RecommendationStatus.ACCEPTED, actions__isnull=True
    ).order_by("pk")
    with transaction.atomic():
        for rec in accepted:
            measure = fw.measure_index.get(rec.measure_id) or {}
            title = action_title(translate(measure.get("name"), "nl") or rec.text, rec)
            links = _links_from_recommendation(scan, rec)
            created.append(
                Action.objects.create(
                    scan=scan,
                    recommendation=rec,
                    measure_id=rec.measure_id,
                    title=title[:200],
                    description=rec.text,
                    owner_role=DEFAULT_OWNER_ROLE,
                    due_date=default_due_date(now),
                    created_by=user if getattr(user, "is_authenticated", False) else None,
                    **links,
                )
            )
    return created


def followup_settings(organisation) -> FollowUpSettings:
    """The organisation's settings (unsaved defaults when never changed)."""
    found = FollowUpSettings.objects.filter(organisation=organisation).first()
    return found or FollowUpSettings(organisation=organisation)
