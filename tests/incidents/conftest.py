"""A small world for incidents: one organisation with a member in every role, a VPT
coordinator, a signal handler, a restricted viewer, and a local SMTP server."""

from __future__ import annotations

import datetime
import email
import socket
from dataclasses import dataclass
from email import policy

import pytest
from aiosmtpd.controller import Controller
from django.utils import timezone

from tests.factories import make_organisation, make_region, make_riec_adviser, make_user
from weerbaar.incidents import services
from weerbaar.incidents.access import settings_for
from weerbaar.organisations.models import Membership, Role


def aware(y: int, m: int, d: int, hour: int = 8, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(y, m, d, hour, minute))


class Collector:
    def __init__(self):
        self.messages: list = []

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append((sorted(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp(settings):
    """A real SMTP server on a loopback port; its messages as (recipients, message)."""
    handler = Collector()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    try:
        yield handler
    finally:
        controller.stop()


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
