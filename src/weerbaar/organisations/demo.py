"""Demo step: the RIEC region, three fictional municipalities and one login per role."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from weerbaar.core.demo import DemoContext, DemoLogin, demo_step

from .models import Department, Membership, MembershipRequest, Organisation, Region, Role

DEPARTMENTS = [
    "Publiekszaken",
    "Vergunningen, Toezicht en Handhaving",
    "Sociaal Domein",
    "Ruimte en Economie",
    "Bedrijfsvoering",
    "Financiën en Inkoop",
    "Openbare Ruimte",
    "Bestuurs- en Directieondersteuning",
]

DEMO_PASSWORD_PREFIX = "demo-"  # noqa: S105 (demo logins only work in demo mode)

LOGINS = [
    # (key, label, email, membership role or special)
    ("beheerder", "Platformbeheerder", "beheerder@weerbaar.demo", "beheerder"),
    ("riec", "RIEC-adviseur", "riec@weerbaar.demo", "riec"),
    (
        "coordinator",
        "Scancoördinator (OOV-adviseur)",
        "coordinator@voorbeeld.demo",
        Role.COORDINATOR,
    ),
    ("secretaris", "Gemeentesecretaris", "secretaris@voorbeeld.demo", Role.SECRETARIS),
    ("burgemeester", "Burgemeester", "burgemeester@voorbeeld.demo", Role.BURGEMEESTER),
    ("actiehouder", "Actiehouder (HR/P&O)", "actiehouder@voorbeeld.demo", Role.ACTIEHOUDER),
    ("lezer", "Lezer (raad, college, rekenkamer)", "lezer@voorbeeld.demo", Role.LEZER),
    (
        "onderzoeker",
        "Onderzoeker (rekenkamer, extern)",
        "onderzoeker@voorbeeld.demo",
        Role.ONDERZOEKER,
    ),
    (
        "afdelingshoofd",
        "Afdelingshoofd Vergunningen, Toezicht en Handhaving",
        "afdelingshoofd@voorbeeld.demo",
        Role.AFDELINGSHOOFD,
    ),
    (
        "oosterveld",
        "Scancoördinator Gemeente Oosterveld",
        "coordinator@oosterveld.demo",
        Role.COORDINATOR,
    ),
]

NAMES = {
    "beheerder": "Bram Beheer",
    "riec": "Renée IJzerman",
    "coordinator": "Carla de Coördinator",
    "secretaris": "Sander Secretaris",
    "burgemeester": "Bea Burger",
    "actiehouder": "Aisha Hassan",
    "lezer": "Lotte Lezer",
    "onderzoeker": "Olga Onderzoek",
    "afdelingshoofd": "Anton Afdeling",
    "oosterveld": "Okke Oosting",
}


@demo_step(order=10)
def build_organisations(ctx: DemoContext) -> None:
    region = Region.objects.create(name="RIEC Voorbeeldregio", slug="riec-voorbeeldregio")
    voorbeeld = Organisation.objects.create(
        name="Gemeente Voorbeeld",
        slug="voorbeeld",
        cbs_code="GM9901",
        inhabitants=25_400,
        province="Drenthe",
        region=region,
    )
    oosterveld = Organisation.objects.create(
        name="Gemeente Oosterveld",
        slug="oosterveld",
        cbs_code="GM9902",
        inhabitants=41_800,
        province="Drenthe",
        region=region,
    )
    dijkhuizen = Organisation.objects.create(
        name="Gemeente Dijkhuizen",
        slug="dijkhuizen",
        cbs_code="GM9903",
        inhabitants=12_300,
        province="Drenthe",
        region=region,
    )
    for org in (voorbeeld, oosterveld, dijkhuizen):
        Department.objects.bulk_create(
            Department(organisation=org, name=name, position=i)
            for i, name in enumerate(DEPARTMENTS)
        )
    ctx.objects.update(
        region=region, voorbeeld=voorbeeld, oosterveld=oosterveld, dijkhuizen=dijkhuizen
    )

    User = get_user_model()
    for key, label, email, role in LOGINS:
        password = f"{DEMO_PASSWORD_PREFIX}{key}"
        user = User.objects.create_user(
            email=email,
            password=password,
            full_name=NAMES[key],
            is_demo=ctx.demo_logins,
            is_superuser=(role == "beheerder"),
            is_staff=(role == "beheerder"),
        )
        if role == "riec":
            region.memberships.create(user=user)
        elif role != "beheerder":
            org = oosterveld if key == "oosterveld" else voorbeeld
            Membership.objects.create(user=user, organisation=org, role=role)
        ctx.objects[f"user_{key}"] = user
        ctx.logins.append(DemoLogin(role=key, label=label, email=email, password=password))

    # A role that waits for the gemeentesecretaris' confirmation (see governance).
    MembershipRequest.objects.create(
        organisation=voorbeeld,
        email="nieuwe.coordinator@voorbeeld.demo",
        full_name="Nieuwe Coördinator",
        role=Role.COORDINATOR,
        requested_by=ctx.objects["user_coordinator"],
    )
