"""No answer tells whether an e-mail address has an account elsewhere on the platform."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from tests.factories import client_for_user, make_organisation, make_scan, make_user
from weerbaar.organisations.models import Role

pytestmark = pytest.mark.django_db


def added(client, org, email: str, role: str = "lezer"):
    mail.outbox.clear()
    response = client.post(f"/o/{org.slug}/leden/", {"email": email, "role": role})
    shown = client.get(response["Location"])  # shows (and uses up) the message
    texts = [str(m) for m in shown.context["messages"]]
    to_address = [m for m in mail.outbox if m.to == [email]]
    return response, texts, to_address


@pytest.mark.parametrize("role", ["lezer", "coordinator"])
def test_members_form_answers_the_same_for_known_and_unknown_addresses(role):
    org, elsewhere = make_organisation(), make_organisation()
    coordinator = client_for_user(make_user(role=Role.COORDINATOR, organisation=org))
    make_user(role=Role.COORDINATOR, organisation=org)  # someone to tell of the change
    make_user("bestaat@elders.test", role=Role.LEZER, organisation=elsewhere)

    known = added(coordinator, org, "bestaat@elders.test", role)
    unknown = added(coordinator, org, "bestaat.niet@elders.test", role)

    assert known[0].status_code == unknown[0].status_code == 302
    assert known[0]["Location"] == unknown[0]["Location"]
    anonymised = [
        [re.sub(r"\S+@elders\.test", "<adres>", text) for text in texts]
        for texts in (known[1], unknown[1])
    ]
    assert anonymised[0] == anonymised[1]
    # Both addresses get exactly as many e-mails (a direct role: one; a request: none yet).
    assert len(known[2]) == len(unknown[2]) == (1 if role == "lezer" else 0)
    page = coordinator.get(f"/o/{org.slug}/leden/").content.decode()
    if role == "coordinator":  # a pending request shows the address as typed, nothing more
        assert "bestaat@elders.test" in page and "bestaat.niet@elders.test" in page


def test_action_owner_error_is_the_same_for_a_foreign_and_a_missing_account():
    org, elsewhere = make_organisation(), make_organisation()
    coordinator = make_user(role=Role.COORDINATOR, organisation=org)
    outsider = make_user(role=Role.LEZER, organisation=elsewhere)
    scan = make_scan(org)
    client = client_for_user(coordinator)
    url = reverse("actions:create", kwargs={"org": org.slug, "scan_id": scan.pk})
    missing_pk = get_user_model().objects.order_by("-pk").first().pk + 1000

    def error_for(owner: str) -> str:
        response = client.post(url, {"title": "Actie", "owner": owner})
        assert response.status_code == 200
        body = response.content.decode()
        found = re.findall(r"Deze eigenaar hoort niet bij [^<]*", body)
        assert found, "the form shows why the owner is refused"
        return found[0]

    assert error_for(f"user:{outsider.pk}") == error_for(f"user:{missing_pk}")
