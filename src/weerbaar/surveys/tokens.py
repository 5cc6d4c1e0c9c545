"""Link tokens and what is stored of them (see the anonymity rules in :mod:`.services`).

A token itself is never stored: an invitation keeps a SHA-256 hash (the *link hash*), an
unfinished response (draft) a keyed HMAC of that link hash (to resume), an open link's start
form a hash of its one-time nonce.

The draft's key is derived from the link hash so that the batch worker, which holds the
server's SECRET_KEY, can tell which invitations have started or submitted without the
respondent's request ever writing to the invitation. Without SECRET_KEY nobody can join a
draft to an invitation; the final response stores no hash at all.
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


def resume_hash_of_link(link_hash: str) -> str:
    """The draft key of a link, from the link hash an invitation stores."""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"weerbaar-response:{link_hash}".encode(), hashlib.sha256).hexdigest()


def response_resume_hash(token: str) -> str:
    """The draft key of a link token (personal or open link)."""
    return resume_hash_of_link(invitation_token_hash(token))


def legacy_resume_hash(token: str) -> str:
    """The draft key before drafts were derived from the link hash (resumed once, rekeyed)."""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"weerbaar-response:{token}".encode(), hashlib.sha256).hexdigest()


def nonce_hash(nonce: str) -> str:
    return hashlib.sha256(f"weerbaar-open-nonce:{nonce}".encode()).hexdigest()
