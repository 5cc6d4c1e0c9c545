"""System check: the keys of the confidential notes are readable and well-formed.

A wrong ``WEERBAAR_NOTES_KEYS`` or a damaged key file would otherwise surface only when a
note is opened; ``weerbaar check`` (and every server start) says so at once.
"""

from __future__ import annotations

from typing import Any

from django.core import checks

from .crypto import configuration_problem


def check_note_keys(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    problem = configuration_problem()
    if problem is None:
        return []
    return [
        checks.Error(
            f"The keys of the confidential notes cannot be used: {problem}",
            hint="See docs/operations.md, 'Backup and restore': the keys of the notes.",
            id="weerbaar.notes.E001",
        )
    ]
