"""The organisation's pages for the provider's configuration and the claim rules."""

from __future__ import annotations

import pytest
from django.urls import reverse

from weerbaar.audit.models import AuditEvent
from weerbaar.oidc import rules
from weerbaar.oidc.models import ClaimRule, ClientSecret, Configuration
from weerbaar.organisations.models import Role

pytestmark = pytest.mark.django_db

SECRET = "s3cret-value-that-must-never-show"


def settings_url(org: str = "voorbeeld") -> str:
    return reverse("oidc:settings", kwargs={"org": org})


def save(client, **changes):
    data = {
        "enabled": "on",
        "issuer": "https://sso.voorbeeld.nl/realms/gemeente/",
        "client_id": "weerbaar",
        "client_secret": SECRET,
        "scopes": "email profile groups",
        "mfa_acr_values": "",
    }
    data.update(changes)
    return client.post(settings_url(), data)


def test_coordinator_saves_the_configuration_and_the_secret_is_never_shown(client_for, voorbeeld):
    client = client_for("coordinator")
    assert save(client).status_code == 302
    configuration = Configuration.objects.get(organisation=voorbeeld)
    assert configuration.issuer == "https://sso.voorbeeld.nl/realms/gemeente"
    assert configuration.scopes == "openid email profile groups"
    stored = ClientSecret.objects.get(configuration=configuration).encrypted
    assert SECRET not in stored
    assert rules.client_secret(configuration) == SECRET

    page = client.get(settings_url()).content.decode()
    assert SECRET not in page and stored not in page
    assert "http://127.0.0.1:8000/oidc/voorbeeld/terug/" in page or "/oidc/voorbeeld/terug/" in page

    # Saving again without a secret keeps the stored one.
    assert save(client, client_secret="", client_id="weerbaar-2").status_code == 302
    assert rules.client_secret(Configuration.objects.get(pk=configuration.pk)) == SECRET


def test_configuration_changes_are_audited_without_the_secret(client_for, voorbeeld):
    client = client_for("coordinator")
    save(client)
    save(client, client_id="ander-id", client_secret="")
    events = AuditEvent.objects.filter(object_type="oidc.Configuration").order_by("id")
    assert [e.action for e in events] == ["create", "update"]
    assert events[1].before["client_id"] == "weerbaar"
    assert events[1].after["client_id"] == "ander-id"
    for event in AuditEvent.objects.all():
        assert SECRET not in str(event.before) + str(event.after)
    assert not AuditEvent.objects.filter(object_type="oidc.ClientSecret").exists()


def test_bad_input_gets_a_dutch_message_and_keeps_what_was_typed(client_for, settings):
    settings.OIDC_ALLOW_INSECURE_ISSUER = False
    client = client_for("coordinator")
    response = save(client, issuer="http://sso.voorbeeld.nl", client_secret="")
    assert response.status_code == 200
    body = response.content.decode()
    assert "De issuer moet een https-adres zijn." in body
    assert "Vul het client secret in." in body
    assert 'value="weerbaar"' in body


def test_rules_for_a_confirmed_role_need_a_second_person(client_for, user_for, voorbeeld):
    coordinator = client_for("coordinator")
    save(coordinator)
    add = reverse("oidc:add_rule", kwargs={"org": "voorbeeld"})
    response = coordinator.post(
        add, {"claim": "groups", "value": "weerbaar-coordinatoren", "role": Role.COORDINATOR}
    )
    assert response.status_code == 302
    rule = ClaimRule.objects.get(value="weerbaar-coordinatoren")
    assert rule.confirmed_at is None

    confirm = reverse("oidc:confirm_rule", kwargs={"org": "voorbeeld"})
    # Not by the person who made it.
    assert coordinator.post(confirm, {"rule": rule.pk}).status_code == 403
    # The gemeentesecretaris sees the rule and confirms it.
    secretaris = client_for("secretaris")
    assert "weerbaar-coordinatoren" in secretaris.get(settings_url()).content.decode()
    assert secretaris.post(confirm, {"rule": rule.pk}).status_code == 302
    rule.refresh_from_db()
    assert rule.confirmed_by == user_for("secretaris")

    # A rule for a role without confirmation holds at once; duplicates are refused in Dutch.
    coordinator.post(add, {"claim": "groups", "value": "lezers", "role": Role.LEZER})
    assert ClaimRule.objects.get(value="lezers").confirmed_at is not None
    response = coordinator.post(add, {"claim": "groups", "value": "lezers", "role": Role.LEZER})
    assert "Deze regel bestaat al." in response.content.decode()

    remove = reverse("oidc:remove_rule", kwargs={"org": "voorbeeld"})
    assert secretaris.post(remove, {"rule": rule.pk}).status_code == 403
    assert coordinator.post(remove, {"rule": rule.pk}).status_code == 302
    assert not ClaimRule.objects.filter(pk=rule.pk).exists()
    actions = list(
        AuditEvent.objects.filter(object_type="oidc.ClaimRule").values_list("action", flat=True)
    )
    assert actions.count("create") == 2 and "update" in actions and "delete" in actions


@pytest.mark.parametrize("role", ["secretaris", "riec", "lezer", "oosterveld"])
def test_others_cannot_change_the_configuration(client_for, role, voorbeeld):
    client = client_for(role)
    response = save(client)
    assert response.status_code in {403, 404}
    assert not Configuration.objects.filter(organisation=voorbeeld).exists()


def test_rule_of_another_organisation_cannot_be_touched(client_for, oosterveld):
    configuration = rules.save_configuration(
        Configuration(organisation=oosterveld, issuer="https://idp.oosterveld.nl", client_id="x")
    )
    rule = ClaimRule.objects.create(
        configuration=configuration, claim="groups", value="g", role=Role.LEZER
    )
    client = client_for("coordinator")
    save(client)
    for name in ("oidc:remove_rule", "oidc:confirm_rule"):
        response = client.post(reverse(name, kwargs={"org": "voorbeeld"}), {"rule": rule.pk})
        assert response.status_code == 404
    assert ClaimRule.objects.filter(pk=rule.pk).exists()
