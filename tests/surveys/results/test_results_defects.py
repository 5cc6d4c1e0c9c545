"""Defects of the results: percentages rounded once, multiple choice with many answerers
published, "liever niet" outside the substantive base, breakdowns in the results exports,
and one marker for every withheld number."""

from __future__ import annotations

import csv
import io
import random
import re
from decimal import ROUND_HALF_UP, Decimal

from django.utils import translation

from weerbaar.surveys import exports
from weerbaar.surveys.demo import staff_answers
from weerbaar.surveys.results import compute_results
from weerbaar.surveys.results.present import present_item

from .datasets import load
from .test_exports import survey_with_responses  # noqa: F401  (fixture)
from .test_seed_004 import council_responses
from .test_views import demo_staff_survey, url  # noqa: F401  (fixture)


def item(results, item_id):
    return next(i for i in results["items"] if i["id"] == item_id)


def independent_pct(count: int, base: int) -> str:
    """A percentage from the counts, rounded once, half up, without decimals."""
    value = (Decimal(100 * count) / Decimal(base)).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return f"{value}%"


class _Department:
    def __init__(self, pk: int) -> None:
        self.pk = pk
        self.name = f"Afdeling {pk}"


def staff_1500():
    departments = [_Department(i) for i in range(1, 13)]
    answers = staff_answers(random.Random(7), 1500, departments)
    rows = []
    for a in answers:
        dep = a.get("q1_afdeling")
        rows.append((a, dep if str(dep).isdigit() else None))
    return compute_results(load("medewerkers"), rows, k=5)


def test_every_shown_percentage_is_rounded_once_from_the_counts():
    results = staff_1500()
    checked = 0
    with translation.override("en"):
        for it in results["items"]:
            shown = present_item(it, results["k"])
            bases = it["bases"]
            for c, row in zip(it.get("categories", []), shown["rows"], strict=True):
                if c["count"] is None:
                    assert row["count"] == "×" and row["pct_all"] == "–"
                    continue
                assert row["pct_all"] == independent_pct(c["count"], bases["all"])
                if bases.get("shown"):
                    assert row["pct_shown"] == independent_pct(c["count"], bases["shown"])
                checked += 1
    assert checked > 100


def test_multiple_choice_with_many_answerers_is_published():
    """Q5 and Q16 of 1,500 staff: every option chosen by k or more has its count shown."""
    results = staff_1500()
    for qid in ("q5_signalen_gedaan", "q16_collega_gedaan"):
        options = [it for it in results["items"] if it["question"] == qid]
        assert options and all(not it["suppressed"] for it in options)
        assert options[0]["bases"]["answered"] >= 150
        for it in options:
            assert all(c["count"] is not None for c in it["categories"]), it["id"]


def test_prefer_not_to_say_is_not_in_the_substantive_base_of_r8():
    definition = load("raadsleden")
    rows = [(a, None) for a in council_responses()]
    for a, _d in rows[:6]:  # more answers to r8 so that the counts are published at k=1
        a["r7_collega_vermoeden"] = "ja_een"
        a["r8_gedaan"] = ["liever_niet"] if a is rows[0][0] else ["griffier"]
    res = compute_results(definition, rows, k=1)
    griffier = item(res, "r8_gedaan.griffier")
    liever = item(res, "r8_gedaan.liever_niet")
    answered = griffier["bases"]["answered"]
    n_liever = next(c["count"] for c in liever["categories"] if c["value"] == "chosen")
    assert n_liever >= 1
    assert griffier["bases"]["substantive"] == answered - n_liever
    chosen = next(c for c in griffier["categories"] if c["value"] == "chosen")
    assert chosen["pct"]["substantive"] == round(100 * chosen["count"] / (answered - n_liever), 1)
    liever_chosen = next(c for c in liever["categories"] if c["value"] == "chosen")
    assert liever_chosen["substantive"] is False
    assert liever_chosen["pct"]["substantive"] is None


def test_results_export_has_the_department_breakdowns(survey_with_responses):  # noqa: F811
    text = exports.results_export(survey_with_responses, "csv").decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(text), delimiter=";"))
    header = lines[0]
    col = {name: header.index(name) for name in ("item", "afdeling", "aantal", "onderdrukt")}
    groups = {line[col["afdeling"]] for line in lines[1:]}
    assert "totaal" in groups and len(groups) >= 3  # total and at least two departments
    from weerbaar.surveys.results.services import survey_results

    results = survey_results(survey_with_responses)
    expected = sum(
        len(it["categories"]) if "counts" in b else 1
        for it in results["items"]
        for b in it.get("breakdown", [])
    )
    breakdown_lines = [line for line in lines[1:] if line[col["afdeling"]] != "totaal"]
    assert len(breakdown_lines) == expected > 0
    for line in lines[1:]:
        count, mark = line[col["aantal"]], line[col["onderdrukt"]]
        assert mark in ("", "x")
        assert (count == "") == (mark == "x") or not line[col["item"]]
        if count not in ("", "0") and "." not in count:
            assert int(count) >= 5, line


def test_results_page_uses_one_marker(client_for, demo_staff_survey):  # noqa: F811
    html = client_for("coordinator").get(url("results", demo_staff_survey)).content.decode()
    assert "×" in html
    assert not re.search(r"&lt;\s*\d", html)  # no "< k"
    assert "Te weinig antwoorden" not in html
