"""Link tokens and what is stored of them (see the anonymity rules in :mod:`.services`).

A token itself is never stored: an invitation keeps a SHA-256 hash, an unfinished response a
keyed HMAC (to resume), an open link's start form a hash of its one-time nonce.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.conf import settings


def new_token() -> str:
    """A fresh link token (256 bits, URL-safe)."""
    return secrets.token_urlsafe(32)


def invitation_token_hash(token: str) -> str:
    return hashlib.sha256(f"weerbaar-invitation:{token}".encode()).hexdigest()


def response_resume_hash(token: str) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"weerbaar-response:{token}".encode(), hashlib.sha256).hexdigest()


def nonce_hash(nonce: str) -> str:
    return hashlib.sha256(f"weerbaar-open-nonce:{nonce}".encode()).hexdigest()
