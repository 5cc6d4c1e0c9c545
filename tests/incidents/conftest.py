"""A small world for incidents: one organisation with a member in every role, a VPT
coordinator, a signal handler, a restricted viewer, and a local SMTP server."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest
from django.utils import timezone

from tests.factories import make_organisation, make_region, make_riec_adviser, make_user
from tests.smtp import local_smtp
from weerbaar.incidents import services
from weerbaar.incidents.access import settings_for
from weerbaar.organisations.models import Membership, Role


def aware(y: int, m: int, d: int, hour: int = 8, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(y, m, d, hour, minute))


@pytest.fixture
def smtp(settings):
    """A real SMTP server on a loopback port; its messages as (recipients, message)."""
    with local_smtp(settings) as handler:
        yield handler


@dataclass
class World:
    org: object
    users: dict


@pytest.fixture
def world(db) -> World:
    region = make_region()
    org = make_organisation(region=region)
    users = {}
    for key, role in (
        ("coordinator", Role.COORDINATOR),
        ("coordinator2", Role.COORDINATOR),
        ("secretaris", Role.SECRETARIS),
        ("actiehouder", Role.ACTIEHOUDER),
        ("lezer", Role.LEZER),
        ("onderzoeker", Role.ONDERZOEKER),
        ("reporter", Role.LEZER),
        ("victim", Role.LEZER),
        ("handler", Role.ACTIEHOUDER),
        ("vpt", Role.ACTIEHOUDER),
        ("signals", Role.COORDINATOR),
    ):
        users[key] = make_user(f"{key}@{org.slug}.test", role=role, organisation=org)
    users["beheerder"] = make_user(f"beheerder@{org.slug}.test", superuser=True)
    users["riec"] = make_riec_adviser(region, f"riec@{org.slug}.test")
    conf = settings_for(org)
    conf.serious_roles = [Role.SECRETARIS.value]
    conf.coordinators = [users["vpt"].pk]
    conf.restricted_viewers = [users["secretaris"].pk]
    conf.signal_handlers = [users["signals"].pk]
    conf.save()
    assert Membership.objects.filter(organisation=org).count() == 11
    return World(org=org, users=users)


def report(world: World, when=None, **fields):
    data = {
        "category": "bedreiging",
        "occurred_on": datetime.date(2026, 3, 1),
        "form": "phone",
        "target_function": "Baliemedewerker",
        "description": "Dreigende beller.",
        "victim": world.users["victim"],
        **fields,
    }
    return services.report_incident(
        world.org, services.IncidentInput(**data), world.users["reporter"], now=when
    )
