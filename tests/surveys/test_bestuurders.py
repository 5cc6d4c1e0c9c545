"""The questionnaire of the bestuurlijke module (burgemeester and wethouders): it loads with
the library, routes like the other questionnaires (hypothesis), and a group the size of a
college (7 respondents) gets only counts that the suppression lets through."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from weerbaar.surveys import questionnaire as qn
from weerbaar.surveys import routing
from weerbaar.surveys.results import compute_results

from .test_routing import answers_strategy

DEFINITION = qn.load_file(qn.CONTENT_DIR / "bestuurders.yaml")
K = 5


def test_listed_in_the_bundle_and_valid_against_the_library(baseline_scan):
    data = qn.load_file(
        qn.CONTENT_DIR / "bestuurders.yaml", qn.library_ids(baseline_scan.framework)
    )
    assert data["id"] == "bestuurders"
    manifest = (qn.CONTENT_DIR.parent / "manifest.yaml").read_text(encoding="utf-8")
    assert "questionnaires/bestuurders.yaml" in manifest


def test_covers_before_during_and_after_and_cites_its_sources():
    pages = [p["id"] for p in DEFINITION["pages"]]
    assert pages.index("voor") < pages.index("tijdens") < pages.index("na")
    assert "Broekhuizen" in DEFINITION["source"] and "Borger-Odoorn" in DEFINITION["source"]
    for question in qn.iter_questions(DEFINITION):
        assert set(question["text"]) == {"nl", "en"}


def test_asks_no_function_that_would_single_out_the_mayor():
    for question in qn.iter_questions(DEFINITION):
        values = {o["value"] for o in question.get("options", [])}
        assert "burgemeester" not in values, question["id"]


def test_follow_up_questions_only_after_an_approach():
    untouched = {"b3_benaderd": "nee"}
    visible = set(routing.visible_questions(DEFINITION, untouched))
    assert {"b4_soort", "b5_gedaan", "b6_reactie_dader", "b7_nazorg"}.isdisjoint(visible)
    approached = {"b3_benaderd": "ja_enkele", "b5_gedaan": ["niets"], "b7_nazorg": "nee"}
    visible = set(routing.visible_questions(DEFINITION, approached))
    assert {"b4_soort", "b6_reactie_dader", "b8_niets_waarom", "b9_nazorg_toelichting"} <= visible


@settings(max_examples=150, deadline=None)
@given(answers_strategy(DEFINITION))
def test_clean_answers_keep_only_shown_questions(answers):
    cleaned = routing.clean_answers(DEFINITION, answers)
    visible = set(routing.visible_questions(DEFINITION, cleaned))
    assert set(cleaned) <= visible
    assert routing.clean_answers(DEFINITION, cleaned) == cleaned
    for question in qn.iter_questions(DEFINITION):
        holds = routing.group_holds(question.get("show_if"), cleaned)
        assert (question["id"] in visible) == holds, question["id"]


def _college(approached: int) -> list[dict]:
    calm = {
        "b1_risicoanalyse": "ja",
        "b2_voorbereid": "ja",
        "b3_benaderd": "nee",
        "b10_aandacht_college": "ja",
        "b11_cijfers": {"a": 7, "b": 7, "c": 6},
        "b12_aannemelijk": "eens",
    }
    pressed = {
        "b1_risicoanalyse": "nee",
        "b2_voorbereid": "nee",
        "b3_benaderd": "ja_enkele",
        "b4_soort": ["bedreiging"],
        "b5_gedaan": ["aangifte"],
        "b6_reactie_dader": "ja",
        "b7_nazorg": "nee",
        "b9_nazorg_toelichting": "niemand belde terug",
        "b10_aandacht_college": "nee",
        "b11_cijfers": {"a": 4, "b": 5, "c": 5},
        "b12_aannemelijk": "oneens",
    }
    return [pressed] * approached + [calm] * (7 - approached)


@pytest.mark.parametrize("approached", [1, 2, 3])
def test_a_college_of_seven_gets_no_count_below_k(approached):
    answers = [routing.clean_answers(DEFINITION, a) for a in _college(approached)]
    results = compute_results(DEFINITION, [(a, None) for a in answers], k=K)
    assert results["n_respondents"] == 7
    for item in results["items"]:
        for category in item.get("categories", []):
            count = category["count"]
            # A count is shown only when it is 0 or at least k; the rest is withheld.
            assert count is None or count == 0 or count >= K, (item["id"], category)
        for base in ("shown", "answered"):
            value = item["bases"].get(base)
            assert value is None or value == 0 or value >= K, (item["id"], base)
        assert item.get("mean") is None or (item["n"] or 0) >= K
    # The routed questions about the approach itself reveal nothing for a handful.
    routed = {i["id"]: i for i in results["items"]}
    for qid in ("b6_reactie_dader", "b7_nazorg", "b5_gedaan.aangifte"):
        assert routed[qid]["suppressed"] is True
        assert all(c["count"] is None for c in routed[qid]["categories"])
    # Free texts are not part of the counted results.
    assert "niemand belde terug" not in str(results)


@settings(max_examples=60, deadline=None)
@given(st.lists(answers_strategy(DEFINITION), min_size=7, max_size=7))
def test_any_seven_answers_show_no_small_count(answer_sets):
    answers = [routing.clean_answers(DEFINITION, a) for a in answer_sets]
    results = compute_results(DEFINITION, [(a, None) for a in answers], k=K)
    for item in results["items"]:
        for category in item.get("categories", []):
            count = category["count"]
            assert count is None or count == 0 or count >= K, (item["id"], category)
