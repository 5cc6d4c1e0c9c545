"""The coordinator's API token page: created (shown once, stored hashed), revoked, audited."""

from __future__ import annotations

import hashlib
import re

import pytest

from tests.api.conftest import api_client
from weerbaar.api.models import ApiToken
from weerbaar.audit.models import AuditEvent

pytestmark = pytest.mark.django_db
URL = "/o/voorbeeld/api-sleutels/"


def create(client, **data):
    form = {"name": "Dashboard", "scopes": ["read"], "expires_on": "2099-01-01", **data}
    return client.post(URL, form)


def test_create_shows_the_token_once_and_stores_only_its_hash(client_for):
    client = client_for("coordinator")
    before = AuditEvent.objects.filter(object_type="api.ApiToken", action="create").count()
    response = create(client, expires_on=_in_days(100))
    assert response.status_code == 200
    body = response.content.decode()
    key = re.search(r'value="(wb_[A-Za-z0-9_-]+)"', body).group(1)
    token = ApiToken.objects.get(name="Dashboard")
    assert token.key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert key not in str(ApiToken.objects.filter(pk=token.pk).values().first())
    assert token.created_by.email == "coordinator@voorbeeld.demo"
    assert token.scopes == ["read"]
    events = AuditEvent.objects.filter(object_type="api.ApiToken", action="create")
    assert events.count() == before + 1
    assert key not in str(events.order_by("-sequence").first().after)
    # Shown once: the list page never shows it again.
    assert key not in client.get(URL).content.decode()
    assert api_client(key).get("/api/v1/organisations").status_code == 200


def test_revoke_is_audited_and_the_token_stops_working(client_for, token_for):
    token, key = token_for()
    client = client_for("coordinator")
    response = client.post(f"{URL}{token.pk}/intrekken/")
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None and token.revoked_by.email == "coordinator@voorbeeld.demo"
    event = AuditEvent.objects.filter(object_type="api.ApiToken", action="update").latest(
        "sequence"
    )
    assert event.after["revoked_at"] and event.object_id == str(token.pk)
    assert api_client(key).get("/api/v1/organisations").status_code == 401
    assert "ingetrokken op" in client.get(URL).content.decode()


def test_bad_input_keeps_what_was_typed_and_creates_nothing(client_for):
    client = client_for("coordinator")
    count = ApiToken.objects.count()
    response = create(client, name="Mijn koppeling", scopes=[], expires_on="2000-01-01")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Kies ten minste één recht" in body
    assert 'value="Mijn koppeling"' in body
    response = create(client, name="Mijn koppeling", expires_on="2000-01-01")
    assert "De vervaldatum ligt na vandaag." in response.content.decode()
    response = create(client, name="Te lang", expires_on="2099-01-01")
    assert "ten hoogste twee jaar" in response.content.decode()
    assert ApiToken.objects.count() == count


@pytest.mark.parametrize("role", ["lezer", "actiehouder", "secretaris", "riec"])
def test_only_coordinator_and_beheerder_manage_tokens(client_for, role, token_for):
    token, _key = token_for()
    client = client_for(role)
    assert client.get(URL).status_code == 403
    assert create(client, expires_on=_in_days(10)).status_code == 403
    assert client.post(f"{URL}{token.pk}/intrekken/").status_code == 403
    token.refresh_from_db()
    assert token.revoked_at is None


def test_other_organisations_token_cannot_be_revoked(client_for, token_for):
    token, _key = token_for("oosterveld")
    assert client_for("coordinator").post(f"{URL}{token.pk}/intrekken/").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def _in_days(days: int) -> str:
    import datetime

    from django.utils import timezone

    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()
