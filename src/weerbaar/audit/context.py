"""Who is acting: set per request by middleware, per command by the CLI."""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from weerbaar.accounts.models import User

_actor: contextvars.ContextVar[User | None] = contextvars.ContextVar(
    "weerbaar_audit_actor", default=None
)
_label: contextvars.ContextVar[str] = contextvars.ContextVar(
    "weerbaar_audit_label", default="system"
)


def current_actor() -> User | None:
    return _actor.get()


def current_label() -> str:
    return _label.get()


@contextmanager
def acting_as(user: User | AnonymousUser | None = None, label: str | None = None) -> Iterator[None]:
    """Attribute the changes made inside the block to ``user`` (or a system ``label``)."""
    actor = user if user is not None and user.is_authenticated else None
    t1 = _actor.set(actor)
    t2 = _label.set(label or (str(actor.email) if actor is not None else "system"))
    try:
        yield
    finally:
        _actor.reset(t1)
        _label.reset(t2)
