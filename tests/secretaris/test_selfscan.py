"""The roles self-scan: library content with the seed's national figures, answering, and
privacy — only the author sees it, unless shared with named roles (every read audited)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.factories import client_for_user, make_user
from tests.secretaris.conftest import EVERY_ROLE
from weerbaar.audit.models import AuditEvent
from weerbaar.organisations.models import Role
from weerbaar.secretaris import selfscan
from weerbaar.secretaris.content import scan_roles, self_scan_document
from weerbaar.secretaris.models import RoleScan

pytestmark = pytest.mark.django_db


def test_content_carries_the_published_national_figures():
    roles = {r["role"]: r for r in scan_roles()}
    assert set(roles) == {"GS1", "GS2", "GS3"}
    assert roles["GS2"]["national"]["mean"] == 2.95
    assert roles["GS2"]["national"]["distribution"] == [10, 23, 33, 30, 4]
    # Table 3.2 misprints 2,95: the text and Figure 2.1 give 3,49.
    assert roles["GS1"]["national"]["mean"] == 3.49
    assert roles["GS3"]["national"]["mean"] == 2.41
    assert roles["GS3"]["national"]["n"] == 113
    shares = {a["id"]: a["national_percentage"] for r in scan_roles() for a in r["activities"]}
    assert shares["ZS-college.A1"] == 91
    assert shares["ZS-organisatie.A13"] == 28
    assert shares["ZS-extern.A5"] == 8
    for r in scan_roles():
        assert r["national"]["source"].startswith("BMC/Pro Facto (2025), §3.")
        assert "Bijlage 1" in r["activities_source"]
    assert self_scan_document()["kind"] == "gs_self_scan"


def test_results_compare_with_the_national_mean(voorbeeld):
    author = make_user(role=Role.SECRETARIS, organisation=voorbeeld)
    scan = selfscan.save_answers(
        voorbeeld, author, 2030, {"ZS-college": 4, "ZS-organisatie": 2}, ["ZS-college.A1"]
    )
    rows = {r.id: r for r in selfscan.results(scan)}
    assert rows["ZS-college"].position == "Boven het landelijke gemiddelde."
    assert rows["ZS-college"].national_mean == "2,95"
    assert rows["ZS-organisatie"].position == "Onder het landelijke gemiddelde."
    assert rows["ZS-extern"].score is None
    assert [a.done for a in rows["ZS-college"].activities][:2] == [True, False]
    assert rows["ZS-college"].activities[0].national == "91%"


def test_scores_outside_the_scale_are_refused(voorbeeld):
    author = make_user(role=Role.SECRETARIS, organisation=voorbeeld)
    with pytest.raises(ValidationError):
        selfscan.save_answers(voorbeeld, author, 2030, {"ZS-college": 7}, [])
    with pytest.raises(ValidationError):
        selfscan.save_answers(voorbeeld, author, 2030, {"ZS-college": 3}, ["nope"])


def test_the_secretaris_answers_on_the_page(client_for, voorbeeld):
    client = client_for("secretaris")
    url = reverse("secretaris:selfscan", kwargs={"org": voorbeeld.slug})
    page = client.get(url)
    assert page.status_code == 200
    assert "Als gemeentesecretaris houd ik me richting het college" in page.content.decode()
    response = client.post(
        url, {"ZS-college": "5", "ZS-extern": "1", "ZS-college.activities": ["ZS-college.A7"]}
    )
    assert response.status_code == 302
    scan = RoleScan.objects.get(
        organisation=voorbeeld, author__email="secretaris@voorbeeld.demo", year=timezone.now().year
    )
    assert scan.scores == {"ZS-college": 5, "ZS-extern": 1}
    assert scan.activities == ["ZS-college.A7"]
    # A bad value: a Dutch message on the same page, no 500.
    bad = client.post(url, {"ZS-college": "9"})
    assert bad.status_code == 200
    assert "Selecteer een geldige keuze" in bad.content.decode()


def _client(role, voorbeeld, client_for):
    if role in {"beheerder", "riec", "coordinator", "actiehouder", "lezer", "oosterveld"}:
        return client_for(role)
    if role == "other_secretaris":
        return client_for_user(make_user(role=Role.SECRETARIS, organisation=voorbeeld))
    return client_for_user(make_user(role=role, organisation=voorbeeld))


@pytest.mark.parametrize("role", EVERY_ROLE)
def test_a_private_self_scan_is_seen_by_nobody_else(role, voorbeeld, client_for):
    demo_scan = RoleScan.objects.get(organisation=voorbeeld, year=timezone.now().year)
    assert demo_scan.shared_with == []
    client = _client(role, voorbeeld, client_for)
    for name in ("secretaris:selfscan", "secretaris:selfscan_shared"):
        response = client.get(reverse(name, kwargs={"org": voorbeeld.slug}))
        assert response.status_code in {200, 403, 404}
        if response.status_code == 200:
            assert response.context.get("scan") is None
            assert not response.context.get("shared")
            assert "Sander Secretaris" not in response.content.decode()
    # The audit log, readable by the insiders, holds no self-scan answers.
    changes = AuditEvent.objects.filter(object_type="secretaris.RoleScan").exclude(
        action=AuditEvent.Action.READ
    )
    assert not changes.exists()


def test_sharing_with_a_named_role(client_for, voorbeeld):
    author_client = client_for("secretaris")
    demo_scan = RoleScan.objects.get(organisation=voorbeeld, year=timezone.now().year)
    share_url = reverse("secretaris:selfscan_share", kwargs={"org": voorbeeld.slug})
    assert author_client.post(share_url, {"roles": [Role.BURGEMEESTER]}).status_code == 302
    demo_scan.refresh_from_db()
    assert demo_scan.shared_with == [Role.BURGEMEESTER]

    shared_url = reverse("secretaris:selfscan_shared", kwargs={"org": voorbeeld.slug})
    mayor = make_user(role=Role.BURGEMEESTER, organisation=voorbeeld)
    seen = client_for_user(mayor).get(shared_url)
    assert seen.status_code == 200
    assert [s["scan"].pk for s in seen.context["shared"]] == [demo_scan.pk]
    assert "Zelfscan" in seen.content.decode() and "Sander Secretaris" in seen.content.decode()
    read = AuditEvent.objects.get(actor=mayor, object_type="secretaris.RoleScan")
    assert read.action == AuditEvent.Action.READ
    assert read.after == {"what": "gs_self_scan", "year": demo_scan.year}

    for role in ("coordinator", "lezer", "riec", "beheerder", "oosterveld"):
        other = client_for(role).get(shared_url)
        assert other.status_code in {200, 404}
        if other.status_code == 200:
            assert not other.context["shared"]

    # Unsharing makes it private again; the researcher role can never be chosen.
    assert author_client.post(share_url, {}).status_code == 302
    demo_scan.refresh_from_db()
    assert demo_scan.shared_with == []
    assert not client_for_user(mayor).get(shared_url).context["shared"]
    author_client.post(share_url, {"roles": [Role.ONDERZOEKER]})
    demo_scan.refresh_from_db()
    assert demo_scan.shared_with == []
