"""Managing an organisation: details, departments, k, members; platform beheer."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client

from tests.factories import client_for_user, make_organisation, make_user
from weerbaar.organisations.models import Membership, Organisation, Role

pytestmark = pytest.mark.django_db


def test_coordinator_edits_departments_and_k(client_for, voorbeeld):
    response = client_for("coordinator").post(
        "/o/voorbeeld/instellingen/",
        {
            "name": "Gemeente Voorbeeld",
            "cbs_code": "GM9901",
            "inhabitants": "25400",
            "province": "Drenthe",
            "min_cell_size": "7",
            "departments": "Publiekszaken\nNieuwe afdeling\n\npublieksZAKEN\n",
        },
    )
    assert response.status_code == 302
    voorbeeld.refresh_from_db()
    assert voorbeeld.k == 7
    assert list(voorbeeld.departments.values_list("name", flat=True)) == [
        "Publiekszaken",
        "Nieuwe afdeling",
    ]


def test_k_below_floor_is_refused_and_input_kept(client_for, voorbeeld):
    response = client_for("coordinator").post(
        "/o/voorbeeld/instellingen/",
        {
            "name": "Gemeente Voorbeeld",
            "min_cell_size": "2",
            "departments": "Eén\nTwee",
            "cbs_code": "XX",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "De minimale celgrootte is ten minste 3." in body
    assert "Een CBS-code heeft de vorm GM0123." in body
    assert "Eén\nTwee" in body
    voorbeeld.refresh_from_db()
    assert voorbeeld.min_cell_size == 5


def test_secretaris_cannot_manage_the_organisation(client_for):
    secretaris = client_for("secretaris")
    assert secretaris.get("/o/voorbeeld/instellingen/").status_code == 403
    # The secretaris sees the members page (to confirm requested roles) but adds no one.
    page = secretaris.get("/o/voorbeeld/leden/")
    assert page.status_code == 200 and "Iemand toevoegen" not in page.content.decode()
    response = secretaris.post("/o/voorbeeld/leden/", {"email": "x@example.org", "role": "lezer"})
    assert response.status_code == 403
    assert not get_user_model().objects.filter(email="x@example.org").exists()


def test_new_member_gets_an_email_to_choose_a_password(client_for, voorbeeld):
    response = client_for("coordinator").post(
        "/o/voorbeeld/leden/",
        {"email": "Nieuw.Lid@Voorbeeld.nl", "full_name": "Nieuw Lid", "role": "actiehouder"},
    )
    assert response.status_code == 302
    user = get_user_model().objects.get(email="nieuw.lid@voorbeeld.nl")
    assert not user.has_usable_password()
    assert Membership.objects.filter(user=user, organisation=voorbeeld, role="actiehouder").exists()
    # One mail to the new person; the others go to the secretaris and the coordinators.
    to_person = [m for m in mail.outbox if m.to == ["nieuw.lid@voorbeeld.nl"]]
    assert len(to_person) == 1
    message = to_person[0]
    assert message.to == ["nieuw.lid@voorbeeld.nl"]
    assert "Gemeente Voorbeeld" in message.body
    link = re.search(r"https?://[^/]+(/account/wachtwoord/\S+/)", message.body).group(1)

    client = Client()
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    post_url = form_page.redirect_chain[-1][0] if form_page.redirect_chain else link
    done = client.post(
        post_url,
        {
            "new_password1": "Een-sterk-wachtwoord-2026",
            "new_password2": "Een-sterk-wachtwoord-2026",
        },
    )
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Een-sterk-wachtwoord-2026")


def test_existing_user_gets_an_extra_role_and_a_notice(client_for, user_for):
    client_for("coordinator").post(
        "/o/voorbeeld/leden/", {"email": "Lezer@Voorbeeld.demo ", "role": "actiehouder"}
    )
    assert set(
        Membership.objects.filter(user=user_for("lezer")).values_list("role", flat=True)
    ) == {"lezer", "actiehouder"}
    notices = [m for m in mail.outbox if m.to == ["lezer@voorbeeld.demo"]]
    assert len(notices) == 1
    assert "Actiehouder" in notices[0].body and "/wachtwoord/" not in notices[0].body


def test_bad_member_input_keeps_what_was_entered(client_for):
    response = client_for("coordinator").post(
        "/o/voorbeeld/leden/", {"email": "geen-adres", "full_name": "Piet", "role": "koning"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert 'value="Piet"' in body and 'value="geen-adres"' in body
    assert "Controleer de gemarkeerde velden" in body


def test_coordinator_removes_a_role():
    org, other = make_organisation(), make_organisation()
    coordinator = client_for_user(make_user(role=Role.COORDINATOR, organisation=org))
    lezer = make_user(role=Role.LEZER, organisation=org)
    membership = Membership.objects.get(user=lezer)
    response = coordinator.post(f"/o/{org.slug}/leden/{membership.pk}/intrekken/")
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()
    # A membership of another organisation is not found through this one.
    theirs = Membership.objects.get(user=make_user(role=Role.LEZER, organisation=other))
    assert coordinator.post(f"/o/{org.slug}/leden/{theirs.pk}/intrekken/").status_code == 404
    assert Membership.objects.filter(pk=theirs.pk).exists()


def test_only_the_platform_beheerder_creates_organisations(client_for):
    assert client_for("coordinator").get("/beheer/organisaties/").status_code == 403
    client = client_for("beheerder")
    assert client.get("/beheer/organisaties/").status_code == 200
    response = client.post(
        "/beheer/organisaties/nieuw/",
        {"name": "Gemeente Nieuwdorp", "slug": "nieuwdorp", "cbs_code": "GM9904"},
    )
    assert response.status_code == 302
    assert Organisation.objects.filter(slug="nieuwdorp").exists()


def test_password_reset_does_not_reveal_whether_an_address_exists():
    client = Client()
    known = client.post("/account/wachtwoord/", {"email": "coordinator@voorbeeld.demo"})
    unknown = client.post("/account/wachtwoord/", {"email": "onbekend@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert len(mail.outbox) == 1
