"""The questionnaire editor's pages: refusals keep what was typed, two editors conflict, other
organisations get nothing, the preview stores nothing, YAML goes in and out."""

from __future__ import annotations

import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.editing import form_data, second_editor
from tests.factories import make_scan
from weerbaar.surveys import services
from weerbaar.surveys.editor import store
from weerbaar.surveys.models import Questionnaire, ResponseDraft, ResponseSet

from .test_editor_operations import small

pytestmark = pytest.mark.django_db


@pytest.fixture
def own(voorbeeld, shipped) -> Questionnaire:
    return services.copy_questionnaire(shipped["medewerkers"], voorbeeld)


@pytest.fixture
def tiny(voorbeeld) -> Questionnaire:
    definition = small()
    return Questionnaire.objects.create(
        key="klein",
        version="1",
        audience="staff",
        title="Klein",
        definition=definition,
        source=yaml.safe_dump(definition),
        organisation=voorbeeld,
        is_valid=True,
    )


def url(name: str, questionnaire: Questionnaire, **kwargs) -> str:
    org = questionnaire.organisation.slug if questionnaire.organisation else "voorbeeld"
    return reverse(
        f"surveys:{name}", kwargs={"org": org, "questionnaire_id": questionnaire.pk, **kwargs}
    )


def test_the_editor_lists_pages_and_questions_with_their_actions(client_for, own):
    body = client_for("coordinator").get(url("editor", own)).content.decode()
    assert "Pagina 1:" in body and "Bij welke afdeling bent u werkzaam?" in body
    assert "Omhoog" in body and "Vraag toevoegen" in body and "Valideren" in body
    assert "Voorbeeld als respondent" in body and "YAML downloaden" in body
    assert "lopende enquêtes en gegeven antwoorden veranderen niet" in body


def test_a_refused_question_edit_keeps_what_was_typed(client_for, tiny):
    client = client_for("coordinator")
    page = client.get(url("editor_question", tiny, question_key="q1"))
    data = form_data(page, text="Mijn nieuwe vraagtekst", **{"remove-ja": "on"})
    response = client.post(url("editor_question", tiny, question_key="q1"), data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "De wijziging is niet opgeslagen" in body
    assert "wordt gebruikt in de routering" in body
    assert "Mijn nieuwe vraagtekst" in body
    tiny.refresh_from_db()
    assert tiny.definition == small()


def test_a_refused_new_question_keeps_what_was_typed(client_for, tiny):
    client = client_for("coordinator")
    response = client.post(
        url("editor", tiny),
        {
            "action": "add_question",
            "target": "p2",
            "add-p2-lock_version": tiny.lock_version,
            "add-p2-type": "single",
            "add-p2-text": "Wat vond u ervan?",
            "add-p2-options": "Goed",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "minstens twee antwoorden" in body
    assert "Wat vond u ervan?" in body
    tiny.refresh_from_db()
    assert tiny.definition == small()


def test_adding_a_question_then_a_condition(client_for, tiny):
    client = client_for("coordinator")
    response = client.post(
        url("editor", tiny),
        {
            "action": "add_question",
            "target": "p2",
            "add-p2-lock_version": tiny.lock_version,
            "add-p2-type": "text",
            "add-p2-text": "Waarom niet?",
        },
    )
    assert response.status_code == 302
    tiny.refresh_from_db()
    qid = tiny.definition["pages"][1]["questions"][-1]["id"]
    assert response["Location"] == url("editor_question", tiny, question_key=qid)
    step = client.get(response["Location"] + "?bron=q1")
    assert step.status_code == 200
    response = client.post(
        response["Location"],
        {
            "action": "add_condition",
            "lock_version": tiny.lock_version,
            "source": "q1",
            "operator": "is",
            "values": ["nee"],
        },
    )
    assert response.status_code == 302
    tiny.refresh_from_db()
    added = tiny.definition["pages"][1]["questions"][-1]
    assert added["show_if"] == {"all": [{"question": "q1", "equals": "nee"}]}
    assert yaml.safe_load(tiny.source) == tiny.definition


def test_a_condition_cannot_use_a_later_question(client_for, tiny):
    response = client_for("coordinator").post(
        url("editor_question", tiny, question_key="q1"),
        {"action": "add_condition", "lock_version": tiny.lock_version, "source": "q2"},
    )
    assert response.status_code == 200
    assert "eerdere pagina" in response.content.decode()
    tiny.refresh_from_db()
    assert tiny.definition == small()


def test_the_second_of_two_editors_gets_a_conflict_and_keeps_the_text(client_for, voorbeeld, tiny):
    address = url("editor_question", tiny, question_key="q1")
    anna, bram = client_for("coordinator"), second_editor(voorbeeld)
    anna_page, bram_page = anna.get(address), bram.get(address)
    assert anna.post(address, form_data(anna_page, text="Anna's vraag")).status_code == 302
    second = bram.post(address, form_data(bram_page, text="Brams vraag"))
    body = second.content.decode()
    assert second.status_code == 409
    assert "Iemand anders heeft deze vragenlijst intussen gewijzigd" in body
    assert "Brams vraag" in body
    tiny.refresh_from_db()
    assert tiny.definition["pages"][0]["questions"][0]["text"]["nl"] == "Anna's vraag"
    # Saving again is deliberate: it applies Bram's change to the stored version.
    assert bram.post(address, form_data(second)).status_code == 302
    tiny.refresh_from_db()
    assert tiny.definition["pages"][0]["questions"][0]["text"]["nl"] == "Brams vraag"


def test_a_stale_move_button_conflicts(client_for, tiny):
    client = client_for("coordinator")
    stale = tiny.lock_version
    data = {"action": "move_page", "target": "p2", "direction": "up", "lock_version": stale}
    client.post(url("editor_page", tiny, page_key="p1"), {"lock_version": stale, "title": "Eén"})
    response = client.post(url("editor", tiny), data)
    assert response.status_code == 409
    htmx = client.post(url("editor", tiny), data, headers={"HX-Request": "true"})
    assert htmx.status_code == 200  # htmx swaps it in
    assert "Iemand anders" in htmx.content.decode()


def test_moving_and_removing_through_htmx(client_for, tiny):
    client = client_for("coordinator")
    client.post(
        url("editor", tiny),
        {
            "action": "add_page",
            "page-lock_version": tiny.lock_version,
            "page-title": "Derde",
            "page-type": "number",
            "page-text": "Hoeveel?",
        },
    )
    tiny.refresh_from_db()
    assert [p["title"]["nl"] for p in tiny.definition["pages"]] == ["Eerste", "Tweede", "Derde"]
    third = tiny.definition["pages"][2]["id"]
    response = client.post(
        url("editor", tiny),
        {
            "action": "move_page",
            "target": third,
            "direction": "up",
            "lock_version": tiny.lock_version,
        },
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="editor-structure"' in body and "De pagina is verplaatst." in body
    tiny.refresh_from_db()
    assert [p["title"]["nl"] for p in tiny.definition["pages"]] == ["Eerste", "Derde", "Tweede"]
    client.post(
        url("editor", tiny),
        {"action": "remove_page", "target": third, "lock_version": tiny.lock_version},
    )
    tiny.refresh_from_db()
    assert tiny.definition == small()


def test_validate_before_use(client_for, own):
    response = client_for("coordinator").post(url("editor", own), {"action": "validate"})
    assert "De vragenlijst is geldig" in response.content.decode()


def test_other_organisations_get_nothing(client_for, voorbeeld, oosterveld, tiny):
    outsider = client_for("oosterveld")
    for slug in (voorbeeld.slug, oosterveld.slug):
        for name, extra in [
            ("editor", {}),
            ("editor_question", {"question_key": "q1"}),
            ("editor_page", {"page_key": "p1"}),
            ("questionnaire_preview", {}),
            ("questionnaire_export", {}),
        ]:
            address = reverse(
                f"surveys:{name}", kwargs={"org": slug, "questionnaire_id": tiny.pk, **extra}
            )
            assert outsider.get(address).status_code == 404
            posted = outsider.post(address, {"action": "remove_page"})
            assert posted.status_code in {404, 405}  # the download has no POST at all
    tiny.refresh_from_db()
    assert tiny.definition == small()


def test_a_shipped_questionnaire_shows_no_other_organisations_surveys(
    client_for, voorbeeld, oosterveld, shipped
):
    """A shipped questionnaire serves every municipality: its page lists only our surveys."""
    medewerkers = shipped["medewerkers"]
    services.create_survey(
        scan=make_scan(oosterveld, title="Scan Oosterveld"),
        questionnaire=medewerkers,
        title="Enquête van Oosterveld",
    )
    services.create_survey(
        scan=make_scan(voorbeeld, title="Scan Voorbeeld"),
        questionnaire=medewerkers,
        title="Enquête van Voorbeeld",
    )
    uses = store.surveys_using(medewerkers, voorbeeld)
    titles = [use.survey.title for use in uses]
    assert "Enquête van Voorbeeld" in titles and "Enquête van Oosterveld" not in titles
    assert all(use.survey.scan.organisation == voorbeeld for use in uses)
    page = client_for("coordinator").get(url("questionnaire", medewerkers)).content.decode()
    assert "Oosterveld" not in page


def test_readers_cannot_edit(client_for, tiny):
    assert client_for("lezer").get(url("editor", tiny)).status_code == 403


def test_shipped_questionnaires_open_read_only(client_for, voorbeeld, shipped):
    client = client_for("coordinator")
    shipped_q = shipped["raadsleden"]
    address = reverse(
        "surveys:editor", kwargs={"org": voorbeeld.slug, "questionnaire_id": shipped_q.pk}
    )
    assert client.get(address).status_code == 302
    client.post(address, {"action": "remove_page", "target": "r_intro"})
    shipped_q.refresh_from_db()
    assert shipped_q.definition == Questionnaire.objects.get(pk=shipped_q.pk).definition
    preview = reverse(
        "surveys:questionnaire_preview",
        kwargs={"org": voorbeeld.slug, "questionnaire_id": shipped_q.pk},
    )
    assert client.get(preview).status_code == 200


def test_the_preview_follows_routing_and_stores_nothing(client_for, tiny):
    client = client_for("coordinator")
    address = url("questionnaire_preview", tiny)
    drafts, responses = ResponseDraft.objects.count(), ResponseSet.objects.count()
    intro = client.get(address).content.decode()
    assert "Er wordt niets opgeslagen" in intro and "Intro" in intro
    first = client.get(address + "?p=0")
    state = first.context["state"]
    # "nee" skips page 2 (shown only after "ja"): the questionnaire ends.
    done = client.post(address, {"page": 0, "state": state, "action": "submit", "q-q1": "nee"})
    assert "Einde van het voorbeeld" in done.content.decode()
    # "ja" shows page 2.
    second = client.post(address, {"page": 0, "state": state, "action": "next", "q-q1": "ja"})
    assert "Wat deed u?" in second.content.decode()
    # A tampered state counts as no answers: page 2 is not reachable.
    forged = client.post(address, {"page": 1, "state": "x", "q-q2": "melden"})
    assert "Gezien?" in forged.content.decode()
    assert (ResponseDraft.objects.count(), ResponseSet.objects.count()) == (drafts, responses)


def test_export_and_import_yaml(client_for, tiny):
    client = client_for("coordinator")
    response = client.get(url("questionnaire_export", tiny))
    assert response["Content-Disposition"] == 'attachment; filename="klein-1.yaml"'
    exported = response.content.decode()
    assert yaml.safe_load(exported) == tiny.definition
    changed = exported.replace("Gezien?", "Iets gezien?")
    page = client.get(url("questionnaire", tiny))
    upload = SimpleUploadedFile("klein.yaml", changed.encode(), "application/yaml")
    data = form_data(page, action="save", source="", upload=upload)
    assert client.post(url("questionnaire", tiny), data).status_code == 302
    tiny.refresh_from_db()
    assert tiny.definition["pages"][0]["questions"][0]["text"]["nl"] == "Iets gezien?"
    # A broken upload: the problems and the uploaded text on the page.
    broken = SimpleUploadedFile("kapot.yaml", b"kind: questionnaire\nid: [", "application/yaml")
    page = client.get(url("questionnaire", tiny))
    response = client.post(
        url("questionnaire", tiny), form_data(page, action="validate", source="", upload=broken)
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "De vragenlijst bevat fouten" in body and "id: [" in body
