"""Two people editing the same action or the follow-up settings: the second save conflicts."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.editing import form_data, second_editor
from tests.factories import client_for_user
from weerbaar.actions import services
from weerbaar.actions.models import Action, ActionStatus, FollowUpSettings

pytestmark = pytest.mark.django_db


def test_second_action_save_gets_the_conflict_page_with_both_versions(make_action, fresh_org):
    action = make_action()
    url = reverse("actions:edit", kwargs={"org": "testdorp", "action_id": action.pk})
    anna = client_for_user(fresh_org["coordinator"])
    bram = second_editor(fresh_org["org"])
    anna_page, bram_page = anna.get(url), bram.get(url)
    first = anna.post(
        url, form_data(anna_page, title="Titel van Anna", owner="role:gemeentesecretaris")
    )
    assert first.status_code == 302, first.content.decode()[:2000]

    second = bram.post(url, form_data(bram_page, title="Titel van Bram"))
    assert second.status_code == 409
    body = second.content.decode()
    assert "Titel van Anna" in body and body.count("Titel van Bram") >= 2
    rows = {r.label: r for r in second.context["form"].conflict.differences}
    assert (rows["Titel"].stored, rows["Titel"].submitted) == ("Titel van Anna", "Titel van Bram")
    assert rows["Eigenaar"].stored == "Rol: Gemeentesecretaris"  # shown by label, not by code
    action.refresh_from_db()
    assert (action.title, action.owner_role) == ("Titel van Anna", "gemeentesecretaris")

    again = bram.post(url, form_data(second))
    assert again.status_code == 302
    assert Action.objects.get(pk=action.pk).title == "Titel van Bram"


def test_a_status_change_makes_an_open_edit_form_stale(make_action, fresh_org):
    action = make_action()
    url = reverse("actions:edit", kwargs={"org": "testdorp", "action_id": action.pk})
    client = client_for_user(fresh_org["coordinator"])
    page = client.get(url)
    services.change_status(Action.objects.get(pk=action.pk), ActionStatus.IN_PROGRESS)
    response = client.post(url, form_data(page, title="Later"))
    assert response.status_code == 409
    # Only the user's own change differs: the other change was to a field not on this form.
    assert [r.label for r in response.context["form"].conflict.differences] == ["Titel"]
    assert Action.objects.get(pk=action.pk).title != "Later"


def test_service_refuses_an_outdated_version(make_action):
    from weerbaar.core.locking import ConflictError

    action = make_action()
    version = action.lock_version
    services.update_action(
        Action.objects.get(pk=action.pk), title="Eerst", expected_version=version
    )
    with pytest.raises(ConflictError) as caught:
        services.update_action(
            Action.objects.get(pk=action.pk), title="Daarna", expected_version=version
        )
    assert (caught.value.submitted_version, caught.value.stored_version) == (version, version + 1)
    assert Action.objects.get(pk=action.pk).title == "Eerst"


def test_second_settings_save_gets_the_conflict_page(fresh_org):
    url = reverse("actions:settings", kwargs={"org": "testdorp"})
    anna = client_for_user(fresh_org["coordinator"])
    bram = second_editor(fresh_org["org"])
    # Neither has saved settings yet: both forms show the defaults (not stored, version 0).
    anna_page, bram_page = anna.get(url), bram.get(url)
    assert anna.post(url, form_data(anna_page, days_before_due="10")).status_code == 302
    second = bram.post(url, form_data(bram_page, days_before_due="30"))
    assert second.status_code == 409
    rows = {r.label: r for r in second.context["form"].conflict.differences}
    assert [(r.stored, r.submitted) for r in rows.values()] == [("10", "30")]
    assert FollowUpSettings.objects.get(organisation=fresh_org["org"]).days_before_due == 10
