"""Commands that take ``--now`` read it the same way and refuse what is not a moment."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from weerbaar.core.management.options import parse_now


@pytest.mark.parametrize(
    "command", [("gs", "remind"), ("incidents", "run"), ("reminders", "run")], ids=str
)
def test_a_now_that_is_not_a_moment_is_refused_with_an_example(command):
    with pytest.raises(CommandError, match="not an ISO date or time, e.g. 2026-12-01T08:00"):
        call_command(*command, "--now", "gisteren")


def test_a_now_without_a_zone_is_local_time():
    moment = parse_now("2027-03-29T07:00")
    assert moment == timezone.make_aware(datetime.datetime(2027, 3, 29, 7, 0))
    assert parse_now(None) is None and parse_now("") is None
