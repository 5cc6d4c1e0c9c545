"""Statistics with small-number suppression: no cell under k, not by subtraction either."""

from __future__ import annotations

import datetime
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from tests.factories import client_for_user
from weerbaar.incidents import selectors, services
from weerbaar.incidents.models import Signal
from weerbaar.incidents.suppression import suppress

from .conftest import aware, report


def test_primary_suppression_hides_counts_below_k_and_shows_zero():
    cells, total = suppress([0, 7, 6], 5)
    assert [(c.value, c.suppressed) for c in cells] == [(0, False), (7, False), (6, False)]
    assert total.value == 13
    cells, total = suppress([2, 0, 9], 5)
    # 2 alone would follow from 11 - 9: the smallest visible cell is hidden too.
    assert [c.suppressed for c in cells] == [True, False, True]
    assert total.value == 11 and all(c.value is None for c in cells if c.suppressed)


def test_two_ones_are_not_revealed_by_the_total():
    cells, total = suppress([1, 1, 8, 9], 5)
    # Suppressed sum 2 over two cells would mean both are 1: hide another cell.
    assert sum(c.suppressed for c in cells) == 3
    assert total.value == 19


def test_a_total_below_k_is_hidden():
    cells, total = suppress([1, 2, 0], 5)
    assert total.suppressed and total.value is None


@given(st.lists(st.integers(min_value=0, max_value=12), min_size=1, max_size=12), st.integers(3, 6))
def test_no_suppressed_cell_can_be_derived(counts, k):
    cells, total = suppress(counts, k)
    hidden = [n for n, c in zip(counts, cells, strict=True) if c.suppressed]
    for n, c in zip(counts, cells, strict=True):
        assert c.suppressed == (c.value is None)
        if not c.suppressed:
            assert c.value == n and not 0 < n < k
    if not total.suppressed and hidden:
        # The total reveals only the sum of the hidden cells: never one cell exactly.
        assert len(hidden) >= 2 and sum(hidden) > len(hidden)


def _incidents(world, n, category="agressie", contact_hours=None, aangifte=False):
    for _ in range(n):
        when = aware(2026, 2, 2, 9)
        incident = report(
            world, when=when, category=category, occurred_on=datetime.date(2026, 2, 1)
        )
        if contact_hours is not None:
            services.appoint_handler(incident, world.users["handler"], world.users["vpt"])
            services.record_contact(
                incident,
                world.users["handler"],
                "",
                at=when + datetime.timedelta(hours=contact_hours),
            )
        if aangifte:
            services.save_step(
                incident,
                services.StepInput(kind="aangifte", done_on=datetime.date(2026, 2, 3)),
                world.users["vpt"],
            )


def test_statistics_of_an_organisation(world):
    _incidents(world, 4, contact_hours=10, aangifte=True)
    _incidents(world, 2, contact_hours=60)
    _incidents(world, 2, category="omkoping")
    _incidents(world, 5, category="bedreiging")
    Signal.objects.bulk_create(
        Signal(
            organisation=world.org,
            received_on=datetime.date(2026, 2, 5),
            process="vergunningverlening",
            kind="application",
            description="x",
        )
        for _ in range(6)
    )
    stats = selectors.statistics(world.org, datetime.date(2026, 1, 1), datetime.date(2026, 6, 30))
    assert stats.k == world.org.k == 5
    assert stats.quarters == ["2026-Q1", "2026-Q2"]
    rows = {row.category: row.per_quarter for row in stats.per_category}
    assert rows["agressie"][0].value == 6
    assert rows["omkoping"][0].suppressed and rows["omkoping"][0].value is None
    # The 2 alone would follow from the total: the smallest visible cell (5) is hidden too.
    assert rows["bedreiging"][0].suppressed
    assert rows["agressie"][1].value == 0
    assert stats.incidents_total.value == 13
    assert stats.contact_within_48h.value == round(4 / 13, 3)
    assert stats.median_hours_to_contact.value == 10.0
    assert stats.aangifte_rate.value == round(4 / 13, 3)
    signals = {row.process: row.count for row in stats.signals_per_process}
    assert signals["vergunningverlening"].value == 6


def test_figures_over_fewer_than_k_incidents_are_suppressed(world):
    _incidents(world, 3, contact_hours=5)
    stats = selectors.statistics(world.org, datetime.date(2026, 1, 1), datetime.date(2026, 3, 31))
    for figure in (stats.contact_within_48h, stats.median_hours_to_contact, stats.aangifte_rate):
        assert figure.suppressed and figure.value is None and figure.base.value is None
    assert stats.incidents_total.suppressed


def test_the_command_prints_json_without_suppressed_numbers(world):
    _incidents(world, 5)
    _incidents(world, 1, category="omkoping")
    out = StringIO()
    call_command(
        "incidents",
        "stats",
        world.org.slug,
        "--from",
        "2026-01-01",
        "--to",
        "2026-03-31",
        "--format",
        "json",
        stdout=out,
    )
    data = json.loads(out.getvalue())
    assert data["k"] == 5 and data["quarters"] == ["2026-Q1"]
    by_category = {
        row["category"]: row["per_quarter"]["2026-Q1"] for row in data["incidents_per_category"]
    }
    assert by_category["omkoping"] == {"value": None, "suppressed": True}
    # One hidden cell of 1 would follow from the total: agressie (5) is hidden as well.
    assert by_category["agressie"] == {"value": None, "suppressed": True}
    assert data["incidents_total"] == {"value": 6, "suppressed": False}
    with pytest.raises(CommandError, match="not an ISO date"):
        call_command("incidents", "stats", world.org.slug, "--from", "gisteren")
    with pytest.raises(CommandError, match="No organisation"):
        call_command("incidents", "stats", "bestaat-niet")


def test_the_dashboard_for_insiders_only(world):
    _incidents(world, 2)
    url = reverse("incidents:statistics", kwargs={"org": world.org.slug})
    response = client_for_user(world.users["secretaris"]).get(
        url + "?van=2026-01-01&tot=2026-03-31"
    )
    assert response.status_code == 200
    assert "Incidenten per soort en kwartaal" in response.content.decode()
    bad = client_for_user(world.users["secretaris"]).get(url + "?van=gisteren")
    assert bad.status_code == 200 and "Een datum is ongeldig" in bad.content.decode()
    assert client_for_user(world.users["lezer"]).get(url).status_code == 403


# ------------------------------------------------------------ attacks over two periods


def _bulk_incidents(world, dates_and_categories) -> None:
    from weerbaar.incidents.models import Incident

    Incident.objects.bulk_create(
        Incident(
            organisation=world.org,
            category=category,
            occurred_on=day,
            form="in_person",
            target_function="Baliemedewerker",
            description="x",
            registered_at=aware(day.year, day.month, day.day, 9),
            contact_at=aware(day.year, day.month, day.day, 15),
        )
        for day, category in dates_and_categories
    )


def _figures(stats) -> dict:
    data = stats.as_json()
    data.pop("from"), data.pop("to")
    return data


def test_two_periods_a_few_days_apart_show_the_same_statistics(world):
    """Moving the start by a day cannot isolate the incidents of that day."""
    _bulk_incidents(world, [(datetime.date(2026, 1, 1), "agressie")])
    _bulk_incidents(world, [(datetime.date(2026, 2, 10), "agressie")] * 7)
    wide = selectors.statistics(world.org, datetime.date(2026, 1, 1), datetime.date(2026, 3, 31))
    narrow = selectors.statistics(world.org, datetime.date(2026, 1, 2), datetime.date(2026, 3, 5))
    assert _figures(wide) == _figures(narrow)
    assert (narrow.start, narrow.end) == (datetime.date(2026, 1, 1), datetime.date(2026, 3, 31))


def test_a_small_quarter_is_not_revealed_by_subtracting_two_periods(world):
    """Q1 holds 2 incidents, Q2 holds 9: the half-year total minus the Q2 total would be 2."""
    _bulk_incidents(world, [(datetime.date(2026, 2, 1), "agressie")] * 2)
    _bulk_incidents(world, [(datetime.date(2026, 5, 1), "agressie")] * 9)
    k = world.org.k
    half_year = selectors.statistics(
        world.org, datetime.date(2026, 1, 1), datetime.date(2026, 6, 30)
    )
    second = selectors.statistics(world.org, datetime.date(2026, 4, 1), datetime.date(2026, 6, 30))
    assert second.incidents_total.value == 9
    assert half_year.incidents_total.suppressed and half_year.incidents_total.value is None
    # Shares over the half year would, with the base, give the counts of the small quarter.
    for figure in (
        half_year.contact_within_48h,
        half_year.median_hours_to_contact,
        half_year.aangifte_rate,
    ):
        assert figure.suppressed and figure.value is None and figure.base.value is None
    assert 0 < 2 < k


def test_signals_of_a_small_quarter_are_not_revealed_by_subtraction(world):
    def signals(day, n):
        Signal.objects.bulk_create(
            Signal(
                organisation=world.org,
                received_on=day,
                process="vergunningverlening",
                kind="application",
            )
            for _ in range(n)
        )

    signals(datetime.date(2026, 2, 1), 1)
    signals(datetime.date(2026, 5, 1), 8)
    half_year = selectors.statistics(
        world.org, datetime.date(2026, 1, 1), datetime.date(2026, 6, 30)
    )
    rows = {row.process: row.count for row in half_year.signals_per_process}
    assert rows["vergunningverlening"].suppressed and rows["vergunningverlening"].value is None
    assert half_year.signals_total.suppressed


QUARTER_DAYS = [datetime.date(2026, m, 15) for m in (2, 5, 8, 11)]


@hsettings(max_examples=30, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    counts=st.lists(
        st.tuples(st.integers(0, 3), st.sampled_from(["agressie", "bedreiging", "omkoping"])),
        min_size=0,
        max_size=40,
    ),
    first=st.integers(0, 3),
    last=st.integers(0, 3),
)
def test_every_figure_over_several_quarters_follows_from_the_single_quarters(
    world, counts, first, last
):
    """What a period shows adds nothing to what its quarters, asked one by one, show."""
    from weerbaar.incidents.models import Incident

    Incident.objects.filter(organisation=world.org).delete()
    _bulk_incidents(world, [(QUARTER_DAYS[q], category) for q, category in counts])
    first, last = min(first, last), max(first, last)
    period = selectors.statistics(world.org, QUARTER_DAYS[first], QUARTER_DAYS[last])
    singles = [
        selectors.statistics(world.org, QUARTER_DAYS[q], QUARTER_DAYS[q])
        for q in range(first, last + 1)
    ]
    for i, row in enumerate(period.per_category):
        for j, cell in enumerate(row.per_quarter):
            assert cell == singles[j].per_category[i].per_quarter[0]
    if not period.incidents_total.suppressed:
        assert all(not s.incidents_total.suppressed for s in singles)
        assert period.incidents_total.value == sum(s.incidents_total.value for s in singles)
    if not period.contact_within_48h.suppressed:
        assert all(s.contact_within_48h.base.value is not None for s in singles)
