"""The results engine: explicit bases, routing, means, reverse coding, breakdowns, k."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from weerbaar.surveys.results import compute_results, plan_groups

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def definition():
    return yaml.safe_load((FIXTURES / "medewerkers_min.yaml").read_text())


def item(results, item_id):
    return next(i for i in results["items"] if i["id"] == item_id)


def cat(it, value):
    return next(c for c in it["categories"] if c["value"] == value)


def answers(q8="nee", q9=None, q18=(7, 6), q19a="niet_eens", q16=None, q15="nee", text=None):
    a = {
        "q8_verwacht": q8,
        "q11_druk": "nee",
        "q15_collega": q15,
        "q18_cijfers": {"a": q18[0], "b": q18[1]},
        "q19_integriteit": {"a": q19a, "b": "eens"},
    }
    if q9:
        a["q9_stellingen"] = {"a": q9, "b": "eens", "c": "eens"}
    if q16:
        a["q16_gedaan"] = q16
    if text:
        a["q20_opmerkingen"] = text
    return a


def test_percentages_name_their_base(definition):
    """Q9 is asked only when Q8 = ja: 'all respondents' and 'shown the item' differ."""
    rows = [(answers("ja", "eens"), None)] * 6 + [(answers("ja", "weet_niet"), None)] * 6
    rows += [(answers("nee"), None)] * 8
    res = compute_results(definition, rows, k=5)
    q9a = item(res, "q9_stellingen.a")
    assert q9a["bases"] == {"all": 20, "shown": 12, "answered": 12, "substantive": 6}
    eens = cat(q9a, "eens")
    assert eens["count"] == 6
    assert eens["pct"] == {"all": 30.0, "shown": 50.0, "answered": 50.0, "substantive": 100.0}
    assert cat(q9a, "weet_niet")["pct"]["substantive"] is None  # not a substantive answer


def test_grade_means_and_distribution(definition):
    rows = [(answers(q18=(8, 6)), None)] * 5 + [(answers(q18=(7, 7)), None)] * 5
    res = compute_results(definition, rows, k=5)
    own = item(res, "q18_cijfers.a")
    assert own["mean"] == 7.5
    assert own["distribution"]["8"] == 5 and own["distribution"]["7"] == 5
    assert item(res, "q18_cijfers.b")["mean"] == 6.5


def test_reverse_coded_item_presents_the_negated_statement(definition):
    rows = [(answers(q19a="niet_eens"), None)] * 16 + [(answers(q19a="eens"), None)] * 5
    res = compute_results(definition, rows, k=5)
    q19a = item(res, "q19_integriteit.a")
    assert cat(q19a, "eens")["count"] == 5  # as asked
    reverse = q19a["reverse"]
    assert reverse["label"]["nl"].startswith("Ik vind het niet verdedigbaar")
    presented = {c["value"]: c for c in reverse["categories"]}
    assert presented["eens"]["count"] == 16  # "niet verdedigbaar": agree
    assert presented["eens"]["pct"]["answered"] == pytest.approx(76.2)
    assert presented["weet_niet"]["reversed_from"] == "weet_niet"


def test_multiple_choice_counts_each_option_on_the_routed_base(definition):
    rows = [(answers(q15="ja_enkele", q16=["zelf", "leidinggevende"]), None)] * 5
    rows += [(answers(q15="ja_enkele", q16=["niets"]), None)] * 5
    rows += [(answers(), None)] * 10
    res = compute_results(definition, rows, k=5)
    zelf = item(res, "q16_gedaan.zelf")
    assert zelf["bases"]["shown"] == 10
    assert cat(zelf, "chosen")["count"] == 5
    assert cat(zelf, "chosen")["pct"]["shown"] == 50.0


def test_small_cells_are_suppressed_with_a_partner(definition):
    rows = [(answers("ja", "eens"), None)] * 2 + [(answers("nee"), None)] * 10
    rows += [(answers("weet_niet"), None)] * 8
    res = compute_results(definition, rows, k=5)
    q8 = item(res, "q8_verwacht")
    assert cat(q8, "ja")["count"] is None and cat(q8, "ja")["suppressed"] == "withheld"
    hidden = [c for c in q8["categories"] if c["count"] is None]
    assert len(hidden) >= 2  # 20 - shown would otherwise give "ja" away
    # One marker: the partner is not told apart from the small cell.
    assert {c["suppressed"] for c in hidden} == {"withheld"}
    # Q9 was shown to 2 respondents only: nothing of it is shown.
    q9a = item(res, "q9_stellingen.a")
    assert all(c["count"] is None for c in q9a["categories"])
    assert q9a["bases"]["shown"] is None


def test_free_text_only_for_coordinator_and_only_with_k_texts(definition):
    rows = [(answers(text=f"opmerking {i}"), None) for i in range(4)] + [(answers(), None)] * 8
    res = compute_results(definition, rows, k=5, include_texts=True)
    assert item(res, "q20_opmerkingen")["texts"] is None
    assert item(res, "q20_opmerkingen")["suppressed"] is True
    rows += [(answers(text="nog een"), None)]
    res = compute_results(definition, rows, k=5, include_texts=True)
    assert len(item(res, "q20_opmerkingen")["texts"]) == 5
    res = compute_results(definition, rows, k=5, include_texts=False)
    assert item(res, "q20_opmerkingen")["texts"] is None
    assert item(res, "q20_opmerkingen")["n"] == 5


def test_department_breakdown_merges_small_departments(definition):
    rows = [(answers("ja", "eens"), "1")] * 10 + [(answers("nee"), "2")] * 7
    rows += [(answers("nee"), "3")] * 2 + [(answers("weet_niet"), None)] * 3
    res = compute_results(definition, rows, k=5, department_labels={"1": "VTH", "2": "Publiek"})
    groups = {g["key"]: g for g in res["groups"]}
    assert groups["1"]["n"] == 10 and groups["2"]["n"] == 7
    assert groups["_other"]["n"] == 5 and groups["_other"]["merged"] == ["3"]
    # Were the merged group under k, the smallest department would be merged into it too.
    smaller = [r for r in rows if r[1] is not None or r is rows[-1]][:-2]
    res2 = compute_results(definition, smaller, k=5)
    assert {g["key"] for g in res2["groups"]} == {"1", "_other"}
    # (Q8 is withheld as a whole here, 3 x "weet niet", and so has no breakdown.)
    assert item(res, "q8_verwacht")["suppressed"] and "breakdown" not in item(res, "q8_verwacht")
    q11 = item(res, "q11_druk")
    assert [b["group"] for b in q11["breakdown"]] == ["1", "2", "_other"]
    assert q11["breakdown"][0]["n"] == 10
    q18 = item(res, "q18_cijfers.a")
    assert [b["mean"] for b in q18["breakdown"]] == [7.0, 7.0, 7.0]


@given(
    st.dictionaries(
        st.one_of(st.none(), st.sampled_from(["a", "b", "c", "d"])), st.integers(0, 12)
    ),
    st.integers(3, 6),
)
def test_groups_never_under_k(sizes, k):
    groups, mapping = plan_groups(sizes, k)
    for g in groups:
        assert g.n >= k
    if groups:
        assert sum(g.n for g in groups) == sum(sizes.values())
        # A merged group never holds a single department alone (its size would show).
        for g in groups:
            if g.key == "_other":
                parts = [d for d in g.members if sizes.get(d)]
                assert len(parts) >= 2 or sizes.get(None)


CHOICES = ["ja", "nee", "weet_niet"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(st.sampled_from(CHOICES), st.sampled_from([None, "1", "2", "3"])),
        min_size=0,
        max_size=40,
    ),
    st.integers(3, 6),
)
def test_nothing_under_k_is_ever_shown(definition, rows, k):
    """Every number in the results (counts, bases, breakdown cells) is 0 or at least k,
    and every shown number is the true count."""
    data = [(answers(q8), d) for q8, d in rows]
    res = compute_results(definition, data, k=k)
    q8 = item(res, "q8_verwacht")
    truth = {v: sum(1 for q, _ in rows if q == v) for v in CHOICES}
    shown_numbers = [b for b in q8["bases"].values() if b is not None]
    for c in q8["categories"]:
        if c["count"] is not None:
            assert c["count"] == truth[c["value"]]
            shown_numbers.append(c["count"])
    for b in q8.get("breakdown", []):
        shown_numbers += [v for v in b["counts"].values() if v is not None]
        shown_numbers.append(b["n"])
    for g in res["groups"]:
        shown_numbers.append(g["n"])
    assert all(n == 0 or n >= k for n in shown_numbers if n != len(rows)) or len(rows) < k


def test_a_base_never_reveals_a_number_hidden_in_an_earlier_table(definition):
    """Q9 is shown when Q8 = ja: if "ja" is hidden in Q8's table (to protect "nee" = 2),
    the number of respondents shown Q9 (also 6) must not appear as Q9's base."""
    rows = [(answers("ja", "eens"), None)] * 6 + [(answers("nee"), None)] * 2
    rows += [(answers("weet_niet"), None)] * 12
    res = compute_results(definition, rows, k=5)
    q8 = item(res, "q8_verwacht")
    assert cat(q8, "nee")["count"] is None
    if cat(q8, "ja")["count"] is None:
        q9a = item(res, "q9_stellingen.a")
        assert q9a["bases"]["shown"] is None
        assert q9a["bases"]["answered"] is None
        shown_cells = [c["count"] for c in q9a["categories"] if c["count"] is not None]
        assert len(shown_cells) < len(q9a["categories"])


def shown_numbers(res) -> list[int]:
    """Every count the results show (bases, answers, breakdown cells, group sizes)."""
    out = [g["n"] for g in res["groups"]]
    for it in res["items"]:
        out += [v for key, v in it["bases"].items() if key != "all" and v is not None]
        out += [c["count"] for c in it.get("categories", []) if c["count"] is not None]
        for b in it.get("breakdown", []):
            out.append(b["n"])
            if b["answered"] is not None:
                out.append(b["answered"])
            out += [v for v in b.get("counts", {}).values() if v is not None]
        if it.get("n") is not None:
            out.append(it["n"])
    return out


@st.composite
def respondents(draw):
    rows = []
    for _ in range(draw(st.integers(0, 30))):
        q8 = draw(st.sampled_from(CHOICES))
        a = answers(
            q8,
            q9=draw(st.sampled_from(["eens", "niet_eens", "weet_niet"])) if q8 == "ja" else None,
            q18=(draw(st.integers(1, 10)), draw(st.integers(1, 10))),
            q19a=draw(st.sampled_from(["eens", "niet_eens", "weet_niet"])),
            q15=draw(st.sampled_from(["nee", "ja_enkele"])),
        )
        if a["q15_collega"] == "ja_enkele":
            a["q16_gedaan"] = draw(
                st.lists(
                    st.sampled_from(["zelf", "leidinggevende", "anders"]), min_size=1, unique=True
                )
            )
        rows.append((a, draw(st.sampled_from([None, "1", "2"]))))
    return rows


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(respondents(), st.integers(3, 5))
def test_no_item_ever_shows_a_count_under_k(definition, rows, k):
    res = compute_results(definition, rows, k=k)
    if len(rows) < k:
        assert all(it["suppressed"] for it in res["items"] if it.get("categories"))
        return
    for n in shown_numbers(res):
        assert n == 0 or n >= k, n


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(respondents(), st.integers(3, 5))
def test_options_of_a_multiple_choice_question_agree_on_shared_numbers(definition, rows, k):
    """All options of Q16 share "answered" (overall and per department): either every
    option's table shows it, or none does, so one table never gives away another's."""
    res = compute_results(definition, rows, k=k)
    # (An option whose table cannot be protected otherwise is withheld as a whole.)
    options = [it for it in res["items"] if it["question"] == "q16_gedaan" and not it["suppressed"]]
    if not options:
        return
    assert len({it["bases"]["answered"] for it in options}) == 1
    per_group = {tuple(b["answered"] for b in it.get("breakdown", [])) for it in options}
    assert len(per_group) == 1


def test_totals_are_not_sacrificed_to_protect_department_cells(definition, monkeypatch):
    """Departments with a few 'nee' / 'weet niet' answers each: publishing the department
    cells safely would mean withholding the organisation's own totals. The totals win."""
    from weerbaar.surveys.results import tables

    rows = []
    for dept, ja, nee, weet_niet in (
        ("1", 2, 4, 3),
        ("2", 5, 3, 0),
        ("3", 7, 0, 2),
        ("4", 6, 1, 1),
    ):
        rows += [(answers("ja", "eens"), dept)] * ja + [(answers("nee"), dept)] * nee
        rows += [(answers("weet_niet"), dept)] * weet_niet
    res = compute_results(definition, rows, k=5)
    q8 = item(res, "q8_verwacht")
    counts = {c["value"]: c["count"] for c in q8["categories"]}
    assert counts == {"ja": 20, "nee": 8, "weet_niet": 6}

    # Without the fallback the totals survive too: every withheld number is now protected
    # itself, so the department cells are hidden rather than the totals.
    monkeypatch.setattr(tables, "breakdown_costs_totals", lambda *a: False)
    res = compute_results(definition, rows, k=5)
    counts = {c["value"]: c["count"] for c in item(res, "q8_verwacht")["categories"]}
    assert counts == {"ja": 20, "nee": 8, "weet_niet": 6}
