"""Who is acting: set per request by middleware, per command by the CLI."""

from __future__ import annotations

import contextvars
from contextlib import contextmanager

_actor: contextvars.ContextVar = contextvars.ContextVar("weerbaar_audit_actor", default=None)
_label: contextvars.ContextVar = contextvars.ContextVar("weerbaar_audit_label", default="system")


def current_actor():
    return _actor.get()


def current_label() -> str:
    return _label.get()


@contextmanager
def acting_as(user=None, label: str | None = None):
    """Attribute the changes made inside the block to ``user`` (or a system ``label``)."""
    t1 = _actor.set(user if (user is not None and user.is_authenticated) else None)
    t2 = _label.set(
        label or (str(user.email) if user is not None and user.is_authenticated else "system")
    )
    try:
        yield
    finally:
        _actor.reset(t1)
        _label.reset(t2)
