"""The report data: structure after seed 004 §7, and k-anonymity everywhere."""

from __future__ import annotations

import pytest

from weerbaar.reports.collect import collect_report_data, survey_item, survey_k
from weerbaar.reports.data import content_hash
from weerbaar.reports.labels import VERDICT_LABELS

pytestmark = pytest.mark.django_db


def test_report_has_a_chapter_per_dimension_and_theme_with_norm_findings_and_verdict(
    draft_snapshot, baseline_scan
):
    fw = baseline_scan.framework
    ids = [c["id"] for c in draft_snapshot["chapters"]]
    assert ids == [d["id"] for d in fw.dimensions_and_themes]
    for chapter in draft_snapshot["chapters"]:
        assert chapter["norm"], chapter["id"]  # the theory part comes from the library
        assert chapter["norms"] or chapter["subelements"]
        assert chapter["verdict_level"] in VERDICT_LABELS
    kinds = {c["type"] for c in draft_snapshot["chapters"]}
    assert kinds == {"dimension", "theme"}


def test_demo_verdicts_echo_seed_004(draft_snapshot):
    by_id = {c["id"]: c for c in draft_snapshot["chapters"]}
    assert by_id["D1"]["verdict_level"] == "beperkt"
    assert "zwak en kwetsbaar" in by_id["D1"]["verdict"]
    assert by_id["T1"]["verdict_level"] == "onvoldoende"
    assert "nihil" in draft_snapshot["summary"]


def test_method_names_sources_response_and_k(draft_snapshot, baseline_scan):
    method = draft_snapshot["method"]
    assert method["k"] == survey_k(baseline_scan) == baseline_scan.organisation.k
    assert len(method["sources"]) == 3
    staff = [s for s in method["surveys"] if s["audience"] == "staff"]
    assert staff and staff[0]["responses"] > 0
    assert method["period_start"] <= method["period_end"]


def test_the_report_states_the_k_its_surveys_were_protected_with(baseline_scan):
    from weerbaar.surveys.services import set_survey_k

    survey = baseline_scan.surveys.order_by("pk").first()
    raised = baseline_scan.organisation.k + 2
    set_survey_k(survey, raised)  # a survey's k may rise; the report must say so
    assert survey_k(baseline_scan) == raised
    assert collect_report_data(baseline_scan).method.k == raised


def test_survey_items_land_in_the_chapters_they_map_to(draft_snapshot):
    chapters = {c["id"]: c for c in draft_snapshot["chapters"]}
    assert chapters["D1"]["survey_items"], "the awareness questions belong to dimension 1"
    council_in_t1 = [i for i in chapters["T1"]["survey_items"] if i["survey"] == "council"]
    assert council_in_t1, "the council chapter shows the council survey"
    for chapter in draft_snapshot["chapters"]:
        assert all(i["kind"] != "open" for i in chapter["survey_items"])


def test_free_text_answers_never_reach_the_report(draft_snapshot):
    assert all(i["kind"] != "text" for i in draft_snapshot["result_tables"])
    assert "texts" not in str(draft_snapshot["result_tables"])


def test_no_shown_count_is_below_k(draft_snapshot):
    k = draft_snapshot["method"]["k"]
    for item in draft_snapshot["result_tables"]:
        for c in item["categories"]:
            assert c["count"] is None or c["count"] == 0 or c["count"] >= k, item["id"]
            if c["count"] is None:
                assert c["pct"] is None, "a suppressed count has no percentage either"
        if item["suppressed"]:
            assert all(c["count"] is None for c in item["categories"])


def test_small_council_is_suppressed_not_shown_in_raw_counts(draft_snapshot):
    """Council: 18 respondents; options chosen by fewer than k are withheld."""
    council = [i for i in draft_snapshot["result_tables"] if i["survey"] == "council"]
    assert council
    assert any(c["count"] is None for i in council for c in i["categories"]), (
        "with n = 18 some council cells must be suppressed"
    )


def test_engine_suppression_is_passed_through_unchanged():
    raw = {
        "id": "q1",
        "question": "q1",
        "number": "1",
        "type": "single",
        "text": {"nl": "Stelling", "en": "Statement"},
        "maps_to": ["D1"],
        "bases": {"all": 30, "shown": 30, "answered": 30},
        "n": 30,
        "suppressed": False,
        "categories": [
            {
                "value": "eens",
                "label": {"nl": "eens"},
                "substantive": True,
                "count": 27,
                "pct": {"answered": 90.0},
            },
            {
                "value": "oneens",
                "label": {"nl": "oneens"},
                "substantive": True,
                "count": None,
                "suppressed": "primary",
                "pct": {"answered": None},
            },
            {
                "value": "weet_niet",
                "label": {"nl": "weet niet"},
                "substantive": False,
                "count": None,
                "suppressed": "complementary",
                "pct": {"answered": None},
            },
        ],
    }
    item = survey_item(raw, "staff", polarity={"eens": "agree", "oneens": "disagree"})
    assert [c.count for c in item.categories] == [27, None, None]
    assert [c.group for c in item.categories] == ["agree", "disagree", "unknown"]


def test_reverse_coded_statement_shows_the_negated_label():
    raw = {
        "id": "q19.a",
        "question": "q19",
        "number": "19",
        "row": "a",
        "type": "matrix",
        "text": {"nl": "Stellingen"},
        "row_text": {"nl": "Oogje dichtknijpen kan"},
        "bases": {"answered": 20},
        "n": 20,
        "suppressed": False,
        "categories": [
            {"value": "eens", "label": {"nl": "eens"}, "count": 5, "pct": {"answered": 25.0}}
        ],
        "reverse": {
            "label": {"nl": "Niet marchanderen"},
            "categories": [
                {"value": "eens", "label": {"nl": "eens"}, "count": 15, "pct": {"answered": 75.0}}
            ],
        },
    }
    item = survey_item(raw, "staff")
    assert item.text == {"nl": "Niet marchanderen"}
    assert item.categories[0].pct == 75.0


def test_register_and_pillars_are_in_the_report(draft_snapshot):
    register = draft_snapshot["register"]
    assert register["available"]
    assert register["processes"] and register["functions"]
    scores = [p["score"] for p in register["processes"]]
    assert scores == sorted(scores, reverse=True), "highest vulnerability first"
    assert len(register["processes"][0]["cells"]) == len(register["criteria"])
    assert draft_snapshot["pillars"]


def test_recommendations_are_numbered_rules_first_then_own(draft_snapshot):
    """Numbered in the order of the themes (seed 004 §11.5); within a theme the adopted rule
    recommendations come first, then the coordinator's own."""
    recs = draft_snapshot["recommendations"]
    assert [r["number"] for r in recs] == list(range(1, len(recs) + 1))
    assert "own" in [r["source"] for r in recs]
    themes = [t["id"] for t in draft_snapshot["research"]["themes"]]
    for theme in themes:
        sources = [r["source"] for r in recs if r["theme"] == theme]
        assert sources == sorted(sources, key=lambda s: s == "own")
    order = [themes.index(r["theme"]) for r in recs]
    assert order == sorted(order)


def test_appendix_has_both_questionnaires_with_routing(draft_snapshot):
    audiences = {q["audience"] for q in draft_snapshot["questionnaires"]}
    assert audiences == {"staff", "council"}
    routed = [
        q for qn in draft_snapshot["questionnaires"] for q in qn["questions"] if q["routing"]["nl"]
    ]
    assert routed and all(q["routing"]["nl"].startswith("Alleen als") for q in routed)


def test_a_scan_without_anything_gets_no_data_notices(voorbeeld, baseline_scan):
    from weerbaar.scans.services import create_scan

    empty = create_scan(
        organisation=voorbeeld,
        title="Leeg",
        library_version=baseline_scan.library_version,
        period_start=baseline_scan.period_start,
        period_end=baseline_scan.period_end,
    )
    data = collect_report_data(empty).to_json()
    assert data["notices"], "every missing source is explained"
    assert not data["register"]["available"]
    assert data["result_tables"] == []


def test_content_hash_is_stable_and_order_independent():
    assert content_hash({"a": 1, "b": [1, 2]}) == content_hash({"b": [1, 2], "a": 1})
    assert content_hash({"a": 1}) != content_hash({"a": 2})


def test_repeat_scan_is_compared_with_the_previous_scan(voorbeeld, baseline_scan):
    from weerbaar.registers.services import carry_forward as carry_registers_forward
    from weerbaar.reports.render import render_html
    from weerbaar.scans.services import create_scan
    from weerbaar.surveys.models import ResponseSet, Survey

    repeat = create_scan(
        organisation=voorbeeld,
        title="Herhaalmeting",
        library_version=baseline_scan.library_version,
        period_start=baseline_scan.period_end,
        period_end=baseline_scan.period_end,
        previous_scan=baseline_scan,
    )
    carry_registers_forward(baseline_scan, repeat)
    for old in Survey.objects.filter(scan=baseline_scan):
        new = Survey.objects.create(
            scan=repeat,
            questionnaire=old.questionnaire,
            definition=old.definition,
            title=old.title,
            audience=old.audience,
            mode=old.mode,
            status="closed",  # results exist only after the field period
        )
        ResponseSet.objects.bulk_create(
            ResponseSet(
                survey=new, answers=r.answers, department_id=r.department_id, submitted=True
            )
            for r in old.responses.filter(submitted=True)
        )
    data = collect_report_data(repeat).to_json()
    assert data["comparison"]["available"]
    compared = [i for i in data["result_tables"] if i["previous"]]
    assert compared
    for item in compared:
        # Same answers in both scans: the same (suppressed) shares, never more detail.
        assert item["previous"]["pct"] == {c["value"]: c["pct"] for c in item["categories"]}
    assert "vorige scan" in render_html(data)
    # Registers are carried forward to the repeat scan: each process has its earlier score.
    processes = data["register"]["processes"]
    assert processes and all(p["previous_score"] == p["score"] for p in processes)
    assert all(p["previous_level"] is not None for p in data["pillars"])


def test_a_failing_source_is_not_hidden_behind_a_notice(monkeypatch, baseline_scan):
    """A source that fails raises: the report is never assembled from partial data."""
    import weerbaar.reports.collect.registers as registers

    def broken(*args, **kwargs):
        raise RuntimeError("register broken")

    monkeypatch.setattr(registers, "vulnerability_profile", broken)
    with pytest.raises(RuntimeError, match="register broken"):
        collect_report_data(baseline_scan)


def test_answer_polarity_comes_from_the_questionnaire(draft_snapshot):
    """Agree and disagree answers are marked in the questionnaire, not in the report code."""
    groups = {
        (c["value"], c["group"])
        for i in draft_snapshot["result_tables"]
        for c in i["categories"]
        if c["value"] in ("eens", "oneens", "ja", "nee")
    }
    assert ("eens", "agree") in groups and ("oneens", "disagree") in groups
    assert ("ja", "agree") in groups and ("nee", "disagree") in groups


def test_the_library_names_the_chapter_with_the_register(draft_snapshot, baseline_scan):
    with_register = [c["id"] for c in draft_snapshot["chapters"] if c["show_register"]]
    expected = [
        d["id"] for d in baseline_scan.framework.dimensions_and_themes if d.get("report_register")
    ]
    assert with_register == expected == ["D3"]


def test_five_point_scale_is_reported_collapsed_like_seed_004():
    raw = {
        "id": "r19",
        "question": "r19",
        "number": "19",
        "type": "likert",
        "text": {"nl": "Aannemelijk"},
        "bases": {"answered": 18},
        "n": 18,
        "suppressed": False,
        "categories": [
            {
                "value": v,
                "label": {"nl": v},
                "count": None,
                "substantive": v != "weet_niet",
                "pct": {"answered": None},
            }
            for v in ("zeer_eens", "eens", "weet_niet", "oneens", "zeer_oneens")
        ],
        "collapsed": [
            {"group": "agree", "label": {"nl": "(zeer) mee eens"}, "count": 8},
            {"group": "disagree", "label": {"nl": "(zeer) mee oneens"}, "count": None},
        ],
    }
    item = survey_item(raw, "council")
    assert [c.value for c in item.categories] == ["eens", "oneens", "weet_niet"]
    assert item.categories[0].count == 8 and item.categories[0].pct == 44.4
    assert item.categories[1].count is None and item.categories[1].pct is None


def test_response_per_department_never_shows_fewer_than_k(draft_snapshot):
    k = draft_snapshot["method"]["k"]
    staff = [s for s in draft_snapshot["method"]["surveys"] if s["audience"] == "staff"][0]
    assert staff["departments"], "the method shows the response per department"
    for d in staff["departments"]:
        assert d["submitted"] is None or d["submitted"] == 0 or d["submitted"] >= k


def test_the_college_survey_has_its_own_name_in_the_report(draft_snapshot):
    """The bestuurlijke module's survey is not presented as the council's."""
    from weerbaar.reports.compose_appendices import results_appendix
    from weerbaar.reports.document import Heading

    item = next(i for i in draft_snapshot["result_tables"] if i.get("survey") == "council")
    appendix = results_appendix(
        {**draft_snapshot, "result_tables": [{**item, "survey": "bestuur"}]}
    )
    headings = [c.text for c in appendix.children if isinstance(c, Heading)]
    assert "Enquête burgemeester en wethouders" in headings
    assert "Enquête raadsleden" not in headings
