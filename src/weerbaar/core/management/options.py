"""Option values shared by the management commands."""

from __future__ import annotations

import datetime

from django.core.management.base import CommandError
from django.utils import timezone


def parse_now(value: str | None) -> datetime.datetime | None:
    """The moment of a ``--now`` option (ISO; a time without a zone is the local one), or
    ``None`` when the option was not given."""
    if not value:
        return None
    try:
        parsed = datetime.datetime.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(
            f"--now {value!r} is not an ISO date or time, e.g. 2026-12-01T08:00."
        ) from exc
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed
