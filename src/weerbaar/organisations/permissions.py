"""Who may see and do what, per organisation.

Roles come from :class:`~weerbaar.organisations.models.Membership` (per organisation),
:class:`~weerbaar.organisations.models.RegionMembership` (RIEC adviser: every organisation
of the region) and ``is_superuser`` (platform beheerder). Permissions are named capabilities
mapped to roles in :data:`PERMISSIONS`; apps add their own with :func:`register_permission`.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from weerbaar.core.registry import Registry

from .models import Department, Organisation, Role

BEHEERDER = "beheerder"
RIEC = "riec_adviseur"

# The external researcher sees nothing of the organisation but the research files of the
# surveys granted to them (weerbaar.disclosure); every other role reads the organisation.
RESEARCHER = Role.ONDERZOEKER
# The afdelingshoofd sees only the intake of their own department (weerbaar.fieldwork).
DEPARTMENT_HEAD = Role.AFDELINGSHOOFD
ALL_ROLES = {BEHEERDER, RIEC, *Role.values} - {RESEARCHER, DEPARTMENT_HEAD}
MANAGERS = {BEHEERDER, RIEC, Role.COORDINATOR}
INSIDERS = {BEHEERDER, RIEC, Role.COORDINATOR, Role.SECRETARIS}

PERMISSIONS: Registry[frozenset[str]] = Registry("permissions")


def register_permission(name: str, roles: set[str]) -> None:
    """Name a capability and the roles that have it; other roles under a taken name raise."""
    PERMISSIONS.register(name, frozenset(roles))


# See the organisation and its scans at all.
register_permission("organisation.view", ALL_ROLES)
# Prepare and run scans, edit scan data.
register_permission("scan.manage", MANAGERS)
# See scan data in progress (not only published reports).
register_permission("scan.view_work", INSIDERS)
# See the audit log of the organisation's scan data.
register_permission("audit.view", INSIDERS)
# Change the organisation's details, departments and k. RIEC advisers read: they do not
# manage the organisations they oversee.
register_permission("organisation.manage", {BEHEERDER, Role.COORDINATOR})
# See the members page: who has which role, pending requests, the history of changes.
register_permission("members.view", {BEHEERDER, Role.COORDINATOR, Role.SECRETARIS})
# Give and withdraw roles. Roles that see data in progress are only requested; see
# weerbaar.organisations.governance for who confirms and for the beheerder's set-up rights.
register_permission("members.manage", {Role.COORDINATOR})
# Confirm or reject a requested role (never one's own request; see governance.can_decide).
register_permission("members.confirm", {Role.COORDINATOR, Role.SECRETARIS})


def visible_organisations(user) -> QuerySet[Organisation]:
    """Every organisation the user may see; empty for anonymous users."""
    if user is None or not user.is_authenticated or not user.is_active:
        return Organisation.objects.none()
    if user.is_superuser:
        return Organisation.objects.all()
    return Organisation.objects.filter(
        Q(memberships__user=user) | Q(region__memberships__user=user)
    ).distinct()


def roles_for(user, organisation: Organisation) -> set[str]:
    if user is None or not user.is_authenticated or not user.is_active:
        return set()
    cache = getattr(user, "_weerbaar_roles", None)
    if cache is None:
        cache = user._weerbaar_roles = {}
    if organisation.pk in cache:
        return cache[organisation.pk]
    roles: set[str] = set(
        user.memberships.filter(organisation=organisation).values_list("role", flat=True)
    )
    if (
        organisation.region_id
        and user.region_memberships.filter(region_id=organisation.region_id).exists()
    ):
        roles.add(RIEC)
    if user.is_superuser:
        roles.add(BEHEERDER)
    cache[organisation.pk] = roles
    return roles


def has_permission(user, organisation: Organisation, permission: str) -> bool:
    allowed = PERMISSIONS.get(permission)
    if allowed is None:
        raise KeyError(f"Unknown permission {permission!r}")
    return bool(roles_for(user, organisation) & allowed)


def department_of(user, organisation: Organisation) -> Department | None:
    """The department an afdelingshoofd's membership is scoped to (None: not a head here)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    membership = (
        user.memberships.filter(organisation=organisation, role=DEPARTMENT_HEAD)
        .exclude(department=None)
        .select_related("department")
        .first()
    )
    return membership.department if membership is not None else None
