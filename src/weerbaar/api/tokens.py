"""Creating, revoking and checking API tokens.

A token is ``wb_`` and 43 random URL-safe characters (256 bits); only its SHA-256 is stored,
so a lost token cannot be shown again, only revoked and replaced. Creation and revocation are
saved on the audited :class:`~weerbaar.api.models.ApiToken`, so the audit log records who did
it; the time of last use is written without a trace in the log (it is no change of data).
"""

from __future__ import annotations

import datetime
import hashlib
import secrets
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from weerbaar.organisations.models import Organisation
from weerbaar.organisations.permissions import has_permission

from .models import ApiToken, Scope

TOKEN_PREFIX = "wb_"  # noqa: S105 (the visible start of every token, no secret)
MANAGE = "api.manage"
#: The longest a token may live: a forgotten token stops working on its own.
MAX_LIFETIME = datetime.timedelta(days=2 * 366)
#: The time of last use is written at most once per this interval per token.
LAST_USED_RESOLUTION = datetime.timedelta(minutes=1)


@dataclass(frozen=True)
class NewToken:
    """A token just created: ``key`` is the only time the token itself is available."""

    token: ApiToken
    key: str


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def organisation_tokens(organisation: Organisation) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(organisation=organisation).select_related(
        "created_by", "revoked_by"
    )


def create_token(
    organisation: Organisation,
    *,
    name: str,
    scopes: list[str],
    expires_on: datetime.date,
    user,
    now: datetime.datetime | None = None,
) -> NewToken:
    """Create a token for ``organisation``; raises ``ValidationError`` on bad input."""
    now = now or timezone.now()
    errors: dict[str, list[str]] = {}
    if not name.strip():
        errors["name"] = [_("Geef de sleutel een naam, bijvoorbeeld het systeem dat hem gebruikt.")]
    unknown = [s for s in scopes if s not in Scope.values]
    if not scopes or unknown:
        errors["scopes"] = [_("Kies ten minste één recht uit de lijst.")]
    today = timezone.localdate(now)
    if expires_on <= today:
        errors["expires_on"] = [_("De vervaldatum ligt na vandaag.")]
    elif expires_on > today + MAX_LIFETIME:
        errors["expires_on"] = [
            _("Een sleutel is ten hoogste twee jaar geldig; kies een eerdere vervaldatum.")
        ]
    if not has_permission(user, organisation, MANAGE):
        errors["__all__"] = [_("U mag voor deze organisatie geen API-sleutels beheren.")]
    if errors:
        raise ValidationError(errors)
    key = TOKEN_PREFIX + secrets.token_urlsafe(32)
    expires_at = timezone.make_aware(
        datetime.datetime.combine(expires_on, datetime.time.max.replace(microsecond=0))
    )
    token = ApiToken.objects.create(
        organisation=organisation,
        name=name.strip()[:100],
        prefix=key[:10],
        key_hash=hash_key(key),
        scopes=sorted(set(scopes)),
        created_by=user,
        expires_at=expires_at,
    )
    return NewToken(token=token, key=key)


def revoke_token(token: ApiToken, *, user, now: datetime.datetime | None = None) -> ApiToken:
    """Revoke ``token`` (again: nothing changes); it never works again."""
    if token.revoked_at is None:
        token.revoked_at = now or timezone.now()
        token.revoked_by = user
        token.save(update_fields=["revoked_at", "revoked_by"])
    return token


def is_active(token: ApiToken, now: datetime.datetime | None = None) -> bool:
    """Not revoked, not expired, and its creator still manages the organisation's tokens."""
    now = now or timezone.now()
    creator = token.created_by
    return (
        token.revoked_at is None
        and token.expires_at > now
        and creator is not None
        and creator.is_active
        and has_permission(creator, token.organisation, MANAGE)
    )


def token_for_key(key: str, now: datetime.datetime | None = None) -> ApiToken | None:
    """The active token ``key`` belongs to (None for anything else); notes its last use."""
    if not key.startswith(TOKEN_PREFIX) or len(key) > 100:
        return None
    now = now or timezone.now()
    token = (
        ApiToken.objects.select_related("organisation", "created_by")
        .filter(key_hash=hash_key(key))
        .first()
    )
    if token is None or not is_active(token, now):
        return None
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        # A plain update: the time of use is no change the audit log has to record.
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
