"""Who may keep confidential notes.

``notes.use``: write notes and be named as a reader of one — the gemeentesecretaris and the
burgemeester (the tandem and the driehoek preparation). Holding the permission shows no note
of anyone else: a note is visible only to its author and the members it names
(:func:`weerbaar.notes.selectors.visible_notes`). No other role, not the platform beheerder
and not the RIEC adviser, has it.
"""

from __future__ import annotations

from weerbaar.organisations.models import Role
from weerbaar.organisations.permissions import register_permission

NOTE_ROLES = {Role.SECRETARIS, Role.BURGEMEESTER}


def register() -> None:
    register_permission("notes.use", set(NOTE_ROLES))
