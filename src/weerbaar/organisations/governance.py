"""Who may give whom which role in an organisation (role governance).

The rules, each attacked by a test in ``tests/organisations``:

- Roles are given and withdrawn by the organisation's scancoördinator (``members.manage``).
  RIEC advisers read; they manage no members of the organisations they oversee.
- A role in :data:`CONFIRMED_ROLES` (scancoördinator, gemeentesecretaris: the roles that see
  scan data in progress, raw survey data or confirm other roles) is only *requested*. A
  request grants nothing until the gemeentesecretaris or a scancoördinator of the
  organisation confirms it, never the requester and never the person it names.
- The platform beheerder sets up an organisation and its first scancoördinator: while the
  organisation has no confirmed coördinator or secretaris, the beheerder's appointment is
  direct. While it has a secretaris but no coördinator, the beheerder may request a
  coördinator (the secretaris confirms). Otherwise the beheerder gives no roles.
- When nobody but the requester (and the person named) could decide on a coördinator's
  request, the platform beheerder may decide on it, so a one-person organisation is not stuck.

Every change is audited through the models (``audited = True``) and e-mailed to the
organisation's secretaris and coördinators (:mod:`.notifications`).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from weerbaar.accounts import normalise_email

from . import notifications, services
from .models import Membership, MembershipRequest, Organisation, RequestStatus, Role
from .permissions import has_permission

#: Roles that need a second person's confirmation: they see the organisation's data in
#: progress (scan work, audit log, draft reports; the coördinator also raw survey data) and
#: they confirm other people's roles.
CONFIRMED_ROLES = frozenset({Role.COORDINATOR, Role.SECRETARIS})


@dataclass(frozen=True)
class MemberChange:
    """The outcome of adding someone: given directly, or waiting for confirmation."""

    email: str
    role: str
    pending: bool


def insiders(organisation: Organisation, roles=CONFIRMED_ROLES) -> QuerySet[Membership]:
    """Confirmed memberships of active users in ``roles`` (default: the confirming roles)."""
    return Membership.objects.filter(
        organisation=organisation, role__in=list(roles), user__is_active=True
    )


def may_add_members(user, organisation: Organisation) -> bool:
    """Whether the members form is offered to ``user`` at all."""
    if has_permission(user, organisation, "members.manage"):
        return True
    return bool(user.is_superuser) and not insiders(organisation, {Role.COORDINATOR}).exists()


def add_member(
    organisation: Organisation,
    *,
    by,
    email: str,
    role: str,
    full_name: str = "",
    request: HttpRequest | None = None,
) -> MemberChange:
    """Give ``email`` the role, or record a request for it when the role needs confirmation.

    The outcome never depends on whether the address has an account anywhere.
    """
    email = normalise_email(email)
    if role not in Role.values:
        raise ValidationError({"role": [_("Kies een rol uit de lijst.")]})
    if has_permission(by, organisation, "members.manage"):
        pending = role in CONFIRMED_ROLES
    elif by.is_superuser:
        pending = _beheerder_setup_is_pending(organisation, role)
    else:
        raise PermissionDenied
    if not pending:
        services.grant_role(organisation, email=email, full_name=full_name, role=role)
        notifications.tell_member(organisation, email=email, role=role, request=request)
        notifications.notify_change(
            organisation, by, notifications.describe_grant, email=email, role=role
        )
        return MemberChange(email=email, role=role, pending=False)
    with transaction.atomic():
        existing = MembershipRequest.objects.filter(
            organisation=organisation, email=email, role=role, status=RequestStatus.PENDING
        ).first()
        if existing is None:
            MembershipRequest.objects.create(
                organisation=organisation,
                email=email,
                full_name=full_name,
                role=role,
                requested_by=by,
            )
    if existing is None:
        notifications.notify_change(
            organisation, by, notifications.describe_request, email=email, role=role
        )
    return MemberChange(email=email, role=role, pending=True)


def _beheerder_setup_is_pending(organisation: Organisation, role: str) -> bool:
    if role != Role.COORDINATOR:
        raise ValidationError(
            {
                "role": [
                    _(
                        "Als platformbeheerder wijst u alleen de eerste scancoördinator aan; "
                        "andere rollen geeft de scancoördinator."
                    )
                ]
            }
        )
    if insiders(organisation, {Role.COORDINATOR}).exists():
        raise ValidationError(
            _("Deze organisatie heeft al een scancoördinator; die geeft de rollen.")
        )
    return insiders(organisation).exists()


def remove_membership(membership: Membership, *, by) -> None:
    """Withdraw a role (only the scancoördinator does this; the change is e-mailed)."""
    organisation = membership.organisation
    if not has_permission(by, organisation, "members.manage"):
        raise PermissionDenied
    email, role = membership.user.email, membership.role
    membership.delete()
    notifications.notify_change(
        organisation, by, notifications.describe_removal, email=email, role=role
    )


def confirmers(req: MembershipRequest) -> QuerySet[Membership]:
    """Memberships of the people in the organisation who may decide on ``req``."""
    qs = insiders(req.organisation).exclude(user__email__iexact=req.email)
    if req.requested_by_id is not None:
        qs = qs.exclude(user_id=req.requested_by_id)
    return qs


def can_decide(user, req: MembershipRequest) -> bool:
    """Whether ``user`` may confirm or reject ``req``."""
    if req.status != RequestStatus.PENDING or not user.is_authenticated or not user.is_active:
        return False
    if user.pk == req.requested_by_id or normalise_email(user.email) == req.email:
        return False
    if has_permission(user, req.organisation, "members.confirm"):
        return True
    # Nobody else in the organisation could decide on a request of its own coördinator.
    requester_is_insider = (
        req.requested_by_id is not None
        and insiders(req.organisation, {Role.COORDINATOR})
        .filter(user_id=req.requested_by_id)
        .exists()
    )
    return bool(user.is_superuser) and requester_is_insider and not confirmers(req).exists()


def decide(
    req: MembershipRequest, *, by, confirm: bool, request: HttpRequest | None = None
) -> None:
    """Confirm (the role is given) or reject a pending request; refused unless can_decide."""
    if not can_decide(by, req):
        raise PermissionDenied
    with transaction.atomic():
        locked = MembershipRequest.objects.select_for_update().get(pk=req.pk)
        if locked.status != RequestStatus.PENDING:
            raise ValidationError(_("Over dit verzoek is al beslist."))
        locked.status = RequestStatus.CONFIRMED if confirm else RequestStatus.REJECTED
        locked.decided_by = by
        locked.decided_at = timezone.now()
        locked.save()
        if confirm:
            services.grant_role(
                req.organisation, email=req.email, full_name=req.full_name, role=req.role
            )
    if confirm:
        notifications.tell_member(req.organisation, email=req.email, role=req.role, request=request)
    describe = notifications.describe_confirmed if confirm else notifications.describe_rejected
    notifications.notify_change(req.organisation, by, describe, email=req.email, role=req.role)


def pending_requests(organisation: Organisation) -> QuerySet[MembershipRequest]:
    return organisation.membership_requests.filter(status=RequestStatus.PENDING).select_related(
        "requested_by"
    )
