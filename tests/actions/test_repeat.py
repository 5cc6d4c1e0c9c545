"""Repeat scans (herhaalmeting): carry-over, comparison with intervals, trends."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from weerbaar.actions.comparison import compare_scans, scan_chain, trends
from weerbaar.actions.repeat import start_repeat_scan
from weerbaar.actions.stats import newcombe_difference
from weerbaar.assessment import services as assessment_services
from weerbaar.assessment.models import AssessmentItem
from weerbaar.assessment.services import CARRIED_NOTE
from weerbaar.audit.models import AuditEvent
from weerbaar.registers import services as register_services
from weerbaar.registers.models import ProcessEntry
from weerbaar.scans.models import Scan, ScanKind
from weerbaar.surveys import services as survey_services


def repeat_of(scan, year_offset: int = 1, **kw):
    return start_repeat_scan(
        scan,
        title=kw.pop("title", f"Herhaalmeting +{year_offset}"),
        period_start=scan.period_start.replace(year=scan.period_start.year + year_offset),
        period_end=scan.period_end.replace(year=scan.period_end.year + year_offset),
        **kw,
    )


def test_a_repeat_scan_carries_over_registers_assessment_and_questionnaires(
    baseline_scan, user_for
):
    result = repeat_of(baseline_scan, title="Nieuwe herhaalmeting", user=user_for("coordinator"))
    new = result.scan
    assert new.kind == ScanKind.REPEAT and new.previous_scan == baseline_scan
    assert new.library_version == baseline_scan.library_version
    # Registers: every process and function, pointing at its original.
    assert new.process_entries.count() == baseline_scan.process_entries.count() > 0
    assert new.function_entries.count() == baseline_scan.function_entries.count() > 0
    assert all(p.copied_from.scan == baseline_scan for p in new.process_entries.all())
    # Self-assessment: same verdicts and findings, marked for review.
    old_items = {i.item_id: i for i in baseline_scan.assessment_items.all()}
    new_items = {i.item_id: i for i in new.assessment_items.all()}
    assert set(new_items) == set(old_items) and result.assessment_items == len(old_items)
    for item_id, item in new_items.items():
        assert item.status == old_items[item_id].status
        assert item.finding == old_items[item_id].finding
        assert item.evidence_text.startswith(CARRIED_NOTE)
    # Questionnaires: reused as draft surveys, without any responses.
    old_q = sorted(baseline_scan.surveys.values_list("questionnaire_id", flat=True))
    assert sorted(new.surveys.values_list("questionnaire_id", flat=True)) == old_q
    assert all(s.status == "draft" and not s.responses.exists() for s in new.surveys.all())
    # The carried-over verdicts are audited like any other change.
    assert AuditEvent.objects.filter(
        object_type="assessment.AssessmentItem",
        object_id__in=[str(i.pk) for i in new_items.values()],
        action="create",
    ).count() == len(new_items)


CARRIERS = [
    ("registers", register_services),
    ("assessment", assessment_services),
    ("surveys", survey_services),
]


def test_each_app_carries_its_part_forward_exactly_once(baseline_scan, monkeypatch):
    calls = []
    for name, module in CARRIERS:
        original = module.carry_forward

        def counted(previous, new, name=name, original=original):
            calls.append(name)
            return original(previous, new)

        monkeypatch.setattr(module, "carry_forward", counted)
    result = repeat_of(baseline_scan)
    assert calls == ["registers", "assessment", "surveys"]
    # What each app returned is what the result reports, and nothing was copied twice.
    new = result.scan
    assert result.registers == {
        "processes": baseline_scan.process_entries.count(),
        "functions": baseline_scan.function_entries.count(),
    }
    assert new.process_entries.count() == result.registers["processes"]
    assert new.function_entries.count() == result.registers["functions"]
    assert new.assessment_items.count() == result.assessment_items
    assert new.surveys.count() == result.surveys > 0


@pytest.mark.parametrize("failing", [name for name, _module in CARRIERS])
def test_a_failure_in_one_app_keeps_nothing_of_the_repeat_scan(baseline_scan, monkeypatch, failing):
    def broken(previous, new):
        raise RuntimeError(f"{failing} failed")

    monkeypatch.setattr(dict(CARRIERS)[failing], "carry_forward", broken)
    before = (Scan.objects.count(), ProcessEntry.objects.count(), AssessmentItem.objects.count())
    with pytest.raises(RuntimeError, match=failing):
        repeat_of(baseline_scan, title="Mislukte herhaalmeting")
    after = (Scan.objects.count(), ProcessEntry.objects.count(), AssessmentItem.objects.count())
    assert after == before
    assert not Scan.objects.filter(title="Mislukte herhaalmeting").exists()


def test_the_repeat_page_starts_a_repeat_scan(client_for, baseline_scan):
    url = reverse("actions:repeat", kwargs={"org": "voorbeeld", "scan_id": baseline_scan.pk})
    client = client_for("coordinator")
    form = client.get(url)
    assert form.status_code == 200
    assert str(baseline_scan.period_start.year + 1) in form.content.decode()
    response = client.post(
        url,
        {
            "title": "Herhaalmeting via de pagina",
            "period_start": "2031-09-01",
            "period_end": "2031-12-01",
        },
    )
    assert response.status_code == 302
    new = baseline_scan.next_scans.get(title="Herhaalmeting via de pagina")
    assert new.assessment_items.count() == baseline_scan.assessment_items.count()


def test_bad_repeat_dates_keep_the_form(client_for, baseline_scan):
    url = reverse("actions:repeat", kwargs={"org": "voorbeeld", "scan_id": baseline_scan.pk})
    response = client_for("coordinator").post(
        url,
        {"title": "Mijn titel blijft", "period_start": "2031-12-01", "period_end": "2031-01-01"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "ligt voor het begin" in body and "Mijn titel blijft" in body
    response = client_for("coordinator").post(
        url, {"title": "Te vroeg", "period_start": "2000-01-01", "period_end": "2000-02-01"}
    )
    assert "begint na het begin van de vorige scan" in response.content.decode()


def test_only_scan_managers_start_a_repeat_scan(client_for, baseline_scan):
    url = reverse("actions:repeat", kwargs={"org": "voorbeeld", "scan_id": baseline_scan.pk})
    assert client_for("actiehouder").get(url).status_code == 403


# ----------------------------------------------------------------------------- comparison


def set_status(scan, statuses: dict[str, str]) -> None:
    for item_id, status in statuses.items():
        kind = "norm" if ".N" in item_id else "pillar_item"
        AssessmentItem.objects.update_or_create(
            scan=scan, item_id=item_id, defaults={"status": status, "kind": kind}
        )


def test_dimension_change_uses_newcombe_on_the_share_of_norms_met(fresh_org):
    first = fresh_org["scan"]
    d1 = [n["id"] for n in first.framework.norms if n["dimension"] == "D1"]
    set_status(first, {n: "voldoet_niet" for n in d1})
    second = repeat_of(first).scan
    set_status(second, {n: "voldoet" for n in d1[:3]})
    comparison = compare_scans(first, second)
    row = next(c for c in comparison.dimensions if c.key == "D1")
    assert (row.previous.count, row.previous.n) == (0, len(d1))
    assert (row.current.count, row.current.n) == (3, len(d1))
    expected = newcombe_difference(3, len(d1), 0, len(d1))
    assert row.interval == expected
    assert row.points == pytest.approx(100 * 3 / len(d1), abs=0.1)
    d2 = next(c for c in comparison.dimensions if c.key == "D2")
    assert d2.no_real_change
    norm = next(n for n in comparison.norms if n.norm_id == d1[0])
    assert (norm.previous_status, norm.current_status, norm.direction) == (
        "voldoet_niet",
        "voldoet",
        "better",
    )
    assert next(n for n in comparison.norms if n.norm_id == d1[-1]).direction == "same"


def test_survey_items_are_compared_only_where_both_figures_may_be_shown(voorbeeld):
    repeat = voorbeeld.scans.get(kind=ScanKind.REPEAT, title__contains="herhaalmeting")
    comparison = compare_scans(repeat.previous_scan, repeat)
    assert comparison.survey_items, "the demo's herhaalmeting has survey results"
    k = voorbeeld.k
    for change in comparison.survey_items:
        if change.interval is None:
            continue
        assert change.previous.n >= k and change.current.n >= k
        expected = newcombe_difference(
            change.current.count, change.current.n, change.previous.count, change.previous.n
        )
        assert change.interval == expected
        assert change.no_real_change == (change.interval.lower <= 0 <= change.interval.upper)


def test_the_comparison_page_says_no_real_change_where_the_interval_includes_zero(
    client_for, voorbeeld
):
    repeat = voorbeeld.scans.get(kind=ScanKind.REPEAT, title__contains="herhaalmeting")
    url = reverse("actions:comparison", kwargs={"org": "voorbeeld", "scan_id": repeat.pk})
    response = client_for("secretaris").get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert "geen echte verandering" in body
    assert "hoger" in body  # dimension 1 improved clearly in the demo
    assert "Inzicht en bewustzijn" in body


def test_a_scan_without_previous_scan_explains_there_is_nothing_to_compare(
    client_for, baseline_scan
):
    url = reverse("actions:comparison", kwargs={"org": "voorbeeld", "scan_id": baseline_scan.pk})
    body = client_for("coordinator").get(url).content.decode()
    assert "geen vorige scan" in body


# ----------------------------------------------------------------------------- trends


def test_trends_over_three_scans_with_chart_and_data_table(fresh_org, client):
    first = fresh_org["scan"]
    d1 = [n["id"] for n in first.framework.norms if n["dimension"] == "D1"]
    set_status(first, {n: "voldoet_niet" for n in d1})
    # A measured pillar: without a verdict a pillar has no phase and no trend line.
    pillar_item = first.framework.pillars[0]["items"][0]["id"]
    set_status(first, {pillar_item: "voldoet_deels"})
    second = repeat_of(first).scan
    set_status(second, {d1[0]: "voldoet"})
    third = repeat_of(second).scan
    set_status(third, {d1[1]: "voldoet"})
    assert [s.pk for s in scan_chain(third)] == [first.pk, second.pk, third.pk]
    trend = trends(third)
    series = next(s for s in trend.dimensions if s.key == "D1")
    n = len(d1)
    assert series.values == [0.0, round(100 / n, 1), round(200 / n, 1)]
    client.force_login(fresh_org["coordinator"])
    url = reverse("actions:comparison", kwargs={"org": "testdorp", "scan_id": third.pk})
    body = client.get(url).content.decode()
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in body
    assert 'role="img"' in body and "<title id=" in body and "<desc id=" in body
    assert "Gegevens bij de grafiek" in body
    assert 'id="trend-pillar-title"' in body  # the maturity phases over the scans
    assert len(trend.pillars) == len(first.framework.pillars)
    assert all(len(s.values) == 3 for s in trend.pillars)
    assert "style=" not in body.split("<main", 1)[1]  # CSP: no inline styles


def test_two_scans_show_no_trend_chart_yet(fresh_org, client):
    second = repeat_of(fresh_org["scan"]).scan
    client.force_login(fresh_org["coordinator"])
    url = reverse("actions:comparison", kwargs={"org": "testdorp", "scan_id": second.pk})
    body = client.get(url).content.decode()
    assert "Een trend verschijnt vanaf drie scans" in body
    assert "<svg" not in body


def test_compare_scans_is_pure(fresh_org):
    first = fresh_org["scan"]
    second = repeat_of(first).scan
    before = AuditEvent.objects.count()
    compare_scans(first, second)
    trends(second)
    assert AuditEvent.objects.count() == before


def test_the_repeat_scan_starts_after_the_previous_one(fresh_org):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        start_repeat_scan(
            fresh_org["scan"],
            title="Te vroeg",
            period_start=datetime.date(2025, 1, 1),
            period_end=datetime.date(2025, 6, 1),
        )


def test_the_comparison_serialises_to_json_for_the_report(voorbeeld):
    import json

    repeat = voorbeeld.scans.get(kind=ScanKind.REPEAT, title__contains="herhaalmeting")
    data = compare_scans(repeat.previous_scan, repeat).to_dict()
    again = json.loads(json.dumps(data))
    assert again["current_scan_id"] == repeat.pk
    d1 = next(d for d in again["dimensions"] if d["key"] == "D1")
    assert d1["verdict"] == "up" and d1["lower_points"] > 0
    assert {p["id"] for p in again["pillars"]} == {"P1", "P2", "P3", "P4", "P5"}


def test_the_comparison_shows_no_figure_the_results_pages_withhold(voorbeeld):
    """Lowering k after the results were released reveals nothing in the comparison either:
    it reads the same released, suppressed figures as every results page."""
    from weerbaar.actions.comparison import survey_results as comparison_results
    from weerbaar.surveys.results.services import survey_results

    repeat = voorbeeld.scans.get(kind=ScanKind.REPEAT, title__contains="herhaalmeting")
    for survey in repeat.surveys.all():
        survey_results(survey)  # the first results page records the k it was released at
    voorbeeld.min_cell_size = 3
    voorbeeld.save()
    compared = comparison_results(repeat)
    assert compared, "the demo's herhaalmeting has released survey results"
    for qid, questionnaire in compared.items():
        survey = repeat.surveys.get(pk=questionnaire.results["survey"]["id"])
        assert ((survey.definition or {}).get("id") or survey.questionnaire.key) == qid
        assert questionnaire.results["items"] == survey_results(survey)["items"]
