"""Who may use the workspace: the gemeentesecretaris (and the beheerder); the burgemeester
only where the organisation allows it, a setting only the secretaris changes."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import client_for_user, make_user
from weerbaar.organisations.models import Role
from weerbaar.scans.dashboard import dashboard_links
from weerbaar.secretaris.access import settings_for

pytestmark = pytest.mark.django_db


def _urls(org):
    return [
        reverse(name, kwargs={"org": org.slug})
        for name in ("secretaris:home", "secretaris:agenda", "secretaris:portfolios")
    ]


@pytest.mark.parametrize("role", ["coordinator", "actiehouder", "lezer", "riec"])
def test_other_roles_are_refused(role, client_for, voorbeeld):
    client = client_for(role)
    for url in _urls(voorbeeld):
        assert client.get(url).status_code == 403


def test_researcher_and_department_head_are_refused(voorbeeld):
    for role in (Role.ONDERZOEKER, Role.AFDELINGSHOOFD):
        client = client_for_user(make_user(role=role, organisation=voorbeeld))
        for url in _urls(voorbeeld):
            assert client.get(url).status_code in {403, 404}


def test_the_burgemeester_only_where_allowed(client_for, voorbeeld):
    mayor = make_user(role=Role.BURGEMEESTER, organisation=voorbeeld)
    client = client_for_user(mayor)
    assert not settings_for(voorbeeld).burgemeester_access
    for url in _urls(voorbeeld):
        assert client.get(url).status_code == 403

    secretaris = client_for("secretaris")
    home = reverse("secretaris:home", kwargs={"org": voorbeeld.slug})
    form = secretaris.get(home).context["form"]
    response = secretaris.post(
        home,
        {
            "cadence_weeks": 6,
            "remind_days_before": 10,
            "burgemeester_access": "on",
            "lock_version": form["lock_version"].value(),
        },
    )
    assert response.status_code == 302
    assert settings_for(voorbeeld).burgemeester_access
    for url in _urls(voorbeeld):
        assert client.get(url).status_code == 200
    # Access to the workspace is no access to the secretaris' self-scan.
    own = client.get(reverse("secretaris:selfscan", kwargs={"org": voorbeeld.slug}))
    assert own.status_code == 200
    assert own.context["scan"] is None and not own.context["can_answer"]
    assert "Sander Secretaris" not in own.content.decode()
    # The burgemeester does not decide about their own access.
    mayor_form = client.get(home).context["form"]
    assert "burgemeester_access" not in mayor_form.fields


def test_bad_settings_keep_the_input(client_for, voorbeeld):
    secretaris = client_for("secretaris")
    home = reverse("secretaris:home", kwargs={"org": voorbeeld.slug})
    response = secretaris.post(home, {"cadence_weeks": 13, "remind_days_before": 99})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Kies ten hoogste 60 dagen." in body
    assert 'value="99"' in body


def test_the_link_on_the_organisation_page(user_for, voorbeeld):
    labels = [str(link["label"]) for link in dashboard_links(user_for("secretaris"), voorbeeld)]
    assert "Werkplek gemeentesecretaris" in labels
    labels = [str(link["label"]) for link in dashboard_links(user_for("lezer"), voorbeeld)]
    assert "Werkplek gemeentesecretaris" not in labels
