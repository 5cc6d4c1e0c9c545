"""Two people editing the same register entry: the second save gets the conflict page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.editing import form_data, second_editor
from weerbaar.registers.models import FunctionEntry, ProcessEntry
from weerbaar.registers.services import set_criterion_scores

pytestmark = pytest.mark.django_db


def edit_url(scan, name: str, **kwargs) -> str:
    return reverse(
        f"registers:{name}", kwargs={"org": scan.organisation.slug, "scan_id": scan.pk, **kwargs}
    )


def test_second_process_save_gets_the_conflict_page_with_both_versions(baseline_scan, client_for):
    entry = baseline_scan.process_entries.get(library_process_id="PR-toezicht-handhaving")
    url = edit_url(baseline_scan, "process_edit", processentry_id=entry.pk)
    anna, bram = client_for("coordinator"), second_editor(baseline_scan.organisation)
    anna_page, bram_page = anna.get(url), bram.get(url)
    assert f'name="lock_version" value="{entry.lock_version}"' in anna_page.content.decode()

    first = anna.post(url, form_data(anna_page, notes="Notitie van Anna", score_VC8="3"))
    assert first.status_code == 302
    second = bram.post(url, form_data(bram_page, notes="Notitie van Bram", score_VC8="1"))

    assert second.status_code == 409
    body = second.content.decode()
    assert "Iemand anders heeft dit intussen opgeslagen" in body
    assert "Notitie van Anna" in body  # the stored version
    assert body.count("Notitie van Bram") >= 2  # in the comparison and still in the form
    conflict = second.context["form"].conflict
    rows = {row.label: row for row in conflict.differences}
    assert set(rows) == {"Toelichting", "Solistische werkzaamheden"}
    assert (rows["Toelichting"].stored, rows["Toelichting"].submitted) == (
        "Notitie van Anna",
        "Notitie van Bram",
    )
    assert rows["Solistische werkzaamheden"].stored.startswith("3")
    assert rows["Solistische werkzaamheden"].submitted.startswith("1")
    entry.refresh_from_db()
    assert entry.notes == "Notitie van Anna"
    assert entry.criterion_scores.get(criterion_id="VC8").score == 3

    # Saving the shown form again is a deliberate overwrite on top of the stored version.
    again = bram.post(url, form_data(second))
    assert again.status_code == 302
    entry.refresh_from_db()
    assert entry.notes == "Notitie van Bram"
    assert entry.criterion_scores.get(criterion_id="VC8").score == 1


def test_a_score_set_in_the_matrix_makes_an_open_process_form_stale(baseline_scan, client_for):
    entry = baseline_scan.process_entries.get(library_process_id="PR-toezicht-handhaving")
    url = edit_url(baseline_scan, "process_edit", processentry_id=entry.pk)
    client = client_for("coordinator")
    page = client.get(url)
    set_criterion_scores(ProcessEntry.objects.get(pk=entry.pk), {"VC2": 0})
    response = client.post(url, form_data(page, notes="later"))
    assert response.status_code == 409
    assert ProcessEntry.objects.get(pk=entry.pk).notes != "later"


def test_second_function_save_gets_the_conflict_page(baseline_scan, client_for):
    entry = baseline_scan.function_entries.first()
    url = edit_url(baseline_scan, "function_edit", functionentry_id=entry.pk)
    anna, bram = client_for("coordinator"), second_editor(baseline_scan.organisation)
    anna_page, bram_page = anna.get(url), bram.get(url)
    assert anna.post(url, form_data(anna_page, name="Functie volgens Anna")).status_code == 302
    second = bram.post(url, form_data(bram_page, name="Functie volgens Bram"))
    assert second.status_code == 409
    body = second.content.decode()
    assert "Functie volgens Anna" in body and "Functie volgens Bram" in body
    assert FunctionEntry.objects.get(pk=entry.pk).name == "Functie volgens Anna"


def test_adding_an_entry_is_not_checked(baseline_scan, client_for):
    client = client_for("coordinator")
    page = client.get(edit_url(baseline_scan, "function_create"))
    response = client.post(
        edit_url(baseline_scan, "function_create"),
        form_data(page, name="Nieuwe functie", department="Burgerzaken", incumbents="2"),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert FunctionEntry.objects.get(scan=baseline_scan, name="Nieuwe functie").lock_version == 1
