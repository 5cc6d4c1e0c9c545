"""Two people editing the organisation settings: the second save gets the conflict page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.editing import form_data, second_editor
from weerbaar.organisations.models import Organisation

pytestmark = pytest.mark.django_db


def test_second_settings_save_gets_the_conflict_page_with_both_versions(voorbeeld, client_for):
    url = reverse("organisations:settings", kwargs={"org": voorbeeld.slug})
    anna, bram = client_for("coordinator"), second_editor(voorbeeld)
    anna_page, bram_page = anna.get(url), bram.get(url)
    assert 'name="lock_version"' in anna_page.content.decode()
    departments = anna_page.context["form"]["departments"].value()
    first = anna.post(
        url, form_data(anna_page, inhabitants="41000", departments=departments + "\nIT")
    )
    assert first.status_code == 302, first.content.decode()[:3000]

    second = bram.post(url, form_data(bram_page, inhabitants="39000", province="Utrecht"))
    assert second.status_code == 409
    body = second.content.decode()
    assert "Iemand anders heeft dit intussen opgeslagen" in body
    rows = {r.label: r for r in second.context["form"].conflict.differences}
    assert (rows["Aantal inwoners"].stored, rows["Aantal inwoners"].submitted) == (
        "41000",
        "39000",
    )
    assert rows["Afdelingen"].stored.endswith("IT")
    assert "Provincie" in rows
    stored = Organisation.objects.get(pk=voorbeeld.pk)
    assert stored.inhabitants == 41000 and stored.province != "Utrecht"
    assert stored.departments.filter(name="IT").exists()

    again = bram.post(url, form_data(second))
    assert again.status_code == 302
    stored = Organisation.objects.get(pk=voorbeeld.pk)
    assert (stored.inhabitants, stored.province) == (39000, "Utrecht")
    assert not stored.departments.filter(name="IT").exists()
