"""The RIEC dashboard: the region's adviser sees every municipality, nobody else does."""

from __future__ import annotations

import json
from io import StringIO

from django.core.management import call_command

from tests.factories import client_for_user, make_organisation, make_region, make_riec_adviser

OTHERS = ["Gemeente Beekvliet", "Gemeente Heidedorp", "Gemeente Kanaalstede", "Gemeente Oosterveld"]


def test_the_riec_adviser_sees_every_municipality_of_the_region(voorbeeld, client_for):
    url = f"/regio/{voorbeeld.region.slug}/"
    page = client_for("riec").get(url)
    assert page.status_code == 200
    body = page.content.decode()
    for name in ["Gemeente Voorbeeld", *OTHERS]:
        assert name in body
    assert "Mediaan van de regio" in body
    assert "ten minste 5 gemeenten" in body and "tot minder dan 5 gemeenten" in body
    index = client_for("riec").get("/regio/").content.decode()
    assert url in index


def test_a_riec_adviser_of_another_region_sees_nothing(voorbeeld):
    other = make_region()
    make_organisation("Gemeente Elders", region=other)
    adviser = make_riec_adviser(other)
    client = client_for_user(adviser)
    for url in (
        f"/regio/{voorbeeld.region.slug}/",
        "/regio/bestaat-niet/",
    ):
        response = client.get(url)
        assert response.status_code == 403
        assert "Gemeente Voorbeeld" not in response.content.decode()
    for url in (f"/o/{voorbeeld.slug}/regio/", f"/o/{voorbeeld.slug}/benchmark/"):
        assert client.get(url).status_code == 404
    own = client.get(f"/regio/{other.slug}/").content.decode()
    assert "Gemeente Elders" in own and "Gemeente Voorbeeld" not in own
    assert voorbeeld.region.slug not in client.get("/regio/").content.decode()


def test_a_municipality_sees_its_own_row_and_the_medians_only(voorbeeld, client_for):
    client = client_for("coordinator")
    assert client.get(f"/regio/{voorbeeld.region.slug}/").status_code == 403
    page = client.get(f"/o/{voorbeeld.slug}/regio/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "Gemeente Voorbeeld" in body and "Mediaan van de regio" in body
    assert "ten minste 5 gemeenten" in body
    for name in OTHERS:
        assert name not in body
    # Oosterveld's own page shows nothing of Voorbeeld.
    body = client_for("oosterveld").get("/o/oosterveld/regio/").content.decode()
    assert "Gemeente Voorbeeld" not in body and "Gemeente Oosterveld" in body


def test_the_lezer_has_no_regional_pages(voorbeeld, client_for):
    assert client_for("lezer").get(f"/o/{voorbeeld.slug}/regio/").status_code == 403
    assert client_for("lezer").get(f"/o/{voorbeeld.slug}/benchmark/").status_code == 403


def test_region_command_prints_the_dashboard(voorbeeld):
    out = StringIO()
    call_command("region", "dashboard", voorbeeld.region.slug, "--format", "json", stdout=out)
    data = json.loads(out.getvalue())
    names = {row["municipality"] for row in data["rows"]}
    assert {"Gemeente Voorbeeld", "Gemeente Beekvliet"} <= names
    row = next(r for r in data["rows"] if r["slug"] == "voorbeeld")
    assert row["report_published_at"] and row["pillar_phases"]["P1"]["phase"]
    assert all("suppressed" in m for m in data["medians"])
    assert any(not m["suppressed"] for m in data["medians"])


def test_benchmark_command_marks_suppressed_figures(voorbeeld):
    out = StringIO()
    call_command("benchmark", voorbeeld.slug, "--format", "json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["participating"]
    figures = [f for row in data["rows"] for f in row["figures"]]
    assert any(f["suppressed"] and f["values"] is None and f["reason"] for f in figures)
    assert any(not f["suppressed"] and f["values"]["median"] is not None for f in figures)
    assert "Beekvliet" not in out.getvalue()


def test_the_pages_speak_english_on_request(voorbeeld, client_for):
    client = client_for("secretaris")
    client.post("/account/taal/", {"language": "en", "next": "/"})
    body = client.get(f"/o/{voorbeeld.slug}/benchmark/").content.decode()
    assert "Benchmark with other municipalities" in body and "Stop taking part" in body
    body = client.get(f"/o/{voorbeeld.slug}/regio/").content.decode()
    assert "The region&#x27;s median" in body or "The region's median" in body
