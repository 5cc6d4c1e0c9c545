"""Screening compliance per function (never persons) and the candidate-bestuurder checklist."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from weerbaar.registers.models import FunctionEntry, ScreeningLevel
from weerbaar.scans.selectors import latest_scan
from weerbaar.screening import selectors, services
from weerbaar.screening.content import rules_for, shipped_document
from weerbaar.screening.models import CandidateRound, CandidateStep, FunctionScreening
from weerbaar.screening.selectors import Status, overdue_summary, requirements_for

TODAY = datetime.date(2026, 11, 30)


@pytest.fixture
def current(voorbeeld):
    return latest_scan(voorbeeld)


def entry(scan, **fields) -> FunctionEntry:
    return FunctionEntry.objects.create(scan=scan, name=fields.pop("name", "Testfunctie"), **fields)


def test_the_demo_has_exactly_one_overdue_function(voorbeeld):
    summary = overdue_summary(voorbeeld)
    assert summary["functions_overdue"] == 1
    assert summary["overdue"] >= 1
    assert summary["functions_requiring"] >= 5
    assert set(summary) == set(selectors.OverdueSummary.__annotations__)
    for key, value in summary.items():  # counts only: nothing that could name a person
        assert isinstance(value, int | dict), key


def test_vog_p_is_required_in_the_mandatory_domains_whatever_the_register_says(current):
    rules = rules_for(current)
    oov = entry(current, library_function_id="F-medewerker-oov")
    domain, reqs = requirements_for(oov, None, rules, TODAY)
    assert domain == "openbare-orde-veiligheid"
    assert [r.screening for r in reqs] == ["vog_p"]
    assert reqs[0].status == Status.NEVER
    own = entry(current, name="Eigen functie")
    record = FunctionScreening(function=own, vog_p_domain="toezicht")
    assert [r.screening for r in requirements_for(own, record, rules, TODAY)[1]] == ["vog_p"]
    assert requirements_for(own, None, rules, TODAY)[1] == []


def test_a_vog_p_covers_a_vog_and_attributes_require_an_integrity_check(current):
    rules = rules_for(current)
    function = entry(
        current,
        screening_required=ScreeningLevel.VOG,
        has_mandate=True,
        library_function_id="F-boa",
    )
    _domain, reqs = requirements_for(function, None, rules, TODAY)
    assert {r.screening for r in reqs} == {"vog_p", "integrity_check"}
    integrity = next(r for r in reqs if r.screening == "integrity_check")
    assert integrity.rule_ids == ("SR-integriteit-mandaat",)
    register_vog = entry(current, screening_required=ScreeningLevel.VOG)
    record = FunctionScreening(function=register_vog, vog_p_last_done=datetime.date(2025, 1, 1))
    (req,) = requirements_for(register_vog, record, rules, TODAY)[1]
    assert req.screening == "vog" and req.last_done == datetime.date(2025, 1, 1)


def test_renewal_dates_and_states_move_with_the_clock(current):
    rules = rules_for(current)
    function = entry(current, screening_required=ScreeningLevel.VOG)
    record = FunctionScreening(function=function, vog_last_done=datetime.date(2021, 12, 15))
    renewal = rules.screenings["vog"]["renewal_years"]
    due = datetime.date(2021 + renewal, 12, 15)

    def state(today):
        (req,) = requirements_for(function, record, rules, today)[1]
        assert req.due == due
        return req.status

    assert state(due - datetime.timedelta(days=200)) == Status.OK
    assert state(due - datetime.timedelta(days=30)) == Status.DUE_SOON
    assert state(due) == Status.DUE_SOON
    assert state(due + datetime.timedelta(days=1)) == Status.OVERDUE


def test_summary_counts_follow_the_clock(voorbeeld):
    now = overdue_summary(voorbeeld, TODAY)
    years_later = overdue_summary(voorbeeld, TODAY.replace(year=TODAY.year + 6))
    assert years_later["overdue"] == years_later["requirements"] > now["overdue"]


def test_a_record_of_an_earlier_copy_counts_until_the_copy_has_its_own(voorbeeld, current):
    copied = FunctionEntry.objects.filter(scan=current, copied_from__isnull=False).first()
    assert copied is not None, "the demo's herhaalmeting carries the register forward"
    FunctionScreening.objects.filter(function=copied).delete()
    old = FunctionScreening.objects.update_or_create(
        function=copied.copied_from, defaults={"vog_last_done": datetime.date(2020, 2, 29)}
    )[0]
    records = {old.function_id: old}
    assert selectors.record_for(copied, records) == old
    assert selectors.add_years(datetime.date(2020, 2, 29), 5) == datetime.date(2025, 2, 28)


def test_overview_shows_functions_and_counts_but_no_person(client_for, voorbeeld, user_for):
    response = client_for("secretaris").get(
        reverse("screening:overview", kwargs={"org": voorbeeld.slug})
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "achterstallig" in body
    assert response.context["summary"]["functions_overdue"] == 1
    for role in ("coordinator", "actiehouder", "lezer", "riec"):
        assert user_for(role).full_name not in body


@pytest.mark.parametrize(("role", "status"), [("lezer", 403), ("actiehouder", 403)])
def test_roles_outside_the_work_in_progress_see_no_screening(role, status, client_for, voorbeeld):
    client = client_for(role)
    assert client.get(reverse("screening:overview", kwargs={"org": "voorbeeld"})).status_code == 403
    assert (
        client.get(reverse("screening:candidates", kwargs={"org": "voorbeeld"})).status_code == 403
    )


def test_secretaris_records_dates_and_bad_input_stays_on_the_page(client_for, current):
    function = FunctionEntry.objects.filter(scan=current).first()
    url = reverse(
        "screening:function", kwargs={"org": "voorbeeld", "functionentry_id": function.pk}
    )
    client = client_for("secretaris")
    future = (datetime.date.today() + datetime.timedelta(days=10)).isoformat()
    response = client.post(url, {"vog_p_domain": "bibob", "vog": future, "vog_p": "2026-01-05"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "toekomst" in body and "2026-01-05" in body
    response = client.post(url, {"vog_p_domain": "bibob", "vog_p": "2026-01-05"})
    assert response.status_code == 302
    record = FunctionScreening.objects.get(function=function)
    assert record.vog_p_domain == "bibob" and record.vog_p_last_done == datetime.date(2026, 1, 5)
    assert client.post(url, {"vog_p_domain": "verzonnen"}).status_code == 200


def test_riec_adviser_reads_but_does_not_record(client_for, current):
    function = FunctionEntry.objects.filter(scan=current).first()
    url = reverse(
        "screening:function", kwargs={"org": "voorbeeld", "functionentry_id": function.pk}
    )
    client = client_for("riec")
    assert client.get(url).status_code == 200
    assert client.post(url, {"vog": "2026-01-05"}).status_code == 403


def test_the_candidate_checklist_stores_dates_and_roles_never_outcomes(
    client_for, voorbeeld, user_for
):
    text_fields = [
        f.name
        for model in (CandidateRound, CandidateStep)
        for f in model._meta.get_fields()
        if isinstance(f, models.TextField)
    ]
    assert text_fields == []
    assert {f.name for f in CandidateStep._meta.concrete_fields} == {
        "id",
        "round",
        "step_id",
        "done_on",
        "done_by",
        "not_applicable",
    }
    client = client_for("secretaris")
    listing = client.get(reverse("screening:candidates", kwargs={"org": "voorbeeld"}))
    assert "nooit uitkomsten" in listing.content.decode()
    created = client.post(
        reverse("screening:candidates", kwargs={"org": "voorbeeld"}),
        {"title": "Collegevorming 2030", "candidates": "3"},
    )
    assert created.status_code == 302
    round_ = CandidateRound.objects.get(title="Collegevorming 2030")
    url = reverse(
        "screening:candidate_round", kwargs={"org": "voorbeeld", "candidateround_id": round_.pk}
    )
    response = client.post(
        url,
        {
            "KB-1-done_on": "2026-03-01",
            "KB-1-done_by": "burgemeester",
            "KB-4-done_on": "2026-03-20",
            "KB-4-done_by": "extern-bureau",
            "KB-4-outcome": "Kandidaat X heeft schulden",
        },
    )
    assert response.status_code == 302
    steps = {s.step_id: s for s in round_.steps.all()}
    assert set(steps) == {"KB-1", "KB-4"}  # steps left empty are not recorded
    assert steps["KB-1"].done_by == "burgemeester"
    assert steps["KB-4"].done_on == datetime.date(2026, 3, 20)
    assert "schulden" not in str(list(CandidateStep.objects.values()))
    bad = client.post(url, {"KB-2-done_on": "2026-03-01", "KB-2-not_applicable": "on"})
    assert bad.status_code == 200
    assert "wel van toepassing" in bad.content.decode()
    assert client_for("coordinator").post(url, {}).status_code == 403


def test_the_library_rules_validate_and_cite_their_sources():
    data = shipped_document()
    for item in [*data["screenings"], *data["vog_p_domains"], *data["rules"]]:
        assert item["source"]
    assert {d["id"] for d in data["vog_p_domains"]} >= {
        "openbare-orde-veiligheid",
        "bibob",
        "ondermijning",
        "informatievoorziening",
        "toezicht",
        "boa",
    }
    assert all(d["mandatory_since"] == "2023-05-01" for d in data["vog_p_domains"])
    for step in data["candidate_checklist"]["steps"]:
        assert step["source"] and step["name"]["en"]


def test_service_refuses_unknown_steps(voorbeeld):
    round_ = services.create_round(voorbeeld, "Ronde", None)
    with pytest.raises(ValidationError):
        services.save_steps(round_, {"KB-99": services.StepInput(None, "", False)})


def test_the_command_prints_the_counts(voorbeeld, capsys):
    import json

    from django.core.management import CommandError, call_command

    call_command("screening", "overdue", "voorbeeld", "--date", "2026-11-30")
    printed = json.loads(capsys.readouterr().out)
    assert printed == overdue_summary(voorbeeld, datetime.date(2026, 11, 30))
    with pytest.raises(CommandError):
        call_command("screening", "overdue", "bestaat-niet")
