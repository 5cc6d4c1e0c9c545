"""A signal's process is a process of the library the organisation works with (or "other"):
the forms offer that list and refuse anything else, the statistics, the report and the API
name the library's processes, and old stored values are mapped by the migration."""

from __future__ import annotations

import datetime
import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests.factories import client_for_user, make_organisation, make_scan
from weerbaar.incidents import selectors, services
from weerbaar.incidents.models import Signal
from weerbaar.incidents.processes import (
    OTHER,
    library_version,
    process_names,
    signal_processes,
)
from weerbaar.library.loader import current_version
from weerbaar.library.models import LibraryVersion
from weerbaar.reports.collect.incidents import collect_incidents
from weerbaar.scans.models import Scan

MIGRATION = importlib.import_module("weerbaar.incidents.migrations.0002_signal_process_library_ids")
LIBRARY_IDS = {
    "vergunningverlening",
    "subsidies",
    "inkoop_aanbesteding",
    "vastgoed",
    "burgerzaken",
    "toezicht_handhaving",
    "financien",
}


def older_version() -> LibraryVersion:
    """A small library version with two process categories, one of them no longer current."""
    processes = {
        "kind": "processes",
        "categories": [
            {"id": "subsidies", "name": {"nl": "Subsidies (oud)", "en": "Subsidies (old)"}},
            {"id": "havens", "name": {"nl": "Havenbeheer", "en": "Port management"}},
        ],
    }
    return LibraryVersion.objects.create(
        identifier="test-oud",
        version="2025.1",
        title={"nl": "Oud", "en": "Old"},
        checksum="0" * 64,
        documents={"processes.yaml": {"kind": "processes", "data": processes}},
    )


def test_the_choices_are_the_library_processes_and_other(world):
    version = current_version()
    assert library_version(world.org) == version
    categories = version.framework.process_categories
    choices = signal_processes(world.org)
    assert [pid for pid, _label in choices] == [c["id"] for c in categories] + [OTHER]
    assert {pid for pid, _label in choices} >= LIBRARY_IDS
    labels = dict(choices)
    assert labels["vastgoed"] == "Grond en vastgoed"
    assert labels[OTHER] == "Anders of onbekend"
    with translation.override("en"):
        english = dict(signal_processes(world.org))
    assert english["vastgoed"] == "Land and real estate"
    assert english[OTHER] == "Other or unknown"


def test_the_latest_scan_pins_the_version_of_the_list(world):
    old = older_version()
    scan = make_scan(world.org)
    Scan.objects.filter(pk=scan.pk).update(library_version=old)
    assert library_version(world.org) == old
    assert signal_processes(world.org) == [
        ("subsidies", "Subsidies (oud)"),
        ("havens", "Havenbeheer"),
        (OTHER, "Anders of onbekend"),
    ]
    # A process of the current library that the pinned version lacks is refused.
    with pytest.raises(ValidationError) as refused:
        services.submit_signal(
            world.org,
            services.SignalInput(process="vastgoed", kind="other", description="Contant."),
        )
    assert "process" in refused.value.message_dict
    # Another organisation without a scan still gets the current library.
    assert "havens" not in process_names(make_organisation())


def test_the_public_form_refuses_an_unknown_process_and_keeps_the_text(world):
    url = reverse("meldpunt:report", kwargs={"org": world.org.slug})
    page = Client().get(url).content.decode()
    assert 'value="toezicht_handhaving"' in page and "Toezicht en handhaving" in page
    assert 'value="permits"' not in page
    typed = "Een aanvrager betaalde de leges contant en vroeg naar de behandelaar thuis."
    response = Client().post(
        url, {"process": "permits", "kind": "application", "description": typed}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Kies een proces uit de lijst." in body
    assert typed in body
    assert not Signal.objects.filter(organisation=world.org).exists()


def test_the_account_form_refuses_an_unknown_process_and_keeps_the_text(world):
    client = client_for_user(world.users["lezer"])
    url = reverse("incidents:signal_create", kwargs={"org": world.org.slug})
    typed = "Leverancier bood kaartjes aan tijdens de aanbesteding."
    response = client.post(
        url, {"process": "real_estate", "kind": "approach", "description": typed}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Kies een proces uit de lijst." in body and typed in body
    assert not Signal.objects.filter(organisation=world.org).exists()
    accepted = client.post(
        url, {"process": "inkoop_aanbesteding", "kind": "approach", "description": typed}
    )
    assert accepted.status_code == 200
    assert Signal.objects.get(organisation=world.org).process == "inkoop_aanbesteding"


def test_the_service_refuses_an_unknown_process(world):
    with pytest.raises(ValidationError) as refused:
        services.submit_signal(
            world.org, services.SignalInput(process="", kind="other", description="x")
        )
    assert refused.value.message_dict["process"] == ["Kies een proces uit de lijst."]


def test_statistics_list_the_library_processes_and_stored_ids_gone_from_it(world):
    day = datetime.date(2026, 2, 5)
    Signal.objects.bulk_create(
        Signal(organisation=world.org, received_on=day, process=process, kind="other")
        for process in ("vastgoed", "permits")
        for _ in range(6)
    )
    stats = selectors.statistics(world.org, day, day)
    ids = [row.process for row in stats.signals_per_process]
    library = [c["id"] for c in current_version().framework.process_categories]
    assert ids == [*library, "permits", OTHER]
    rows = {row.process: row for row in stats.signals_per_process}
    assert rows["vastgoed"].label == "Grond en vastgoed" and rows["vastgoed"].count.value == 6
    assert rows["permits"].label == "permits" and rows["permits"].count.value == 6
    assert rows[OTHER].label == "Anders of onbekend"
    as_json = stats.as_json()["signals_per_process"]
    assert as_json["vastgoed"] == {"value": 6, "suppressed": False, "label": "Grond en vastgoed"}


def test_the_statistics_page_and_report_name_the_library_processes(world):
    Signal.objects.bulk_create(
        Signal(
            organisation=world.org,
            received_on=datetime.date(2026, 2, 5),
            process="burgerzaken",
            kind="other",
        )
        for _ in range(5)
    )
    scan = make_scan(world.org)
    data = collect_incidents(scan)
    signals = {(s["label"]["nl"], s["label"]["en"]): s["count"] for s in data.signals}
    assert signals[("Burgerzaken", "Civil affairs")] == 5
    assert ("Anders of onbekend", "Other or unknown") in signals
    page = client_for_user(world.users["coordinator"]).get(
        reverse("incidents:statistics", kwargs={"org": world.org.slug}),
        {"van": "2026-01-01", "tot": "2026-03-31"},
    )
    assert "Toezicht en handhaving" in page.content.decode()


def test_signal_pages_show_the_library_label(world):
    submitted = services.submit_signal(
        world.org,
        services.SignalInput(process="toezicht_handhaving", kind="other", description="Raar."),
    )
    client = client_for_user(world.users["signals"])
    listing = client.get(reverse("incidents:signal_list", kwargs={"org": world.org.slug}))
    assert "Toezicht en handhaving" in listing.content.decode()
    detail = client.get(
        reverse(
            "incidents:signal_detail",
            kwargs={"org": world.org.slug, "signal_id": submitted.signal.pk},
        )
    )
    assert "Toezicht en handhaving" in detail.content.decode()


@pytest.mark.parametrize(("old", "new"), sorted(MIGRATION.TO_LIBRARY.items()))
def test_the_migration_maps_every_old_value_to_a_library_id(old, new):
    assert new == OTHER or new in LIBRARY_IDS


def test_the_migration_maps_stored_signals_forward_and_back(world):
    day = datetime.date(2026, 2, 5)
    old_values = [*MIGRATION.TO_LIBRARY, "something_else"]
    Signal.objects.bulk_create(
        Signal(organisation=world.org, received_on=day, process=value, kind="other")
        for value in old_values
    )
    MIGRATION.to_library(apps, None)
    mine = Signal.objects.filter(organisation=world.org)
    stored = sorted(mine.values_list("process", flat=True))
    assert stored == sorted(
        [
            "vergunningverlening",
            "subsidies",
            "inkoop_aanbesteding",
            "vastgoed",
            "burgerzaken",
            "toezicht_handhaving",
            "financien",
            OTHER,
            "something_else",
        ]
    )
    Signal.objects.create(
        organisation=world.org, received_on=day, process="informatie", kind="other"
    )
    MIGRATION.to_old(apps, None)
    back = sorted(mine.values_list("process", flat=True))
    assert back == sorted([*MIGRATION.TO_LIBRARY, "other", "other"])
    assert all(len(value) <= 16 for value in back)


def test_the_demo_signals_name_library_processes(voorbeeld):
    allowed = {pid for pid, _label in signal_processes(voorbeeld)}
    stored = set(Signal.objects.filter(organisation=voorbeeld).values_list("process", flat=True))
    assert stored and stored <= allowed
