"""From verified claims to a user with roles in one organisation.

Claims grant roles only through the organisation's :class:`~weerbaar.oidc.models.ClaimRule`
rows: no matching rule, no access. An unknown person gets an account only when a rule grants
a role, and only with an e-mail address the provider marks as verified. An existing account
is found by the provider's subject (after a first login) or by its normalised e-mail address.

An organisation's identity provider can assert any e-mail address, so it may log in only
accounts whose access is confined to that organisation: never a platform beheerder, a RIEC
adviser or someone with a role in another organisation (they log in with a password).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from weerbaar.accounts import normalise_email
from weerbaar.organisations.models import Membership

from .models import ClaimRule, Configuration, GrantedMembership, Identity

# RFC 8176 authentication method references that mean a factor beyond the password.
SECOND_FACTOR_AMR = frozenset({"mfa", "mca", "otp", "hwk", "swk", "sc", "sms", "tel"})


class LoginRefused(Exception):
    """The provider's answer gives no access; ``message`` says why, in the user's language."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class LoginOutcome:
    user: Any
    roles: frozenset[str]
    second_factor: bool
    created: bool


def _as_strings(value: Any) -> list[str]:
    if isinstance(value, (list, tuple, set)):
        return [str(v) for v in value]
    if value is None:
        return []
    if isinstance(value, bool):
        return [str(value).lower()]
    return [str(value)]


def rule_matches(rule: ClaimRule, claims: Mapping[str, Any]) -> bool:
    """The claim equals the rule's value or, when it is a list, contains it (case-sensitive)."""
    return rule.value in _as_strings(claims.get(rule.claim))


def matching_roles(rules: Iterable[ClaimRule], claims: Mapping[str, Any]) -> set[str]:
    return {rule.role for rule in rules if rule_matches(rule, claims)}


def asserts_second_factor(configuration: Configuration, claims: Mapping[str, Any]) -> bool:
    """Whether the provider says the person used a second factor (``amr`` or ``acr``)."""
    amr = set(_as_strings(claims.get("amr")))
    if amr & SECOND_FACTOR_AMR:
        return True
    acr = claims.get("acr")
    return isinstance(acr, str) and acr in configuration.acr_list()


def _is_true(value: Any) -> bool:
    return value is True or (isinstance(value, str) and value.lower() == "true")


def verified_email(claims: Mapping[str, Any]) -> str:
    """The e-mail address, if the provider vouches for it.

    ``email_verified`` is the standard claim; Entra ID sends ``xms_edov`` (e-mail domain
    owner verified) instead when that optional claim is configured.
    """
    email = claims.get("email")
    if not isinstance(email, str) or "@" not in email:
        raise LoginRefused(
            _(
                "De identiteitsprovider gaf geen e-mailadres door. Vraag uw beheerder om de "
                "scope email."
            )
        )
    if not (_is_true(claims.get("email_verified")) or _is_true(claims.get("xms_edov"))):
        raise LoginRefused(
            _(
                "De identiteitsprovider heeft uw e-mailadres niet als bevestigd doorgegeven. "
                "Daarom kunt u op deze manier niet inloggen."
            )
        )
    return normalise_email(email)


def _confined_to(user: Any, configuration: Configuration) -> bool:
    organisation = configuration.organisation
    return not (
        user.is_superuser
        or user.region_memberships.exists()
        or user.memberships.exclude(organisation=organisation).exists()
    )


def _withdraw_granted(user: Any, configuration: Configuration, keep: set[str]) -> None:
    stale = Membership.objects.filter(
        user=user, organisation=configuration.organisation, oidc_grant__isnull=False
    ).exclude(role__in=keep)
    for membership in stale:
        membership.delete()


def _grant(user: Any, configuration: Configuration, roles: set[str]) -> None:
    for role in sorted(roles):
        membership, created = Membership.objects.get_or_create(
            user=user, organisation=configuration.organisation, role=role
        )
        if created:
            GrantedMembership.objects.create(membership=membership)
    _withdraw_granted(user, configuration, keep=roles)


def _find_user(configuration: Configuration, subject: str, email: str) -> Any:
    identity = (
        Identity.objects.filter(configuration=configuration, subject=subject)
        .select_related("user")
        .first()
    )
    if identity is not None:
        return identity.user
    return get_user_model().objects.filter(email__iexact=email).first()


def resolve_login(configuration: Configuration, claims: Mapping[str, Any]) -> LoginOutcome:
    """The user to log in for these verified claims, with memberships brought up to date.

    Raises :class:`LoginRefused` when the claims give no access; memberships that rules
    granted earlier and no longer grant are withdrawn even then.
    """
    organisation = configuration.organisation
    subject = claims.get("sub")
    if not isinstance(subject, str) or not subject:
        raise LoginRefused(_("De identiteitsprovider gaf geen geldige gebruikers-ID (sub) door."))
    roles = matching_roles(configuration.rules.filter(confirmed_at__isnull=False), claims)
    if not roles:
        linked = Identity.objects.filter(configuration=configuration, subject=subject).first()
        if linked is not None:
            with transaction.atomic():
                _withdraw_granted(linked.user, configuration, keep=set())
        raise LoginRefused(
            _(
                "Uw account bij de identiteitsprovider geeft geen toegang tot %(organisation)s. "
                "Vraag de scancoördinator van uw organisatie om u toegang te geven."
            )
            % {"organisation": organisation.name}
        )
    email = verified_email(claims)
    user = _find_user(configuration, subject, email)
    if user is not None:
        if not user.is_active or user.is_demo:
            raise LoginRefused(_("Dit account is uitgeschakeld."))
        if not _confined_to(user, configuration):
            raise LoginRefused(
                _(
                    "Uw account heeft ook toegang buiten %(organisation)s. Log daarom in met uw "
                    "e-mailadres en wachtwoord."
                )
                % {"organisation": organisation.name}
            )
    created = user is None
    with transaction.atomic():
        if user is None:
            name = claims.get("name")
            user = get_user_model().objects.create_user(
                email=email, full_name=name[:200] if isinstance(name, str) else ""
            )
        _grant(user, configuration, roles)
        Identity.objects.update_or_create(
            configuration=configuration, subject=subject, defaults={"user": user}
        )
    return LoginOutcome(
        user=user,
        roles=frozenset(roles),
        second_factor=asserts_second_factor(configuration, claims),
        created=created,
    )
