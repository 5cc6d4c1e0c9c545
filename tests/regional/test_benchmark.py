"""The anonymous benchmark: opt-in, opt-out, k over municipalities, no differencing."""

from __future__ import annotations

from weerbaar.regional.benchmark import compare, opt_in, opt_out, scope_figure
from weerbaar.regional.figures import ALL, figure, latest_summaries, refresh, values_of
from weerbaar.regional.models import BenchmarkOptIn, ReportSummary, ScopeFigures
from weerbaar.regional.stats import DIFFERENCE, quartiles


def shown() -> dict[tuple[str, str], tuple[int, int | None, int | None, int | None]]:
    return {
        (scope, item): (f["n"], f["q1"], f["median"], f["q3"])
        for scope, items in ScopeFigures.objects.values_list("scope", "figures")
        for item, f in items.items()
        if not f["withheld"] and not scope.startswith("riec:")
    }


def test_the_demo_summarises_the_published_report(voorbeeld):
    summary = ReportSummary.objects.get(organisation=voorbeeld)
    assert summary.version is not None
    assert summary.pillars["P1"] >= 1
    assert summary.norms["D1.N1"] in {0, 1, 2}
    # A published share of an item (the agree group), never a suppressed one.
    assert summary.items["item:staff:q2_gedragslijnen.a"] == 55
    assert not any(k.startswith("item:staff:q1_afdeling") for k in summary.items)
    assert summary.items["grade:council:r18_cijfers.a"] == 83


def test_a_participant_sees_the_region_and_the_country(voorbeeld):
    comparison = compare(voorbeeld)
    assert comparison["participating"]
    row = next(r for r in comparison["rows"] if r["item"] == "pillar:P1")
    assert row["own"] is not None
    by_scope = {f["scope"]: f for f in row["figures"]}
    assert by_scope[ALL]["n"] == 6 and by_scope[ALL]["median"] is not None
    # The size class of Voorbeeld has only two participants: withheld, count not shown.
    size = next(s for s in by_scope if s.startswith("size:"))
    assert by_scope[size]["withheld"] == "few" and by_scope[size]["n"] is None
    assert "Beekvliet" not in str(comparison)


def test_a_municipality_that_does_not_take_part_sees_no_figures(oosterveld):
    comparison = compare(oosterveld)
    assert not comparison["participating"]
    assert comparison["rows"] == []


def test_one_municipality_joining_cannot_be_differenced(voorbeeld, add_municipality):
    """Attacker: every figure before and after Oosterveld-like municipality joins. Any figure
    shown both times is identical (it rests on the same contributions)."""
    before = shown()
    assert before
    add_municipality({"pillar:P1": 4, "item:staff:q2_gedragslijnen.a": 99})
    refresh()
    after = shown()
    for key, value in after.items():
        assert before.get(key) == value, f"{key} changed after one municipality joined"
    assert figure(ALL, "pillar:P1").withheld == DIFFERENCE
    # Nor through the count of contributing municipalities beside the withheld figure.
    withheld = scope_figure(figure(ALL, "pillar:P1"))
    assert withheld["n"] is None and withheld["median"] is None
    # Also not through the region against the country.
    region = f"region:{voorbeeld.region_id}"
    assert (region, "pillar:P1") not in after or after[(region, "pillar:P1")] == before.get(
        (region, "pillar:P1")
    )


def test_opt_out_removes_the_contribution(voorbeeld, add_municipality, client_for):
    response = client_for("secretaris").post(
        f"/o/{voorbeeld.slug}/benchmark/", {"choice": "leave"}, follow=True
    )
    assert response.status_code == 200
    assert not BenchmarkOptIn.objects.filter(organisation=voorbeeld).exists()
    # Five left: one less than the figures shown before, so withheld (not differenced).
    shown_after = figure(ALL, "pillar:P1")
    assert shown_after.n == 5 and shown_after.withheld == DIFFERENCE
    assert not compare(voorbeeld)["rows"]
    # Five more join: the figures show again, computed without Voorbeeld.
    for level in (1, 2, 3, 4, 4):
        add_municipality({"pillar:P1": level})
    refresh()
    joined = figure(ALL, "pillar:P1")
    contributors = [
        values_of(s)["pillar:P1"]
        for org, s in latest_summaries().items()
        if org != voorbeeld.pk and BenchmarkOptIn.objects.filter(organisation_id=org).exists()
    ]
    assert joined.n == len(contributors) == 10 and not joined.withheld
    q = quartiles(contributors)
    assert (joined.q1, joined.median, joined.q3) == (q.q1, q.median, q.q3)


def test_rejoining_shows_the_same_figures_again(voorbeeld):
    before = shown()
    opt_out(voorbeeld)
    opt_in(voorbeeld)
    assert shown() == before


def test_only_the_secretaris_decides(voorbeeld, client_for):
    url = f"/o/{voorbeeld.slug}/benchmark/"
    assert client_for("coordinator").post(url, {"choice": "leave"}).status_code == 403
    assert BenchmarkOptIn.objects.filter(organisation=voorbeeld).exists()
    page = client_for("coordinator").get(url)
    assert page.status_code == 200
    assert "Niet meer meedoen" not in page.content.decode()
    page = client_for("secretaris").get(url).content.decode()
    assert "Niet meer meedoen" in page
    assert "Gemeente Beekvliet" not in page


def test_a_withdrawn_report_no_longer_counts(voorbeeld, user_for):
    from weerbaar.reports.approval import withdraw

    summary = ReportSummary.objects.get(organisation=voorbeeld)
    withdraw(summary.version, user_for("secretaris"), "Fout in de cijfers")
    comparison = compare(voorbeeld)  # the pages bring the figures up to date
    assert not ReportSummary.objects.filter(organisation=voorbeeld).exists()
    assert all(r["own"] is None for r in comparison["rows"])
    assert figure(ALL, "pillar:P1").n == 5
