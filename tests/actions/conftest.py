from __future__ import annotations

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from weerbaar.actions.models import Action
from weerbaar.organisations.models import Membership, Organisation, Role
from weerbaar.scans.services import create_scan


def aware(y: int, m: int, d: int, hour: int = 8) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(y, m, d, hour, 0))


@pytest.fixture
def fresh_org(db, baseline_scan):
    """A separate municipality with its own coordinator, two owners and a scan."""
    User = get_user_model()
    org = Organisation.objects.create(name="Gemeente Testdorp", slug="testdorp")
    users = {}
    for key, role in (
        ("coordinator", Role.COORDINATOR),
        ("owner", Role.ACTIEHOUDER),
        ("owner2", Role.ACTIEHOUDER),
        ("secretaris", Role.SECRETARIS),
    ):
        user = User.objects.create_user(
            email=f"{key}@testdorp.test", password="x" * 16, full_name=key
        )
        Membership.objects.create(user=user, organisation=org, role=role)
        users[key] = user
    scan = create_scan(
        organisation=org,
        title="Scan Testdorp",
        library_version=baseline_scan.library_version,
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 3, 1),
        created_by=users["coordinator"],
    )
    return {"org": org, "scan": scan, **users}


@pytest.fixture
def make_action(fresh_org):
    def make(**fields) -> Action:
        defaults = {
            "scan": fresh_org["scan"],
            "title": "Vier-ogenprincipe invoeren",
            "owner_user": fresh_org["owner"],
            "owner_role": "",
            "due_date": datetime.date(2027, 3, 15),
        }
        defaults.update(fields)
        return Action.objects.create(**defaults)

    return make
