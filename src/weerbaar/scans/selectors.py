"""Reading scans for other apps."""

from __future__ import annotations

from weerbaar.organisations.models import Organisation

from .models import Scan


def latest_scan(organisation: Organisation) -> Scan | None:
    """The organisation's most recent scan (by the start of its period): the one whose
    registers and framework are the organisation's current ones."""
    return organisation.scans.order_by("-period_start", "-pk").first()
