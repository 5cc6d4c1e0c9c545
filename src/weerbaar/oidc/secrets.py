"""Encryption of client secrets at rest (Fernet: AES-128-CBC with HMAC-SHA256).

Keys come from ``settings.OIDC_SECRET_KEYS`` (``WEERBAAR_OIDC_SECRET_KEYS``, comma-separated
Fernet keys: the first encrypts, all decrypt, so a key can be rotated). Without it, one key
is derived from ``SECRET_KEY`` with HKDF; changing ``SECRET_KEY`` then means entering the
client secrets again.
"""

from __future__ import annotations

import base64

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings


class SecretUnreadable(Exception):
    """The stored secret cannot be decrypted with the configured keys."""


def _fernet() -> MultiFernet:
    keys: list[str] = list(getattr(settings, "OIDC_SECRET_KEYS", []) or [])
    if keys:
        return MultiFernet([Fernet(key.encode()) for key in keys])
    derived = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"weerbaar.oidc.client-secret"
    ).derive(settings.SECRET_KEY.encode())
    return MultiFernet([Fernet(base64.urlsafe_b64encode(derived))])


def encrypt(secret: str) -> str:
    return _fernet().encrypt(secret.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise SecretUnreadable("The OIDC client secret cannot be decrypted") from exc
