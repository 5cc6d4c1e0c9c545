"""Who sees and records screening compliance and the candidate-bestuurder checklist.

Both show functions and dates only, never persons, so they are open to the roles that see the
organisation's work in progress (and the burgemeester); recording is for the secretaris, who
owns screening (Portefeuille Bestuurlijke Weerbaarheid (2024)), the coordinator and the
beheerder; the candidate checklist is kept by the secretaris and the burgemeester.
"""

from __future__ import annotations

from weerbaar.organisations.models import Role
from weerbaar.organisations.permissions import BEHEERDER, INSIDERS, register_permission


def register() -> None:
    register_permission("screening.view", {*INSIDERS, Role.BURGEMEESTER})
    register_permission("screening.manage", {BEHEERDER, Role.COORDINATOR, Role.SECRETARIS})
    register_permission("candidates.view", {*INSIDERS, Role.BURGEMEESTER})
    register_permission("candidates.manage", {Role.SECRETARIS, Role.BURGEMEESTER})
