"""Managing an organisation's OIDC configuration and claim rules (four-eyes where needed).

A rule that grants a role needing a second person's confirmation (scancoördinator,
gemeentesecretaris: :data:`weerbaar.organisations.governance.CONFIRMED_ROLES`) grants nothing
until someone else who may confirm roles confirms the rule, so a claim rule is no way around
the confirmation that adding such a member directly needs.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from weerbaar.organisations.governance import CONFIRMED_ROLES, insiders
from weerbaar.organisations.models import Organisation
from weerbaar.organisations.permissions import has_permission

from . import secrets
from .models import ClaimRule, ClientSecret, Configuration

MANAGE_PERMISSION = "organisation.manage"


def configuration_of(organisation: Organisation) -> Configuration | None:
    return Configuration.objects.filter(organisation=organisation).first()


@transaction.atomic
def save_configuration(configuration: Configuration, *, client_secret: str = "") -> Configuration:
    """Save the configuration; a non-empty ``client_secret`` replaces the stored one."""
    if client_secret:
        configuration.secret_changed_at = timezone.now()
    configuration.save()
    if client_secret:
        ClientSecret.objects.update_or_create(
            configuration=configuration,
            defaults={"encrypted": secrets.encrypt(client_secret)},
        )
    return configuration


def client_secret(configuration: Configuration) -> str:
    stored = ClientSecret.objects.filter(configuration=configuration).first()
    return secrets.decrypt(stored.encrypted) if stored is not None else ""


def needs_second_person(rule_role: str) -> bool:
    return rule_role in CONFIRMED_ROLES


def _beheerder_sets_up(user: Any, organisation: Organisation) -> bool:
    """The platform beheerder sets up an organisation that has no one to confirm yet."""
    return bool(user.is_superuser) and not insiders(organisation).exists()


@transaction.atomic
def add_rule(
    configuration: Configuration, *, by: Any, claim: str, value: str, role: str
) -> ClaimRule:
    organisation = configuration.organisation
    if not has_permission(by, organisation, MANAGE_PERMISSION):
        raise PermissionDenied
    claim, value = claim.strip(), value.strip()
    if configuration.rules.filter(claim=claim, value=value, role=role).exists():
        raise ValidationError(_("Deze regel bestaat al."))
    direct = not needs_second_person(role) or _beheerder_sets_up(by, organisation)
    return ClaimRule.objects.create(
        configuration=configuration,
        claim=claim,
        value=value,
        role=role,
        created_by=by,
        confirmed_by=by if direct else None,
        confirmed_at=timezone.now() if direct else None,
    )


def may_confirm(user: Any, rule: ClaimRule) -> bool:
    if rule.confirmed_at is not None or not user.is_authenticated:
        return False
    if user.pk == rule.created_by_id:
        return False
    organisation = rule.configuration.organisation
    if has_permission(user, organisation, "members.confirm"):
        return True
    others = insiders(organisation)
    if rule.created_by_id is not None:
        others = others.exclude(user_id=rule.created_by_id)
    return bool(user.is_superuser) and not others.exists()


def confirm_rule(rule: ClaimRule, *, by: Any) -> None:
    if not may_confirm(by, rule):
        raise PermissionDenied
    rule.confirmed_by = by
    rule.confirmed_at = timezone.now()
    rule.save()


def remove_rule(rule: ClaimRule, *, by: Any) -> None:
    """Delete a rule; memberships it granted go at the person's next OIDC login."""
    if not has_permission(by, rule.configuration.organisation, MANAGE_PERMISSION):
        raise PermissionDenied
    rule.delete()
