"""The report's chapter on incidents and signals: the register's figures, never a small count."""

from __future__ import annotations

import datetime

from django.utils import timezone

from weerbaar.incidents.models import Incident
from weerbaar.reports import render
from weerbaar.reports.collect import collect_report_data
from weerbaar.reports.compose import compose
from weerbaar.reports.document import Table, headings, tables
from weerbaar.reports.services import normalised_snapshot


def add_incidents(scan, n: int, category: str = "bedreiging") -> None:
    day = scan.period_start + datetime.timedelta(days=3)
    registered = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))
    Incident.objects.bulk_create(
        Incident(
            organisation=scan.organisation,
            category=category,
            occurred_on=day,
            form="in_person",
            target_function="Handhaver",
            description="Bedreigd aan de balie.",
            registered_at=registered,
            contact_at=registered + datetime.timedelta(hours=5),
        )
        for _ in range(n)
    )


def chapter_of(scan, report=None) -> tuple[dict, list[tuple[int, str]], list[Table]]:
    snapshot = normalised_snapshot(collect_report_data(scan, report).to_json())
    Incident.objects.filter(organisation=scan.organisation).delete()
    tree = compose(snapshot, "nl")
    return snapshot, headings(tree), tables(tree)


def test_the_report_has_a_chapter_with_the_incident_figures(baseline_scan, voorbeeld):
    Incident.objects.filter(organisation=voorbeeld).delete()
    add_incidents(baseline_scan, voorbeeld.k + 2)
    snapshot, heads, found = chapter_of(baseline_scan)
    titles = [text for level, text in heads if level == 2]
    incident_heading = next(t for t in titles if t.endswith("Incidenten en signalen"))
    # Numbered after the RIEC pillars, before the conclusions.
    pillars = next(t for t in titles if "RIEC-pijler" in t)
    conclusions = next(t for t in titles if t.endswith("Conclusies"))
    assert int(incident_heading.split(".")[0]) == int(pillars.split(".")[0]) + 1
    assert int(conclusions.split(".")[0]) == int(pillars.split(".")[0]) + 2
    per_category = next(t for t in found if t.caption == "Incidenten per categorie en kwartaal")
    threats = next(row for row in per_category.rows if row[0] == "Bedreiging")
    assert str(voorbeeld.k + 2) in threats
    assert snapshot["incidents"]["contact_within_48h"] == 1.0


def test_a_count_below_k_is_withheld_in_every_format(baseline_scan, voorbeeld):
    Incident.objects.filter(organisation=voorbeeld).delete()
    add_incidents(baseline_scan, 2)
    snapshot, _heads, found = chapter_of(baseline_scan)
    assert snapshot["incidents"]["incidents_total"] is None
    per_category = next(t for t in found if t.caption == "Incidenten per categorie en kwartaal")
    threats = next(row for row in per_category.rows if row[0] == "Bedreiging")
    assert "onderdrukt" in threats and "2" not in threats
    html = render.render_html(snapshot, "nl")
    assert "Incidenten en signalen" in html
    assert snapshot["incidents"]["contact_within_48h"] is None


def test_a_version_frozen_before_the_register_existed_renders_as_it_was(baseline_scan):
    snapshot = normalised_snapshot(collect_report_data(baseline_scan).to_json())
    snapshot.pop("incidents")
    titles = [text for level, text in headings(compose(snapshot, "nl")) if level == 2]
    assert not any("Incidenten en signalen" in t for t in titles)
