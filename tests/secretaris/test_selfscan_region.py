"""The roles self-scan against the region: the secretaris' own opt-in (separate from the
report benchmark), the region column, and nobody else deciding or seeing single scores."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import client_for_user, make_user
from weerbaar.audit.models import AuditEvent
from weerbaar.organisations.models import Role
from weerbaar.regional.models import BenchmarkOptIn, ContributedScore, RoleScoreOptIn
from weerbaar.secretaris import selfscan
from weerbaar.secretaris.models import RoleScan, WorkspaceSettings

pytestmark = pytest.mark.django_db


def _urls(org):
    return (
        reverse("secretaris:selfscan", kwargs={"org": org.slug}),
        reverse("secretaris:selfscan_region", kwargs={"org": org.slug}),
    )


def test_the_demo_secretaris_sees_the_region(client_for, voorbeeld):
    page_url, _join = _urls(voorbeeld)
    page = client_for("secretaris").get(page_url)
    html = page.content.decode()
    assert "Regio" in html and "mediaan" in html and "(6 gemeenten)" in html
    assert "regionale vergelijking, anoniem, k ≥ 5" in html
    assert "Mijn bijdrage intrekken" in html
    for result in page.context["results"]:
        labels = [f.label for f in result.region]
        assert labels == ["Regio", "Alle deelnemende gemeenten"]
        assert all(f.shown for f in result.region)
    # None of the other municipalities is named on the page.
    assert "Beekvliet" not in html and "Kanaalstede" not in html


def test_withdrawing_and_joining_on_the_page(client_for, voorbeeld):
    page_url, region_url = _urls(voorbeeld)
    client = client_for("secretaris")
    # Separate from the report benchmark: leaving one leaves the other as it was.
    assert client.post(region_url, {"choice": "leave"}).status_code == 302
    assert not ContributedScore.objects.filter(organisation=voorbeeld).exists()
    assert not RoleScoreOptIn.objects.filter(organisation=voorbeeld).exists()
    assert BenchmarkOptIn.objects.filter(organisation=voorbeeld).exists()
    page = client.get(page_url)
    html = page.content.decode()
    assert "Mijn scores anoniem bijdragen aan de regionale vergelijking" in html
    assert all(r.region == [] for r in page.context["results"])
    assert AuditEvent.objects.filter(
        object_type="regional.RoleScoreOptIn", action=AuditEvent.Action.DELETE
    ).exists()

    assert client.post(region_url, {"choice": "join"}).status_code == 302
    scan = RoleScan.objects.get(organisation=voorbeeld, year=timezone.now().year)
    contributed = dict(
        ContributedScore.objects.filter(organisation=voorbeeld).values_list("item", "value")
    )
    assert contributed == scan.scores
    # Rejoining with new contributions: withheld for now (no differencing), count hidden.
    region = client.get(page_url).context["results"][0].region
    assert region and not region[0].shown
    assert "(" not in region[0].text

    # A bad choice: a Dutch message, nothing changes, no 500.
    response = client.post(region_url, {"choice": "?"}, follow=True)
    assert response.status_code == 200
    assert "Kies of u uw scores bijdraagt of intrekt." in response.content.decode()


def test_saving_a_new_scan_updates_the_contribution(client_for, voorbeeld):
    page_url, _region_url = _urls(voorbeeld)
    response = client_for("secretaris").post(
        page_url, {"ZS-college": "5", "ZS-organisatie": "1", "ZS-extern": "2"}
    )
    assert response.status_code == 302
    contributed = dict(
        ContributedScore.objects.filter(organisation=voorbeeld).values_list("item", "value")
    )
    assert contributed == {"ZS-college": 5, "ZS-organisatie": 1, "ZS-extern": 2}


def test_saving_while_not_contributing_contributes_nothing(voorbeeld, user_for):
    selfscan.withdraw(voorbeeld)
    selfscan.save_answers(voorbeeld, user_for("secretaris"), 2031, {"ZS-college": 5}, [])
    assert not ContributedScore.objects.filter(organisation=voorbeeld).exists()


@pytest.mark.parametrize("who", ["burgemeester", "shared_with", "coordinator", "lezer"])
def test_only_the_author_decides(who, client_for, voorbeeld):
    """Neither the burgemeester (even with access to the workspace) nor someone the scan is
    shared with can join or leave for the secretaris."""
    WorkspaceSettings.objects.filter(organisation=voorbeeld).update(burgemeester_access=True)
    scan = RoleScan.objects.get(organisation=voorbeeld, year=timezone.now().year)
    if who in {"burgemeester", "shared_with"}:
        user = make_user(role=Role.BURGEMEESTER, organisation=voorbeeld)
        client = client_for_user(user)
        if who == "shared_with":
            selfscan.share(scan, [Role.BURGEMEESTER])
    else:
        client = client_for(who)
    _page, region_url = _urls(voorbeeld)
    before = list(ContributedScore.objects.values_list("pk", "value"))
    for choice in ("leave", "join"):
        assert client.post(region_url, {"choice": choice}).status_code in {403, 404}
    assert list(ContributedScore.objects.values_list("pk", "value")) == before
    assert RoleScoreOptIn.objects.get(organisation=voorbeeld).opted_in_by == scan.author


def test_another_secretaris_without_a_scan_cannot_join(voorbeeld):
    selfscan.withdraw(voorbeeld)
    other = make_user(role=Role.SECRETARIS, organisation=voorbeeld)
    _page, region_url = _urls(voorbeeld)
    response = client_for_user(other).post(region_url, {"choice": "join"}, follow=True)
    assert response.status_code == 200
    assert "Vul eerst de zelfscan in" in response.content.decode()
    assert not ContributedScore.objects.filter(organisation=voorbeeld).exists()


def test_another_municipality_sees_no_single_scores(client_for, voorbeeld, oosterveld):
    """Oosterveld's coordinator and a secretaris there: no page shows Voorbeeld's scores; a
    secretaris who does not contribute sees no region figure either."""
    page_url, region_url = _urls(voorbeeld)
    for client in (
        client_for("oosterveld"),
        client_for_user(make_user(role=Role.SECRETARIS, organisation=oosterveld)),
    ):
        assert client.get(page_url).status_code in {403, 404}
        assert client.post(region_url, {"choice": "leave"}).status_code in {403, 404}
        shared = client.get(reverse("secretaris:selfscan_shared", kwargs={"org": voorbeeld.slug}))
        assert shared.status_code in {403, 404}
    assert RoleScoreOptIn.objects.filter(organisation=voorbeeld).exists()
    own_secretaris = make_user(role=Role.SECRETARIS, organisation=oosterveld)
    selfscan.save_answers(oosterveld, own_secretaris, timezone.now().year, {"ZS-college": 2}, [])
    own_page = client_for_user(own_secretaris).get(_urls(oosterveld)[0])
    assert own_page.status_code == 200
    assert all(r.region == [] for r in own_page.context["results"])


def test_the_shared_view_shows_the_region(client_for, voorbeeld):
    scan = RoleScan.objects.get(organisation=voorbeeld, year=timezone.now().year)
    selfscan.share(scan, [Role.BURGEMEESTER])
    mayor = make_user(role=Role.BURGEMEESTER, organisation=voorbeeld)
    page = client_for_user(mayor).get(
        reverse("secretaris:selfscan_shared", kwargs={"org": voorbeeld.slug})
    )
    assert page.status_code == 200
    results = page.context["shared"][0]["results"]
    assert results[0].region and results[0].region[0].shown
    assert "regionale vergelijking, anoniem, k ≥ 5" in page.content.decode()


def test_the_wording_states_the_minimum_the_figures_use(client_for, voorbeeld, monkeypatch):
    """The page's sentences and the source line name the same minimum as the computation,
    in Dutch and in English (no number of its own in the texts)."""
    from weerbaar.regional import present
    from weerbaar.regional.stats import FEW

    monkeypatch.setattr(selfscan, "REGION_MIN_MUNICIPALITIES", 7)
    monkeypatch.setattr(present, "MIN_MUNICIPALITIES", 7)
    page_url, _join = _urls(voorbeeld)
    html = client_for("secretaris").get(page_url).content.decode()
    assert "regionale vergelijking, anoniem, k ≥ 7" in html
    assert "ten minste 7 gemeenten" in html and "k ≥ 5" not in html
    assert present.withheld_text(FEW) == "niet getoond: minder dan 7 gemeenten"
    from django.utils import translation

    with translation.override("en"):
        assert present.withheld_text(FEW) == "not shown: fewer than 7 municipalities"
