"""Tokens and token-carrying clients for the API tests."""

from __future__ import annotations

import datetime

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from weerbaar.api.models import Scope
from weerbaar.api.tokens import create_token

ALL_SCOPES = list(Scope.values)


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """The request counts of the rate limit live in the cache: every test starts at zero."""
    cache.clear()
    yield
    cache.clear()


def api_client(key: str) -> Client:
    return Client(headers={"Authorization": f"Bearer {key}"})


@pytest.fixture
def token_for(user_for, voorbeeld, oosterveld):
    """``token_for("voorbeeld", scopes)``: (token, key) made by that organisation's coordinator."""

    def make(org: str = "voorbeeld", scopes: list[str] | None = None, name: str = "Test"):
        organisation = {"voorbeeld": voorbeeld, "oosterveld": oosterveld}[org]
        user = user_for("coordinator" if org == "voorbeeld" else "oosterveld")
        created = create_token(
            organisation,
            name=name,
            scopes=ALL_SCOPES if scopes is None else scopes,
            expires_on=timezone.localdate() + datetime.timedelta(days=30),
            user=user,
        )
        return created.token, created.key

    return make


@pytest.fixture
def api_for(token_for):
    """``api_for("voorbeeld", scopes)``: a client that sends that organisation's token."""

    def make(org: str = "voorbeeld", scopes: list[str] | None = None) -> Client:
        return api_client(token_for(org, scopes)[1])

    return make
