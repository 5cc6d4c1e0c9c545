"""The planner's target groups are library content: labels, ids and suggested cadences."""

from __future__ import annotations

import datetime

import pytest
import yaml
from django.core.exceptions import ValidationError
from django.urls import reverse

from weerbaar.awareness import content, services
from weerbaar.awareness.models import AwarenessSession
from weerbaar.awareness.services import SessionPlan
from weerbaar.library.loader import read_bundle
from weerbaar.library.paths import CONTENT_DIR

pytestmark = pytest.mark.django_db

#: The ids sessions were stored with before the groups became content: never renamed.
STORED_IDS = {"nieuw_personeel", "kwetsbare_functies", "leidinggevenden", "raad", "college"}
PLANNER = reverse("awareness:planner", kwargs={"org": "voorbeeld"})
CREATE = reverse("awareness:create", kwargs={"org": "voorbeeld"})


@pytest.fixture
def bundle_copy(shipped_bundle_copy):
    """The planner's document in a copy of the newest shipped bundle, read instead."""
    return shipped_bundle_copy / content.DOCUMENT_NAME


def edit(path, change) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def test_the_groups_keep_the_ids_sessions_were_stored_with():
    ids = [g.id for g in content.target_groups()]
    assert len(ids) == len(set(ids))
    assert set(ids) >= STORED_IDS
    assert set(AwarenessSession.objects.values_list("target_group", flat=True)) <= set(ids)


def test_the_bundle_with_the_groups_validates():
    bundle = read_bundle(CONTENT_DIR / "2026.3")
    assert content.DOCUMENT_NAME in bundle.documents


def test_the_labels_come_from_the_library(bundle_copy, client_for):
    def rename(data):
        raad = next(g for g in data["target_groups"] if g["id"] == "raad")
        raad["name"]["nl"] = "Raadsleden en commissieleden"

    edit(bundle_copy, rename)
    body = client_for("coordinator").get(PLANNER).content.decode()
    # The per-group table and the demo's session held for the council.
    assert body.count("Raadsleden en commissieleden") >= 2
    assert "Gemeenteraad" not in body
    form = client_for("coordinator").get(CREATE).content.decode()
    assert '<option value="raad">Raadsleden en commissieleden</option>' in form


def test_a_group_added_to_the_library_can_be_planned(bundle_copy, voorbeeld, user_for):
    def add(data):
        data["target_groups"].append(
            {
                "id": "griffie",
                "name": {"nl": "Griffie", "en": "Registry"},
                "description": {"nl": "De griffie.", "en": "The registry."},
                "suggested_cadence_months": 24,
                "source": "Rekenkamer Borger-Odoorn (2020), §8.1",
            }
        )

    edit(bundle_copy, add)
    session = services.plan_session(
        voorbeeld,
        SessionPlan("griffie", "Sessie griffie", 24, datetime.date(2027, 2, 1)),
        user=user_for("coordinator"),
    )
    assert session.target_group_label == "Griffie"
    groups = {g.target_group: g for g in services.summary_per_group(voorbeeld)}
    assert groups["griffie"].next_planned == session
    assert groups["griffie"].suggested_cadence == "Om de twee jaar"


def test_an_unknown_group_is_refused_on_the_page_and_nothing_typed_is_lost(client_for):
    response = client_for("coordinator").post(
        CREATE,
        {
            "target_group": "bestaat_niet",
            "title": "Mijn getypte titel",
            "cadence_months": "12",
            "planned_date": "2027-05-01",
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Kies een doelgroep." in body
    assert 'value="Mijn getypte titel"' in body
    assert not AwarenessSession.objects.filter(title="Mijn getypte titel").exists()


def test_the_service_refuses_an_unknown_group_too(voorbeeld, user_for):
    with pytest.raises(ValidationError) as exc:
        services.plan_session(
            voorbeeld,
            SessionPlan("bestaat_niet", "Sessie", 12, datetime.date(2027, 1, 1)),
            user=user_for("coordinator"),
        )
    assert exc.value.message_dict["target_group"] == ["Kies een doelgroep."]


def test_english_labels_when_the_user_chose_english(client_for, user_for):
    user = user_for("coordinator")
    user.language = "en"
    user.save(update_fields=["language"])
    body = client_for("coordinator").get(PLANNER).content.decode()
    assert "Municipal council" in body and "Managers" in body
    assert "Suggested frequency" in body
    assert "Gemeenteraad" not in body


def test_planning_from_a_group_suggests_its_cadence(client_for):
    body = client_for("coordinator").get(CREATE + "?doelgroep=college").content.decode()
    assert '<option value="college" selected>' in body
    assert '<option value="6" selected>' in body
    # An unknown group in the link plans as before: nothing chosen, the default cadence.
    body = client_for("coordinator").get(CREATE + "?doelgroep=onbekend").content.decode()
    assert '<option value="12" selected>' in body
    assert '<option value="college" selected>' not in body


def test_the_planner_links_each_group_to_planning(client_for):
    body = client_for("coordinator").get(PLANNER).content.decode()
    for group_id in STORED_IDS:
        assert f"{CREATE}?doelgroep={group_id}" in body
    assert "?doelgroep=" not in client_for("lezer").get(PLANNER).content.decode()
