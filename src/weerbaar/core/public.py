"""Marking views that are reachable without an organisation scope.

Every URL of the app is either scoped to the organisations a user may see, or explicitly
marked public here (login, language switch, anonymous survey links). The isolation test
walks all URLs and relies on this mark.
"""

from __future__ import annotations

from collections.abc import Callable


def public_view[F: Callable](view: F) -> F:
    """Mark a view as intentionally reachable outside any organisation scope."""
    view.weerbaar_public = True  # type: ignore[attr-defined]
    return view


def is_public(view: Callable) -> bool:
    view_class = getattr(view, "view_class", None)
    return bool(
        getattr(view, "weerbaar_public", False) or getattr(view_class, "weerbaar_public", False)
    )
