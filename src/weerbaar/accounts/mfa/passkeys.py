"""Passkeys and security keys (WebAuthn) through py_webauthn.

The views keep the challenge in the session between the options and the answer; these
functions only build options and check answers, so they are testable without a browser.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from webauthn import (
    base64url_to_bytes,
    generate_authentication_options,
    generate_registration_options,
    options_to_json,
    verify_authentication_response,
    verify_registration_response,
)
from webauthn.helpers.exceptions import WebAuthnException
from webauthn.helpers.structs import (
    AuthenticatorSelectionCriteria,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from weerbaar.accounts.models import WebAuthnCredential

RP_NAME = "Weerbaar"


class PasskeyError(Exception):
    """The browser's answer did not prove possession of a registered passkey."""


@dataclass(frozen=True)
class RelyingParty:
    """Who the passkeys are for: the host name (RP ID) and the exact origin of the site."""

    rp_id: str
    origin: str


@dataclass(frozen=True)
class Options:
    """Options for the browser (JSON) and the challenge to keep until its answer comes."""

    json: str
    challenge: bytes


def of_user(user: Any) -> QuerySet[WebAuthnCredential]:
    """The user's registered passkeys, oldest first."""
    return WebAuthnCredential.objects.filter(user=user).order_by("created_at")


def _user_handle(user: Any) -> bytes:
    # An opaque handle: the authenticator stores it, so it carries no e-mail address.
    return hashlib.sha256(f"weerbaar-user:{user.pk}".encode()).digest()


def _descriptors(user: Any) -> list[PublicKeyCredentialDescriptor]:
    return [
        PublicKeyCredentialDescriptor(id=bytes(c.credential_id))
        for c in WebAuthnCredential.objects.filter(user=user)
    ]


def registration_options(user: Any, rp: RelyingParty) -> Options:
    options = generate_registration_options(
        rp_id=rp.rp_id,
        rp_name=RP_NAME,
        user_id=_user_handle(user),
        user_name=user.email,
        user_display_name=user.get_full_name(),
        exclude_credentials=_descriptors(user),
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.PREFERRED,
            user_verification=UserVerificationRequirement.PREFERRED,
        ),
    )
    return Options(json=options_to_json(options), challenge=options.challenge)


def register(
    user: Any, answer: str, challenge: bytes, rp: RelyingParty, name: str
) -> WebAuthnCredential:
    """Store the passkey the browser created, after checking its answer to our challenge."""
    try:
        verified = verify_registration_response(
            credential=answer,
            expected_challenge=challenge,
            expected_rp_id=rp.rp_id,
            expected_origin=rp.origin,
        )
    except (WebAuthnException, ValueError, KeyError, TypeError, json.JSONDecodeError) as exc:
        raise PasskeyError(str(exc)) from exc
    if WebAuthnCredential.objects.filter(credential_id=verified.credential_id).exists():
        raise PasskeyError("This credential is registered already")
    return WebAuthnCredential.objects.create(
        user=user,
        name=name[:100],
        credential_id=verified.credential_id,
        public_key=verified.credential_public_key,
        sign_count=verified.sign_count,
    )


def authentication_options(user: Any, rp: RelyingParty) -> Options:
    options = generate_authentication_options(
        rp_id=rp.rp_id,
        allow_credentials=_descriptors(user),
        user_verification=UserVerificationRequirement.PREFERRED,
    )
    return Options(json=options_to_json(options), challenge=options.challenge)


def _credential_id(answer: str) -> bytes:
    try:
        raw_id = json.loads(answer)["rawId"]
        return base64url_to_bytes(str(raw_id))
    except (ValueError, KeyError, TypeError) as exc:
        raise PasskeyError("The answer names no credential") from exc


@transaction.atomic
def authenticate(user: Any, answer: str, challenge: bytes, rp: RelyingParty) -> WebAuthnCredential:
    """Check the browser's signed answer against one of the user's own passkeys."""
    credential = (
        WebAuthnCredential.objects.select_for_update()
        .filter(user=user, credential_id=_credential_id(answer))
        .first()
    )
    if credential is None:
        raise PasskeyError("Not a passkey of this user")
    try:
        verified = verify_authentication_response(
            credential=answer,
            expected_challenge=challenge,
            expected_rp_id=rp.rp_id,
            expected_origin=rp.origin,
            credential_public_key=bytes(credential.public_key),
            credential_current_sign_count=credential.sign_count,
        )
    except (WebAuthnException, ValueError, KeyError, TypeError) as exc:
        raise PasskeyError(str(exc)) from exc
    credential.sign_count = verified.new_sign_count
    credential.last_used_at = timezone.now()
    credential.save(update_fields=["sign_count", "last_used_at"])
    return credential
