"""A process nobody scored yet is "nog niet beoordeeld", never "0,0 Laag" as if measured."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from weerbaar.library.loader import current_version
from weerbaar.registers import services
from weerbaar.registers.selectors import process_breakdown
from weerbaar.scans.services import create_scan

pytestmark = pytest.mark.django_db


@pytest.fixture
def new_scan(voorbeeld):
    return create_scan(
        organisation=voorbeeld,
        title="Nieuwe scan",
        library_version=current_version(),
        period_start=datetime.date(2030, 1, 1),
        period_end=datetime.date(2030, 6, 30),
    )


def test_an_unscored_process_is_not_assessed_and_a_scored_one_is(new_scan):
    entry = services.add_seed_processes(new_scan)[0]
    assert process_breakdown(entry).scored is False
    criterion = new_scan.framework.criteria[0]["id"]
    services.set_criterion_scores(entry, {criterion: 0})
    assert process_breakdown(entry).scored is True  # a measured 0 is a finding


@pytest.mark.parametrize("page", ["registers:process_list", "registers:profile"])
def test_register_pages_say_not_assessed_instead_of_a_low_score(client_for, new_scan, page):
    services.add_seed_processes(new_scan)
    url = reverse(page, kwargs={"org": "voorbeeld", "scan_id": new_scan.pk})
    body = client_for("coordinator").get(url).content.decode()
    assert "nog niet beoordeeld" in body
    assert '0,0</span> <span class="band' not in body
