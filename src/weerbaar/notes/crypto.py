"""Encryption of confidential notes at rest: AES-256-GCM with keys outside the database.

Keys (32 bytes each, URL-safe base64) carry an id, stored with every ciphertext, so that a key
can be rotated: the first key encrypts, every key decrypts, and ``weerbaar notes rotate``
re-encrypts the notes still under an older key. The keys come from
``settings.NOTES_KEYS`` (``WEERBAAR_NOTES_KEYS``: ``id:key,id:key``, first encrypts) or,
when that is empty, from the key file ``settings.NOTES_KEY_FILE`` (one ``id:key`` a line,
first encrypts; created with mode 0600 on first use). The key file lies beside the data
folder, never in it, so ``weerbaar backup`` does not carry it: back it up separately.

The associated data binds a ciphertext to its note's random ``uid``: a ciphertext copied to
another row does not decrypt.
"""

from __future__ import annotations

import base64
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings

NONCE_BYTES = 12
KEY_BYTES = 32


class KeyConfigurationError(Exception):
    """The keys are missing or malformed, or a ciphertext's key is not configured."""


class NoteUnreadable(Exception):
    """A ciphertext does not decrypt with the configured key of its id."""


@dataclass(frozen=True)
class Sealed:
    key_id: str
    nonce: bytes
    ciphertext: bytes


def _parse(entries: list[str], origin: str) -> list[tuple[str, bytes]]:
    keys: list[tuple[str, bytes]] = []
    for entry in entries:
        key_id, sep, encoded = entry.strip().partition(":")
        if not sep or not key_id:
            raise KeyConfigurationError(f"{origin}: every key is written as id:key")
        try:
            raw = base64.urlsafe_b64decode(encoded.encode())
        except ValueError as exc:
            raise KeyConfigurationError(f"{origin}: key {key_id!r} is not base64") from exc
        if len(raw) != KEY_BYTES:
            raise KeyConfigurationError(f"{origin}: key {key_id!r} is not {KEY_BYTES} bytes")
        if any(k == key_id for k, _ in keys):
            raise KeyConfigurationError(f"{origin}: key id {key_id!r} occurs twice")
        keys.append((key_id, raw))
    return keys


def new_key_line(key_id: str) -> str:
    """A fresh key as one ``id:key`` line."""
    return f"{key_id}:{base64.urlsafe_b64encode(secrets.token_bytes(KEY_BYTES)).decode()}"


def key_file() -> Path:
    return Path(settings.NOTES_KEY_FILE)


def _write_key_file(path: Path, lines: list[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".new")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write("\n".join(lines) + "\n")
    os.replace(tmp, path)


def keys() -> list[tuple[str, bytes]]:
    """The configured keys as ``(id, key)``, the encrypting key first."""
    configured = list(getattr(settings, "NOTES_KEYS", []) or [])
    if configured:
        return _parse(configured, "WEERBAAR_NOTES_KEYS")
    path = key_file()
    if not path.exists():
        _write_key_file(path, [new_key_line("k1")])
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
    if not lines:
        raise KeyConfigurationError(f"{path}: the key file holds no key")
    return _parse(lines, str(path))


def configuration_problem() -> str | None:
    """What is wrong with the configured keys, without creating a key file; None if fine."""
    configured = list(getattr(settings, "NOTES_KEYS", []) or [])
    try:
        if configured:
            _parse(configured, "WEERBAAR_NOTES_KEYS")
        elif key_file().exists():
            lines = [ln for ln in key_file().read_text(encoding="utf-8").splitlines() if ln.strip()]
            if not lines:
                return f"{key_file()}: the key file holds no key"
            _parse(lines, str(key_file()))
    except KeyConfigurationError as exc:
        return str(exc)
    except OSError as exc:
        return f"{key_file()}: {exc.strerror}"
    return None


def add_key() -> str:
    """Put a new key first in the key file (it encrypts from now on); returns its id."""
    if getattr(settings, "NOTES_KEYS", None):
        raise KeyConfigurationError(
            "The keys come from WEERBAAR_NOTES_KEYS: put a new key first there instead."
        )
    current = keys()
    taken = {key_id for key_id, _ in current}
    number = len(current) + 1
    while f"k{number}" in taken:
        number += 1
    key_id = f"k{number}"
    lines = [ln for ln in key_file().read_text(encoding="utf-8").splitlines() if ln.strip()]
    _write_key_file(key_file(), [new_key_line(key_id), *lines])
    return key_id


def active_key_id() -> str:
    return keys()[0][0]


def _aad(uid: bytes) -> bytes:
    return b"weerbaar.notes.v1|" + uid


def seal(plaintext: bytes, uid: bytes) -> Sealed:
    """Encrypt ``plaintext`` for the note with ``uid`` under the active key."""
    key_id, key = keys()[0]
    nonce = secrets.token_bytes(NONCE_BYTES)
    return Sealed(key_id, nonce, AESGCM(key).encrypt(nonce, plaintext, _aad(uid)))


def open_sealed(sealed: Sealed, uid: bytes) -> bytes:
    """Decrypt a ciphertext of the note with ``uid``; raises :class:`NoteUnreadable`."""
    by_id = dict(keys())
    key = by_id.get(sealed.key_id)
    if key is None:
        raise NoteUnreadable(f"key {sealed.key_id!r} is not configured")
    try:
        return AESGCM(key).decrypt(bytes(sealed.nonce), bytes(sealed.ciphertext), _aad(uid))
    except InvalidTag as exc:
        raise NoteUnreadable("the ciphertext does not decrypt") from exc
