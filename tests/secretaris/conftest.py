from __future__ import annotations

import pytest

from tests.factories import client_for_user, make_user
from weerbaar.organisations.models import Role


@pytest.fixture
def member_client(voorbeeld):
    """A logged-in client for a new member of Gemeente Voorbeeld with ``role``."""

    def make(role: str):
        user = make_user(role=role, organisation=voorbeeld)
        return user, client_for_user(user)

    return make


EVERY_ROLE = [
    "beheerder",
    "riec",
    "coordinator",
    "actiehouder",
    "lezer",
    "oosterveld",
    Role.BURGEMEESTER,
    Role.AFDELINGSHOOFD,
    Role.ONDERZOEKER,
    "other_secretaris",
]
