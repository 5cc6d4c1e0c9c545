"""The roles self-scan's contributed scores: k over municipalities, no differencing, the
data gone on withdrawal and with the organisation, nothing naming a municipality."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from tests.factories import make_organisation
from weerbaar.audit.models import AuditEvent
from weerbaar.regional import rolescores
from weerbaar.regional.benchmark import compare as benchmark_compare
from weerbaar.regional.figures import GS_ALL, refresh, scope_of_gs_region
from weerbaar.regional.models import ContributedScore, RoleScoreOptIn, ScopeFigures
from weerbaar.regional.stats import DIFFERENCE, FEW, quartiles

ITEMS = ["ZS-college", "ZS-organisatie", "ZS-extern"]


@pytest.fixture
def region(db):
    """A new region, and no contributions yet (the demo's are removed)."""
    from weerbaar.organisations.models import Region

    RoleScoreOptIn.objects.all().delete()
    return Region.objects.create(name="RIEC Testregio", slug="riec-testregio")


@pytest.fixture
def contributor(region):
    """A municipality of ``region`` that contributes ``scores`` (item -> value)."""

    def make(scores: dict[str, int], *, org=None):
        org = org or make_organisation(region=region)
        rolescores.contribute(org, 2026, scores)
        return org

    return make


def shown_gs() -> dict[tuple[str, str], tuple]:
    """Every role score figure shown now: (scope, item) -> (n, q1, median, q3)."""
    return {
        (scope, item): (f["n"], f["q1"], f["median"], f["q3"])
        for scope, items in ScopeFigures.objects.values_list("scope", "figures")
        for item, f in items.items()
        if scope.startswith("gsroles:") and not f["withheld"]
    }


def test_fewer_than_five_municipalities_are_withheld(contributor):
    orgs = [contributor({"ZS-college": v}) for v in (1, 2, 3, 4)]
    result = rolescores.compare(orgs[0], 2026, ITEMS)
    assert result["participating"] and result["year"] == 2026
    row = result["rows"][0]
    assert row["item"] == "ZS-college" and row["own"] == 1
    for figure in (row["region"], row["all"]):
        assert figure["withheld"] == FEW
        assert figure["n"] is None and figure["median"] is None and figure["q1"] is None
    # An item nobody answered: withheld as well.
    assert result["rows"][2]["all"]["withheld"] == FEW


def test_five_municipalities_show_the_median_and_quartiles(contributor, region):
    values = [1, 2, 4, 4, 5]
    orgs = [contributor({"ZS-college": v, "ZS-extern": 3}) for v in values]
    result = rolescores.compare(orgs[2], 2026, ITEMS)
    college = result["rows"][0]
    q = quartiles(values)
    for figure in (college["region"], college["all"]):
        assert not figure["withheld"]
        assert (figure["n"], figure["q1"], figure["median"], figure["q3"]) == (
            5,
            q.q1,
            q.median,
            q.q3,
        )
    assert college["region"]["scope"] == scope_of_gs_region(region.pk)
    assert college["all"]["scope"] == GS_ALL
    assert college["own"] == 4
    # Nothing names a municipality.
    text = str(result)
    for org in orgs:
        assert org.name not in text and org.slug not in text
    assert set(result["rows"][0]) == {"item", "own", "region", "all"}


def test_an_organisation_that_does_not_contribute_gets_no_figures(contributor):
    for v in (1, 2, 3, 4, 5):
        contributor({"ZS-college": v})
    outsider = make_organisation()
    result = rolescores.compare(outsider, 2026, ITEMS)
    assert not result["participating"] and result["rows"] == []


def test_attacker_cannot_difference_a_municipality_by_withdrawing_and_joining(contributor, region):
    """Attacker: a contributing secretaris notes every figure, then withdraws, rejoins and
    waits for one more municipality (the target) to join. Every figure shown at any moment
    is the first one again or withheld: the target's score never shows as a difference."""
    attacker = contributor({"ZS-college": 1})
    for v in (2, 3, 4, 5):
        contributor({"ZS-college": v})
    first = shown_gs()
    assert first[(GS_ALL, "gsrole:ZS-college")] == (5, 2, 3, 4)
    moments = [first]

    target = contributor({"ZS-college": 5})  # the target municipality joins
    moments.append(shown_gs())
    assert rolescores.compare(attacker, 2026, ITEMS)["rows"][0]["all"]["withheld"] == DIFFERENCE

    rolescores.withdraw(attacker)
    moments.append(shown_gs())
    rolescores.contribute(attacker, 2026, {"ZS-college": 1})
    moments.append(shown_gs())
    rolescores.contribute(attacker, 2026, {"ZS-college": 5})  # a changed score: new member
    moments.append(shown_gs())
    rolescores.withdraw(target)
    moments.append(shown_gs())

    for moment in moments:
        for key, figure in moment.items():
            assert first.get(key) == figure, f"{key} changed: a difference would be visible"
    row = rolescores.compare(attacker, 2026, ITEMS)["rows"][0]
    assert row["all"]["withheld"] == DIFFERENCE and row["all"]["n"] is None
    assert row["region"]["median"] is None


def test_withdrawing_deletes_the_rows_and_is_audited_without_values(contributor):
    org = contributor({"ZS-college": 4, "ZS-extern": 2})
    assert ContributedScore.objects.filter(organisation=org).count() == 2
    rolescores.withdraw(org)
    assert not ContributedScore.objects.filter(organisation=org).exists()
    assert not RoleScoreOptIn.objects.filter(organisation=org).exists()
    events = AuditEvent.objects.filter(
        organisation_name=org.name, object_type__startswith="regional."
    )
    assert set(events.values_list("object_type", "action")) == {
        ("regional.RoleScoreOptIn", AuditEvent.Action.CREATE),
        ("regional.RoleScoreOptIn", AuditEvent.Action.DELETE),
    }
    assert not AuditEvent.objects.filter(object_type="regional.ContributedScore").exists()


def test_deleting_the_organisation_deletes_its_scores(contributor):
    org = contributor({"ZS-college": 4})
    pk = org.pk
    org.delete()
    assert not ContributedScore.objects.filter(organisation_id=pk).exists()
    assert not RoleScoreOptIn.objects.filter(organisation_id=pk).exists()


def test_deleting_the_secretaris_account_deletes_the_scores(region):
    from tests.factories import make_user

    org = make_organisation(region=region)
    author = make_user()
    rolescores.contribute(org, 2026, {"ZS-college": 4}, author)
    assert rolescores.contributor_id(org) == author.pk
    author.delete()
    assert not ContributedScore.objects.filter(organisation=org).exists()
    assert not rolescores.is_contributing(org)


def test_only_the_latest_year_counts(contributor):
    org = contributor({"ZS-college": 4, "ZS-extern": 2})
    kept = ContributedScore.objects.get(organisation=org, item="ZS-college")
    rolescores.contribute(org, 2027, {"ZS-college": 4, "ZS-extern": 3})
    rows = {s.item: s for s in ContributedScore.objects.filter(organisation=org)}
    assert {s.year for s in rows.values()} == {2027}
    # An unchanged score stays the same contribution; a changed one is a new one.
    assert rows["ZS-college"].pk == kept.pk
    assert rows["ZS-extern"].value == 3
    # An earlier year never replaces the latest.
    rolescores.contribute(org, 2026, {"ZS-college": 1})
    assert ContributedScore.objects.get(organisation=org, item="ZS-college").value == 4
    # Unanswered items are not contributed.
    rolescores.contribute(org, 2027, {"ZS-college": 4, "ZS-extern": None})
    assert set(
        ContributedScore.objects.filter(organisation=org).values_list("item", flat=True)
    ) == {"ZS-college"}


def test_scores_outside_the_scale_are_refused(region):
    org = make_organisation(region=region)
    with pytest.raises(ValidationError):
        rolescores.contribute(org, 2026, {"ZS-college": 6})
    assert not ContributedScore.objects.filter(organisation=org).exists()


def test_the_report_benchmark_shows_no_self_scan_items(voorbeeld):
    """The demo: Voorbeeld's secretaris contributes, the report benchmark stays apart."""
    assert ContributedScore.objects.filter(organisation=voorbeeld).exists()
    refresh()
    assert not any(r["item"].startswith("gsrole:") for r in benchmark_compare(voorbeeld)["rows"])


def test_the_demo_region_shows_the_figure(voorbeeld):
    result = rolescores.compare(voorbeeld, ContributedScore.objects.first().year, ITEMS)
    assert result["participating"]
    for row in result["rows"]:
        assert row["region"] is not None and not row["region"]["withheld"]
        assert row["region"]["n"] >= 5
