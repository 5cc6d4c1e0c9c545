"""Recovery codes: shown once, stored as digests, each usable once."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from weerbaar.accounts.models import RecoveryCode

# No 0/O or 1/I/L: codes are read from paper and typed back.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
LENGTH = 12


def _normalise(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def _digest(code: str) -> str:
    return hashlib.sha256(_normalise(code).encode()).hexdigest()


def _format(raw: str) -> str:
    return "-".join(raw[i : i + 4] for i in range(0, len(raw), 4))


@transaction.atomic
def new_codes(user: Any) -> list[str]:
    """Replace the user's recovery codes by fresh ones; returns the plain codes (once)."""
    RecoveryCode.objects.filter(user=user).delete()
    codes = [
        _format("".join(secrets.choice(ALPHABET) for _ in range(LENGTH)))
        for _ in range(settings.WEERBAAR_RECOVERY_CODE_COUNT)
    ]
    RecoveryCode.objects.bulk_create(RecoveryCode(user=user, digest=_digest(c)) for c in codes)
    return codes


def use(user: Any, code: str) -> bool:
    """Spend one recovery code; False when it is unknown or already used."""
    if len(_normalise(code)) != LENGTH:
        return False
    spent = RecoveryCode.objects.filter(
        user=user, digest=_digest(code), used_at__isnull=True
    ).update(used_at=timezone.now())
    return spent == 1


def remaining(user: Any) -> int:
    return RecoveryCode.objects.filter(user=user, used_at__isnull=True).count()
