"""Charts and tables show exactly the engine's numbers: nothing suppressed leaks, bars add up."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from weerbaar.core.formatting import number
from weerbaar.reports import charts
from weerbaar.reports.compose_tables import data_tables

VALUES = ["eens", "oneens", "weet_niet"]


@st.composite
def items(draw):
    k = draw(st.integers(min_value=2, max_value=10))
    counts = draw(st.lists(st.integers(min_value=0, max_value=60), min_size=3, max_size=3))
    n = sum(counts)
    # The engine withholds cells under k (and maybe a complementary one).
    hidden = [0 < c < k for c in counts]
    if any(hidden) and draw(st.booleans()):
        hidden[draw(st.integers(min_value=0, max_value=2))] = True
    suppressed = n < k
    cats = []
    for value, count, hide in zip(VALUES, counts, hidden, strict=True):
        shown = not (hide or suppressed)
        cats.append(
            {
                "value": value,
                "label": {"nl": value, "en": value},
                "count": count if shown else None,
                "pct": round(100.0 * count / n, 1) if shown and n else None,
                "substantive": value != "weet_niet",
                "group": {"eens": "agree", "oneens": "disagree"}.get(value, "unknown"),
            }
        )
    item = {
        "id": "staff:q",
        "number": "9a",
        "text": {"nl": "Een stelling", "en": "A statement"},
        "kind": "categorical",
        "n": None if suppressed else n,
        "suppressed": suppressed,
        "categories": cats,
        "k": k,
        "previous": None,
    }
    return item, counts, k


@settings(max_examples=60, deadline=None)
@given(items())
def test_bar_segments_never_exceed_the_bar_and_hidden_cells_get_no_number(generated):
    item, counts, k = generated
    svg = str(charts.stacked_bars([item], "t", "Figuur", "nl"))
    widths = [
        float(w)
        for w in re.findall(r'<rect x="[\d.]+" y="\d+" width="([\d.]+)" height="20" fill="#', svg)
    ]
    assert sum(widths) <= 380 + 0.5
    shown_pcts = re.findall(r">(\d+)%</text>", svg)
    for p in shown_pcts:
        assert any(c["pct"] is not None and number(c["pct"], 0) == p for c in item["categories"])
    assert 'role="img"' in svg and "<desc" in svg


@settings(max_examples=60, deadline=None)
@given(items())
def test_data_table_shows_only_unsuppressed_counts(generated):
    item, counts, k = generated
    table = data_tables([item], "bars")[0]
    row = table["rows"][0]
    for cat, cell in zip(item["categories"], row["cells"], strict=True):
        if cat["count"] is None or item["suppressed"]:
            assert cell == "onderdrukt"
        else:
            assert cell.endswith(f"({cat['count']})")
    if item["suppressed"]:
        assert row["n"] == "–"


def test_charts_are_distinguishable_without_colour():
    fills = {
        charts.category_style({"group": g, "value": v}, 0)
        for g, v in [("agree", "eens"), ("disagree", "oneens"), ("unknown", "weet_niet")]
    }
    patterns = {p for _, p in fills}
    assert len(fills) == 3 and len(patterns) == 3, "each main category has its own pattern"


def test_heat_map_prints_every_score():
    register = {
        "criteria": [{"id": "VC1", "short": "VC1"}, {"id": "VC2", "short": "VC2"}],
        "processes": [
            {
                "name": "Horeca",
                "score": 55.0,
                "cells": [{"criterion": "VC1", "score": 3}, {"criterion": "VC2", "score": None}],
            }
        ],
    }
    svg = str(charts.heat_map(register, "h", "Warmtekaart", "nl"))
    assert ">3</text>" in svg and ">–</text>" in svg
    assert "Horeca: VC1 3, VC2 –" in svg


def test_previous_scan_is_drawn_and_tabled():
    item = {
        "id": "staff:q",
        "number": "8",
        "text": {"nl": "Stelling"},
        "kind": "categorical",
        "n": 40,
        "suppressed": False,
        "k": 5,
        "categories": [
            {"value": "ja", "label": {"nl": "Ja"}, "count": 30, "pct": 75.0, "group": "agree"},
            {"value": "nee", "label": {"nl": "Nee"}, "count": 10, "pct": 25.0, "group": "disagree"},
        ],
        "previous": {"n": 30, "mean": None, "pct": {"ja": 50.0, "nee": 50.0}},
    }
    svg = str(charts.stacked_bars([item], "c", "Figuur", "nl"))
    assert "vorige scan" in svg
    table = data_tables([item], "bars")[0]
    assert table["has_previous"]
    assert table["rows"][0]["previous"] == ["50%", "50%"]


DEFINITION = {
    "id": "t",
    "version": "1",
    "pages": [
        {
            "id": "p",
            "questions": [
                {
                    "id": "q1",
                    "number": "1",
                    "type": "single",
                    "text": {"nl": "Stelling", "en": "Statement"},
                    "maps_to": ["D1"],
                    "options": [
                        {"value": "eens", "label": {"nl": "Eens", "en": "Agree"}},
                        {"value": "oneens", "label": {"nl": "Oneens", "en": "Disagree"}},
                        {
                            "value": "weet_niet",
                            "label": {"nl": "Weet niet", "en": "Don't know"},
                            "substantive": False,
                        },
                    ],
                },
                {
                    "id": "q2",
                    "number": "2",
                    "type": "multiple",
                    "text": {"nl": "Wat deed u?", "en": "What did you do?"},
                    "maps_to": ["D5"],
                    "show_if": {"question": "q1", "equals": "eens"},
                    "options": [
                        {"value": "a", "label": {"nl": "A", "en": "A"}},
                        {"value": "b", "label": {"nl": "B", "en": "B"}},
                    ],
                },
            ],
        }
    ],
}


@st.composite
def respondents(draw):
    rows = []
    for _ in range(draw(st.integers(min_value=0, max_value=40))):
        answer = {"q1": draw(st.sampled_from(["eens", "oneens", "weet_niet"]))}
        if answer["q1"] == "eens":
            answer["q2"] = draw(st.lists(st.sampled_from(["a", "b"]), unique=True, min_size=1))
        rows.append((answer, draw(st.sampled_from([None, "1", "2"]))))
    return rows


@settings(max_examples=40, deadline=None)
@given(respondents(), st.integers(min_value=3, max_value=8))
def test_report_never_shows_a_count_the_engine_withheld(rows, k):
    """End to end over the real results engine: no shown count is in 1..k-1, and a
    percentage is only shown next to its count (never a share of a withheld count)."""
    from weerbaar.reports.collect import survey_item
    from weerbaar.surveys.results import compute_results

    results = compute_results(DEFINITION, rows, k=k)
    for raw in results["items"]:
        item = survey_item(raw, "staff")
        assert item is not None
        for c in item.categories:
            assert c.count is None or c.count == 0 or c.count >= k
            if c.pct is not None:
                assert c.count is not None, "a share is only shown next to its count"
        table = data_tables(
            [{**item.__dict__, "categories": [c.__dict__ for c in item.categories]}], "bars"
        )[0]
        for cell in table["rows"][0]["cells"]:
            numbers = [int(x) for x in re.findall(r"\((\d+)\)", cell)]
            assert all(n == 0 or n >= k for n in numbers)


def _verdict_method() -> dict:
    """The verdict suggestion of the shipped library bundle."""
    import yaml

    from weerbaar.library.paths import latest_shipped_bundle

    text = (latest_shipped_bundle() / "dimensions.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)["verdict_suggestion"]


VERDICT_METHOD = _verdict_method()
ORDER = ["geen_oordeel", "onvoldoende", "beperkt", "op_onderdelen", "voldoende"]


@settings(max_examples=80, deadline=None)
@given(
    st.fixed_dictionaries(
        {
            s: st.integers(min_value=0, max_value=12)
            for s in ("voldoet", "voldoet_deels", "voldoet_niet", "onbekend")
        }
    ),
    st.sampled_from(["voldoet_deels", "voldoet_niet", "onbekend"]),
)
def test_suggested_verdict_never_drops_when_a_norm_is_met(counts, worse):
    """Turning one norm from a worse status into 'voldoet' never lowers the suggestion."""
    from weerbaar.reports.collect import suggested_verdict

    before = suggested_verdict(counts, VERDICT_METHOD)
    if counts[worse] == 0:
        return
    better = {**counts, worse: counts[worse] - 1, "voldoet": counts["voldoet"] + 1}
    after = suggested_verdict(better, VERDICT_METHOD)
    if before != "geen_oordeel":
        assert ORDER.index(after) >= ORDER.index(before)
