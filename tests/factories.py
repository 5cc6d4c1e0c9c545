"""Small factories for tests that build their own world instead of reading the demo data.

Each call makes new objects with unique names, so tests can combine them freely::

    org = make_organisation()
    coordinator = make_user(role=Role.COORDINATOR, organisation=org)
    scan = make_scan(org, created_by=coordinator)
"""

from __future__ import annotations

import datetime
from itertools import count

from django.contrib.auth import get_user_model
from django.test import Client

from weerbaar.accounts import mfa
from weerbaar.library.loader import current_version, load_shipped
from weerbaar.library.models import LibraryVersion
from weerbaar.organisations.models import (
    Department,
    Membership,
    Organisation,
    Region,
    RegionMembership,
)
from weerbaar.scans.models import Scan
from weerbaar.scans.services import create_scan

PASSWORD = "een-lang-testwachtwoord"
_numbers = count(1)


def _next() -> int:
    return next(_numbers)


def make_region(name: str | None = None) -> Region:
    n = _next()
    return Region.objects.create(name=name or f"RIEC Testregio {n}", slug=f"testregio-{n}")


def make_organisation(
    name: str | None = None,
    *,
    region: Region | None = None,
    departments: tuple[str, ...] = (),
    **fields,
) -> Organisation:
    n = _next()
    org = Organisation.objects.create(
        name=name or f"Gemeente Testdorp {n}", slug=f"testdorp-{n}", region=region, **fields
    )
    for position, department in enumerate(departments):
        make_department(org, department, position=position)
    return org


def make_department(organisation: Organisation, name: str, position: int = 0) -> Department:
    return Department.objects.create(organisation=organisation, name=name, position=position)


def make_user(
    email: str | None = None,
    *,
    role: str | None = None,
    organisation: Organisation | None = None,
    superuser: bool = False,
    full_name: str = "",
):
    """A user; with ``role`` and ``organisation`` also a membership of that organisation."""
    User = get_user_model()
    email = email or f"gebruiker{_next()}@testdorp.test"
    if superuser:
        user = User.objects.create_superuser(email=email, password=PASSWORD, full_name=full_name)
    else:
        user = User.objects.create_user(email=email, password=PASSWORD, full_name=full_name)
    if role is not None:
        assert organisation is not None, "a role needs an organisation"
        Membership.objects.create(user=user, organisation=organisation, role=role)
    return user


def make_riec_adviser(region: Region, email: str | None = None):
    user = make_user(email)
    RegionMembership.objects.create(user=user, region=region)
    return user


def library_version() -> LibraryVersion:
    """The current shipped library version (loaded if none is)."""
    version = current_version()
    if version is None:
        load_shipped()
        version = current_version()
    assert version is not None
    return version


def make_scan(
    organisation: Organisation,
    *,
    title: str | None = None,
    created_by=None,
    status: str | None = None,
    previous_scan: Scan | None = None,
) -> Scan:
    scan = create_scan(
        organisation=organisation,
        title=title or f"Testscan {_next()}",
        library_version=library_version(),
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 3, 1),
        created_by=created_by,
        previous_scan=previous_scan,
    )
    if status is not None:
        scan.status = status
        scan.save(update_fields=["status"])
    return scan


def mark_verified(client: Client, user) -> None:
    """Mark the client's session as past the second factor, as a real log-in would."""
    session = client.session
    session[mfa.SESSION_KEY] = mfa.verified_marker(user, "totp")
    session.save()


class VerifiedClient(Client):
    """A test client whose ``force_login`` also passes the second factor."""

    def force_login(self, user, backend=None):
        super().force_login(user, backend)
        mark_verified(self, user)


def client_for_user(user) -> Client:
    client = VerifiedClient()
    client.force_login(user)
    return client
