"""Process and function registers: pages, bad input, scoping, audit, demo, carry-forward."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from weerbaar.audit.models import AuditEvent
from weerbaar.registers.models import (
    ControlMeasure,
    CriterionScore,
    FunctionEntry,
    ProcessEntry,
)
from weerbaar.registers.selectors import vulnerability_profile
from weerbaar.registers.services import carry_forward
from weerbaar.scans.services import create_scan

SEED_PROCESSES = {
    "PR-financiele-transacties",
    "PR-aanbestedingen-inkoop",
    "PR-subsidieverlening",
    "PR-reisdocumenten",
    "PR-brp",
    "PR-vergunningverlening",
    "PR-toezicht-handhaving",
    "PR-persoonsgegevens-strategische-informatie",
}


def url(name: str, scan, **kwargs) -> str:
    return reverse(
        f"registers:{name}", kwargs={"org": scan.organisation.slug, "scan_id": scan.pk, **kwargs}
    )


def process_post(**overrides) -> dict:
    data = {
        "library_process_id": "PR-horeca-vergunning",
        "own_name": "",
        "steps": "Aanvraag\nBibob-toets\nBesluit",
        "owner_department": "Vergunningen, Toezicht en Handhaving",
        "described": "partly",
        "discretion": "large",
        "money_flows": "on",
        "money_flow_size": "small",
        "external_parties": "Horeca-ondernemers",
        "notes": "",
        "score_VC1": "3",
        "rationale_VC1": "Een vergunning is voor de ondernemer van groot belang.",
        "score_VC4": "2",
        "rationale_VC4": "Contact aan de balie.",
        "control_four_eyes_state": "on_paper",
        "control_four_eyes_description": "Afgesproken, niet toegepast.",
    }
    data.update(overrides)
    return data


# ----------------------------------------------------------------------------- demo


def test_demo_has_the_seed_processes_and_at_least_ten_functions(baseline_scan):
    ids = set(baseline_scan.process_entries.values_list("library_process_id", flat=True))
    assert ids >= SEED_PROCESSES
    assert baseline_scan.function_entries.count() >= 10
    for entry in baseline_scan.process_entries.all():
        assert entry.criterion_scores.count() == 8
        assert all(cs.rationale for cs in entry.criterion_scores.all())


def test_demo_matches_the_seed_findings(baseline_scan):
    """Money flows without working four-eyes; VOG P functions without screening."""
    money_without_four_eyes = [
        e
        for e in baseline_scan.process_entries.all()
        if e.money_flows and not e.has_working("four_eyes")
    ]
    assert money_without_four_eyes
    unscreened = baseline_scan.function_entries.filter(
        screening_required="vog_p", screening_done="no"
    )
    assert unscreened.exists()
    assert baseline_scan.function_entries.filter(incumbents=1).exists()  # eenpitters


# ----------------------------------------------------------------------------- pages


@pytest.mark.parametrize("name", ["process_list", "function_list", "profile"])
def test_insiders_see_the_register_pages(name, baseline_scan, client_for):
    response = client_for("secretaris").get(url(name, baseline_scan))
    assert response.status_code == 200


@pytest.mark.parametrize("role", ["lezer", "actiehouder"])
def test_readers_without_access_to_work_in_progress_get_403(role, baseline_scan, client_for):
    assert client_for(role).get(url("profile", baseline_scan)).status_code == 403


def test_only_managers_may_edit(baseline_scan, client_for):
    entry = baseline_scan.process_entries.first()
    response = client_for("secretaris").get(
        url("process_edit", baseline_scan, processentry_id=entry.pk)
    )
    assert response.status_code == 403
    response = client_for("secretaris").post(url("process_create", baseline_scan), process_post())
    assert response.status_code == 403


def test_profile_shows_heat_map_ranking_why_and_method(baseline_scan, client_for):
    response = client_for("coordinator").get(url("profile", baseline_scan))
    body = response.content.decode()
    assert '<table class="table heatmap">' in body
    assert "heat heat-3" in body  # colour class, plus the value as text
    assert "Waarom deze score" in body
    assert "Ontwerpkeuze" in body
    profile = response.context["profile"]
    scores = [r.score for r in profile.ranked_processes]
    assert scores == sorted(scores, reverse=True)
    worst = profile.ranked_processes[0]
    assert worst.entry.name in body


def test_scan_page_has_a_registers_section(baseline_scan, client_for):
    response = client_for("coordinator").get(
        reverse("scans:detail", kwargs={"org": "voorbeeld", "scan_id": baseline_scan.pk})
    )
    assert response.status_code == 200
    assert 'id="section-registers"' in response.content.decode()


# ----------------------------------------------------------------------------- processes


def test_coordinator_adds_a_process_from_the_library(baseline_scan, client_for):
    response = client_for("coordinator").post(url("process_create", baseline_scan), process_post())
    assert response.status_code == 302
    entry = baseline_scan.process_entries.get(library_process_id="PR-horeca-vergunning")
    assert entry.name == "Drank- en horecavergunning"
    assert entry.step_list == ["Aanvraag", "Bibob-toets", "Besluit"]
    assert entry.criterion_score("VC1") == 3
    assert entry.criterion_score("VC2") is None
    assert entry.control_state("four_eyes") == "on_paper"
    assert not entry.has_working("four_eyes")


def test_coordinator_adds_an_own_process(baseline_scan, client_for):
    data = process_post(library_process_id="", own_name="Verhuur gemeentelijke sporthal")
    response = client_for("coordinator").post(url("process_create", baseline_scan), data)
    assert response.status_code == 302
    assert baseline_scan.process_entries.filter(own_name="Verhuur gemeentelijke sporthal").exists()


def test_unknown_library_process_is_refused_and_input_kept(baseline_scan, client_for):
    before = ProcessEntry.objects.count()
    data = process_post(library_process_id="PR-bestaat-niet")
    response = client_for("coordinator").post(url("process_create", baseline_scan), data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "komt niet voor in de bibliotheek" in body
    assert "Een vergunning is voor de ondernemer van groot belang." in body
    assert "Horeca-ondernemers" in body
    assert ProcessEntry.objects.count() == before


def test_score_outside_0_to_3_is_refused_and_input_kept(baseline_scan, client_for):
    before = CriterionScore.objects.count()
    data = process_post(score_VC1="5")
    response = client_for("coordinator").post(url("process_create", baseline_scan), data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Kies een score van 0 tot en met 3." in body
    assert "Een vergunning is voor de ondernemer van groot belang." in body
    assert 'value="2" id="id_score_VC4_2" checked' in body
    assert CriterionScore.objects.count() == before


def test_process_without_library_id_or_name_is_refused(baseline_scan, client_for):
    data = process_post(library_process_id="", own_name="")
    response = client_for("coordinator").post(url("process_create", baseline_scan), data)
    assert response.status_code == 200
    assert "geef het proces een eigen naam" in response.content.decode()


def test_other_measure_needs_a_description(baseline_scan, client_for):
    data = process_post(control_other_state="in_practice", control_other_description="")
    response = client_for("coordinator").post(url("process_create", baseline_scan), data)
    assert response.status_code == 200
    assert "Beschrijf de andere of compenserende maatregel." in response.content.decode()


def test_editing_a_process_is_audited_with_the_actor(baseline_scan, client_for, user_for):
    entry = baseline_scan.process_entries.get(library_process_id="PR-betaling-facturen-zorg")
    client = client_for("coordinator")
    page = client.get(url("process_edit", baseline_scan, processentry_id=entry.pk))
    assert page.status_code == 200
    form = page.context["form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False:
            continue
        data[name] = "on" if value is True else value
    data["control_four_eyes_state"] = "in_practice"
    data["control_four_eyes_description"] = "Tweede budgethouder keurt elke factuur."
    data["score_VC8"] = "2"
    before_score = vulnerability_profile(baseline_scan)
    old = next(r.score for r in before_score.processes if r.entry.pk == entry.pk)
    response = client.post(url("process_edit", baseline_scan, processentry_id=entry.pk), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    actor = user_for("coordinator")
    control_events = AuditEvent.objects.filter(
        object_type="registers.ControlMeasure", actor=actor, action="update"
    )
    assert control_events.exists()
    event = control_events.first()
    assert event.before["state"] == "absent" and event.after["state"] == "in_practice"
    assert AuditEvent.objects.filter(
        object_type="registers.CriterionScore", actor=actor, organisation=baseline_scan.organisation
    ).exists()
    new = next(
        r.score for r in vulnerability_profile(baseline_scan).processes if r.entry.pk == entry.pk
    )
    assert new < old


def test_removing_a_control_deletes_it(baseline_scan, client_for):
    entry = baseline_scan.process_entries.get(library_process_id="PR-toezicht-handhaving")
    assert entry.controls.filter(control_type="rotation").exists()
    client = client_for("coordinator")
    form = client.get(url("process_edit", baseline_scan, processentry_id=entry.pk)).context["form"]
    data = {n: form[n].value() for n in form.fields if form[n].value() not in (None, False)}
    data = {k: ("on" if v is True else v) for k, v in data.items()}
    data["control_rotation_state"] = ""
    client.post(url("process_edit", baseline_scan, processentry_id=entry.pk), data)
    assert not ControlMeasure.objects.filter(process=entry, control_type="rotation").exists()


def test_score_preview_returns_the_breakdown(baseline_scan, client_for):
    response = client_for("coordinator").post(
        url("process_score", baseline_scan), process_post(), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Inherente kwetsbaarheid" in body
    assert "<html" not in body


def test_delete_process(baseline_scan, client_for):
    entry = baseline_scan.process_entries.last()
    response = client_for("coordinator").post(
        url("process_delete", baseline_scan, processentry_id=entry.pk)
    )
    assert response.status_code == 302
    assert not ProcessEntry.objects.filter(pk=entry.pk).exists()
    assert AuditEvent.objects.filter(
        object_type="registers.ProcessEntry", object_id=str(entry.pk), action="delete"
    ).exists()


# ----------------------------------------------------------------------------- scoping


def test_other_organisation_gets_404_on_register_pages(baseline_scan, client_for):
    outsider = client_for("oosterveld")
    process = baseline_scan.process_entries.first()
    function = baseline_scan.function_entries.first()
    for target in (
        url("process_list", baseline_scan),
        url("process_edit", baseline_scan, processentry_id=process.pk),
        url("function_edit", baseline_scan, functionentry_id=function.pk),
        url("profile", baseline_scan),
    ):
        assert outsider.get(target).status_code == 404
    response = outsider.post(
        url("process_edit", baseline_scan, processentry_id=process.pk), process_post()
    )
    assert response.status_code == 404


def test_entry_of_another_scan_is_not_found(baseline_scan, client_for, oosterveld, user_for):
    scan = create_scan(
        organisation=oosterveld,
        title="Scan Oosterveld",
        library_version=baseline_scan.library_version,
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 6, 1),
    )
    foreign = ProcessEntry.objects.create(scan=scan, own_name="Eigen proces Oosterveld")
    response = client_for("coordinator").get(
        url("process_edit", baseline_scan, processentry_id=foreign.pk)
    )
    assert response.status_code == 404


# ----------------------------------------------------------------------------- functions


def function_post(**overrides) -> dict:
    data = {
        "library_function_id": "F-boa",
        "name": "Boa evenementen",
        "department": "Vergunningen, Toezicht en Handhaving",
        "information_access": "normal",
        "decision_authority": "decides",
        "external_contact": "on",
        "incumbents": "2",
        "typical_tenure_years": "3",
        "screening_required": "vog_p",
        "screening_done": "yes",
        "screening_done_external": "not_applicable",
        "screening_on_change": "no",
        "rotation_state": "absent",
        "four_eyes_state": "absent",
        "compensating_state": "absent",
    }
    data.update(overrides)
    return data


def test_coordinator_adds_a_function(baseline_scan, client_for):
    response = client_for("coordinator").post(
        url("function_create", baseline_scan), function_post()
    )
    assert response.status_code == 302
    entry = baseline_scan.function_entries.get(name="Boa evenementen")
    assert not entry.is_eenpitter
    assert entry.screening_gap  # not re-screened on a change of function


def test_zero_incumbents_is_refused_and_input_kept(baseline_scan, client_for):
    before = FunctionEntry.objects.count()
    response = client_for("coordinator").post(
        url("function_create", baseline_scan), function_post(incumbents="0")
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "ten minste één functiehouder" in body
    assert "Boa evenementen" in body
    assert FunctionEntry.objects.count() == before


def test_function_without_name_is_refused(baseline_scan, client_for):
    response = client_for("coordinator").post(
        url("function_create", baseline_scan), function_post(name="")
    )
    assert response.status_code == 200
    assert "Geef de naam van de functie." in response.content.decode()


def test_rotation_in_practice_needs_rotation_to_be_possible(baseline_scan, client_for):
    response = client_for("coordinator").post(
        url("function_create", baseline_scan), function_post(rotation_state="in_practice")
    )
    assert response.status_code == 200
    assert "Roulatie staat als niet mogelijk" in response.content.decode()


def test_example_function_prefills_the_form(baseline_scan, client_for):
    response = client_for("coordinator").get(
        url("function_create", baseline_scan) + "?voorbeeld=F-toezichthouder"
    )
    form = response.context["form"]
    assert form["screening_required"].value() == "vog_p"
    assert form["library_function_id"].value() == "F-toezichthouder"
    response = client_for("coordinator").get(
        url("function_create", baseline_scan) + "?voorbeeld=F-onbekend"
    )
    assert response.status_code == 200
    assert "komt niet voor in de bibliotheek" in response.content.decode()


def test_editing_a_function_is_audited(baseline_scan, client_for, user_for):
    entry = baseline_scan.function_entries.get(library_function_id="F-toezichthouder")
    data = function_post(
        library_function_id="F-toezichthouder",
        name=entry.name,
        incumbents="3",
        typical_tenure_years="9",
        rotation_possible="on",
        rotation_state="in_practice",
    )
    response = client_for("coordinator").post(
        url("function_edit", baseline_scan, functionentry_id=entry.pk), data
    )
    assert response.status_code == 302
    event = AuditEvent.objects.filter(
        object_type="registers.FunctionEntry", object_id=str(entry.pk), action="update"
    ).first()
    assert event is not None
    assert event.actor == user_for("coordinator")
    assert event.after["rotation_state"] == "in_practice"


# ----------------------------------------------------------------------------- carry forward


def follow_up_of(baseline_scan):
    """A follow-up scan with the registers carried forward (as the repeat service does)."""
    follow_up = create_scan(
        organisation=baseline_scan.organisation,
        title="Herhaalmeting",
        library_version=baseline_scan.library_version,
        period_start=datetime.date(2027, 1, 1),
        period_end=datetime.date(2027, 6, 1),
        previous_scan=baseline_scan,
    )
    assert not follow_up.process_entries.exists()  # creating the scan copies nothing
    counts = carry_forward(baseline_scan, follow_up)
    assert counts == {
        "processes": baseline_scan.process_entries.count(),
        "functions": baseline_scan.function_entries.count(),
    }
    return follow_up


def test_a_follow_up_scan_starts_from_a_copy_of_the_registers(baseline_scan):
    follow_up = follow_up_of(baseline_scan)
    assert follow_up.process_entries.count() == baseline_scan.process_entries.count()
    assert follow_up.function_entries.count() == baseline_scan.function_entries.count()
    copy = follow_up.process_entries.get(library_process_id="PR-brp")
    original = baseline_scan.process_entries.get(library_process_id="PR-brp")
    assert copy.copied_from == original
    assert copy.criterion_score("VC6") == original.criterion_score("VC6")
    assert copy.control_state("authorisations") == original.control_state("authorisations")
    # Changing the copy leaves the baseline (and its report) as it was.
    copy.controls.filter(control_type="four_eyes").update(state="effective")
    assert original.control_state("four_eyes") == "on_paper"


def test_the_seed_processes_are_added_in_one_go(baseline_scan, client_for):
    scan = create_scan(
        organisation=baseline_scan.organisation,
        title="Losse scan zonder register",
        library_version=baseline_scan.library_version,
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 3, 1),
    )
    client = client_for("coordinator")
    response = client.post(url("process_seed", scan), follow=True)
    assert response.status_code == 200
    ids = set(scan.process_entries.values_list("library_process_id", flat=True))
    assert ids == SEED_PROCESSES
    client.post(url("process_seed", scan))
    assert scan.process_entries.count() == len(SEED_PROCESSES)


def test_pages_in_english(baseline_scan, client_for, user_for):
    user = user_for("coordinator")
    user.language = "en"
    user.save(update_fields=["language"])
    body = client_for("coordinator").get(url("profile", baseline_scan)).content.decode()
    assert "Why this score" in body
    assert "Design choice:" in body
    assert "Waarom deze score" not in body


def test_the_method_is_a_known_library_kind():
    from weerbaar.library.kinds import get_kind

    assert get_kind("vulnerability_method") is not None


_junk = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["", "-1", "4", "999999", "0", "3", "PR-brp", "effective", "x" * 600]),
)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    st.dictionaries(
        st.sampled_from(
            [
                "library_process_id",
                "own_name",
                "described",
                "discretion",
                "money_flow_size",
                "score_VC1",
                "score_VC5",
                "rationale_VC1",
                "control_four_eyes_state",
                "control_other_state",
                "control_other_description",
            ]
        ),
        _junk,
    )
)
def test_bad_process_input_never_gives_a_server_error(baseline_scan, client_for, overrides):
    response = client_for("coordinator").post(
        url("process_create", baseline_scan), process_post(**overrides)
    )
    assert response.status_code in {200, 302}


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    st.dictionaries(
        st.sampled_from(
            [
                "name",
                "incumbents",
                "typical_tenure_years",
                "information_access",
                "screening_required",
                "screening_done",
                "rotation_state",
                "compensating_state",
                "library_function_id",
            ]
        ),
        _junk,
    )
)
def test_bad_function_input_never_gives_a_server_error(baseline_scan, client_for, overrides):
    response = client_for("coordinator").post(
        url("function_create", baseline_scan), function_post(**overrides)
    )
    assert response.status_code in {200, 302}


def test_service_refuses_unknown_criteria_and_control_types(baseline_scan):
    from django.core.exceptions import ValidationError

    from weerbaar.registers.services import ControlInput, CriterionInput, save_process_entry

    entry = ProcessEntry(scan=baseline_scan, own_name="Proef")
    with pytest.raises(ValidationError):
        save_process_entry(entry, [CriterionInput("VC99", 2)])
    entry = ProcessEntry(scan=baseline_scan, own_name="Proef")
    with pytest.raises(ValidationError):
        save_process_entry(entry, [], [ControlInput("telepathy", "effective")])
    entry = ProcessEntry(scan=baseline_scan, library_process_id="PR-onbekend")
    with pytest.raises(ValidationError):
        save_process_entry(entry)


def test_carrying_forward_twice_copies_once(baseline_scan):
    follow_up = follow_up_of(baseline_scan)
    assert carry_forward(baseline_scan, follow_up) == {"processes": 0, "functions": 0}
    assert follow_up.process_entries.count() == baseline_scan.process_entries.count()


def test_profile_of_a_follow_up_scan_shows_the_previous_score(baseline_scan, client_for):
    follow_up = follow_up_of(baseline_scan)
    entry = follow_up.process_entries.get(library_process_id="PR-betaling-facturen-zorg")
    entry.controls.filter(control_type="four_eyes").update(state="effective")
    profile = vulnerability_profile(follow_up)
    row = next(r for r in profile.processes if r.entry.pk == entry.pk)
    assert row.previous_score is not None
    assert row.score < row.previous_score
    body = client_for("coordinator").get(url("profile", follow_up)).content.decode()
    assert "vorige scan:" in body


def test_save_and_next_goes_to_the_next_process(baseline_scan, client_for):
    first, second = list(baseline_scan.process_entries.order_by("position", "pk")[:2])
    client = client_for("coordinator")
    form = client.get(url("process_edit", baseline_scan, processentry_id=first.pk)).context["form"]
    data = {n: form[n].value() for n in form.fields if form[n].value() not in (None, False)}
    data = {k: ("on" if v is True else v) for k, v in data.items()}
    data["save_and_next"] = "1"
    response = client.post(url("process_edit", baseline_scan, processentry_id=first.pk), data)
    assert response.status_code == 302
    assert response["Location"] == url("process_edit", baseline_scan, processentry_id=second.pk)


def test_function_score_preview(baseline_scan, client_for):
    client = client_for("coordinator")
    response = client.post(url("function_score", baseline_scan), function_post())
    assert response.status_code == 200
    assert "Inherente kwetsbaarheid" in response.content.decode()
    response = client.post(url("function_score", baseline_scan), function_post(incumbents="0"))
    assert "kan nog niet worden berekend" in response.content.decode()


def test_required_screening_needs_an_answer_on_practice(baseline_scan, client_for):
    response = client_for("coordinator").post(
        url("function_create", baseline_scan), function_post(screening_done="not_applicable")
    )
    assert response.status_code == 200
    assert "geef aan of die bij indiensttreding gebeurt" in response.content.decode()


def test_the_same_library_process_twice_needs_its_own_name(baseline_scan, client_for):
    client = client_for("coordinator")
    data = process_post(library_process_id="PR-brp")
    response = client.post(url("process_create", baseline_scan), data)
    assert response.status_code == 200
    assert "Dit proces staat al in het register." in response.content.decode()
    data = process_post(library_process_id="PR-brp", own_name="BRP: adresonderzoek")
    assert client.post(url("process_create", baseline_scan), data).status_code == 302


def test_score_preview_works_while_editing_a_process_already_in_the_register(
    baseline_scan, client_for
):
    response = client_for("coordinator").post(
        url("process_score", baseline_scan), process_post(library_process_id="PR-brp")
    )
    assert "Inherente kwetsbaarheid" in response.content.decode()


# ----------------------------------------------------------------------------- criteria grid


def test_criteria_grid_saves_all_scores_and_keeps_rationales(baseline_scan, client_for):
    client = client_for("coordinator")
    page = client.get(url("process_matrix", baseline_scan))
    assert page.status_code == 200
    form = page.context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    entry = baseline_scan.process_entries.get(library_process_id="PR-brp")
    rationale = entry.criterion_scores.get(criterion_id="VC8").rationale
    data[f"c-{entry.pk}-VC8"] = "3"
    response = client.post(url("process_matrix", baseline_scan), data)
    assert response.status_code == 302
    score = entry.criterion_scores.get(criterion_id="VC8")
    assert score.score == 3 and score.rationale == rationale


def test_criteria_grid_refuses_a_bad_score_and_keeps_the_rest(baseline_scan, client_for):
    client = client_for("coordinator")
    form = client.get(url("process_matrix", baseline_scan)).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    entry = baseline_scan.process_entries.get(library_process_id="PR-brp")
    data[f"c-{entry.pk}-VC8"] = "7"
    data[f"c-{entry.pk}-VC1"] = "0"
    response = client.post(url("process_matrix", baseline_scan), data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Kies een score van 0 tot en met 3." in body
    assert '<option value="0" selected>' in body
    assert entry.criterion_scores.get(criterion_id="VC1").score == 2  # nothing saved yet


def test_criteria_grid_cell_saves_one_score_with_htmx(baseline_scan, client_for, user_for):
    entry = baseline_scan.process_entries.get(library_process_id="PR-brp")
    client = client_for("coordinator")
    target = url("process_criterion", baseline_scan, processentry_id=entry.pk)
    response = client.post(target, {"criterion": "VC5", f"c-{entry.pk}-VC5": "3"})
    assert response.status_code == 200
    assert entry.criterion_scores.get(criterion_id="VC5").score == 3
    assert AuditEvent.objects.filter(
        object_type="registers.CriterionScore", actor=user_for("coordinator")
    ).exists()
    response = client.post(target, {"criterion": "VC5", f"c-{entry.pk}-VC5": "9"})
    assert "Kies een score van 0 tot en met 3." in response.content.decode()
    assert entry.criterion_scores.get(criterion_id="VC5").score == 3
    response = client.post(target, {"criterion": "VC77", f"c-{entry.pk}-VC77": "1"})
    assert "Onbekend criterium." in response.content.decode()


def test_the_profile_of_a_follow_up_scan_reads_the_earlier_scores_in_a_fixed_number_of_queries(
    baseline_scan,
):
    """The heat map of a follow-up scan shows every entry's earlier score; a register of
    forty processes must not cost forty extra queries, nor read the whole library bundle
    once per row."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    follow_up = follow_up_of(baseline_scan)
    vulnerability_profile(follow_up)  # the library content is read once per process
    with CaptureQueriesContext(connection) as few:
        small = vulnerability_profile(follow_up)
    fields = [f.attname for f in ProcessEntry._meta.concrete_fields if not f.primary_key]
    extra = ProcessEntry.objects.bulk_create(
        ProcessEntry(**{f: getattr(e, f) for f in fields} | {"position": e.position + 100})
        for e in follow_up.process_entries.all()
    )
    with CaptureQueriesContext(connection) as many:
        large = vulnerability_profile(follow_up)
    assert len(large.processes) == 2 * len(small.processes)
    assert all(row.previous_score is not None for row in large.processes)
    assert len(many.captured_queries) <= len(few.captured_queries) + len(extra) * 2
    assert len(many.captured_queries) < len(few.captured_queries) + len(extra)
    assert not any("library_librarycontent" in q["sql"] for q in many.captured_queries)
