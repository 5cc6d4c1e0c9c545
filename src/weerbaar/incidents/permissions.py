"""Organisation-level capabilities of incidents and signals.

Case data is not governed by roles alone: who sees one incident or signal is decided per
case by :mod:`weerbaar.incidents.access` (need-to-know). The permissions here cover pages
without case data:

* ``incidents.configure`` who may see which cases: the gemeentesecretaris and the beheerder;
* ``incidents.statistics`` the suppressed figures: the insiders (as for scan data).
"""

from __future__ import annotations

from weerbaar.organisations.models import Role
from weerbaar.organisations.permissions import (
    BEHEERDER,
    INSIDERS,
    PERMISSIONS,
    register_permission,
)


def register() -> None:
    wanted: dict[str, set[str]] = {
        "incidents.configure": {BEHEERDER, Role.SECRETARIS},
        "incidents.statistics": set(INSIDERS),
    }
    for name, roles in wanted.items():
        if name not in PERMISSIONS:
            register_permission(name, roles)
