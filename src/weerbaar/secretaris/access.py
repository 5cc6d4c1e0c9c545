"""Who may use the secretaris' workspace and who may read a self-scan.

``secretaris.workspace``: the gemeentesecretaris, the platform beheerder and the burgemeester
where the organisation allows it (:func:`can_use_workspace` adds that setting). A self-scan
is private to its author; others read it only when the author shared it with one of their
roles in the organisation (:func:`shared_scans`), and every such read is audited.
"""

from __future__ import annotations

from django.db.models import QuerySet

from weerbaar.organisations.models import Organisation, Role
from weerbaar.organisations.permissions import (
    BEHEERDER,
    has_permission,
    register_permission,
    roles_for,
)

from .models import RoleScan, WorkspaceSettings

WORKSPACE = "secretaris.workspace"
#: Roles a self-scan can be shared with (never the external researcher).
SHAREABLE_ROLES = [
    Role.BURGEMEESTER,
    Role.COORDINATOR,
    Role.LEZER,
    Role.ACTIEHOUDER,
]


def register_permissions() -> None:
    register_permission(WORKSPACE, {Role.SECRETARIS, Role.BURGEMEESTER, BEHEERDER})


def settings_for(organisation: Organisation) -> WorkspaceSettings:
    found = WorkspaceSettings.objects.filter(organisation=organisation).first()
    return found or WorkspaceSettings(organisation=organisation)


def can_use_workspace(user, organisation: Organisation) -> bool:
    """The secretaris and the beheerder; the burgemeester only where the setting allows."""
    if not has_permission(user, organisation, WORKSPACE):
        return False
    roles = roles_for(user, organisation)
    if roles & {Role.SECRETARIS, BEHEERDER}:
        return True
    return settings_for(organisation).burgemeester_access


def can_manage_settings(user, organisation: Organisation) -> bool:
    """Only the gemeentesecretaris (and the beheerder) decide about the burgemeester's access."""
    return bool(roles_for(user, organisation) & {Role.SECRETARIS, BEHEERDER})


def can_take_self_scan(user, organisation: Organisation) -> bool:
    """The self-scan is for the gemeentesecretaris of the organisation."""
    return Role.SECRETARIS in roles_for(user, organisation)


def own_scans(user, organisation: Organisation) -> QuerySet[RoleScan]:
    return RoleScan.objects.filter(organisation=organisation, author=user)


def shared_scans(user, organisation: Organisation) -> list[RoleScan]:
    """Self-scans of others in ``organisation`` shared with one of the user's roles."""
    roles = roles_for(user, organisation)
    if not roles:
        return []
    scans = RoleScan.objects.filter(organisation=organisation).exclude(author=user)
    return [s for s in scans.select_related("author") if roles & set(s.shared_with)]
