"""Seed 004 (Borger-Odoorn 2020): a response set consistent with every published survey
figure (notes 004 §4.2-§4.6, E1-E36 and C1-C22) and the engine reproducing them, each with
the base the report used. Uses the shipped questionnaires (library bundle).

The report publishes council counts of 0, 1 and 2 out of 18: the raw figures are checked
with k=1 (the researcher's view); the last test shows that Weerbaar itself would suppress
them at the organisation's k.
"""

from __future__ import annotations

import pytest

from weerbaar.surveys import questionnaire as qn
from weerbaar.surveys.results import compute_results

N_STAFF = 333
N_COUNCIL = 18


def column(spec: list[tuple[object, int]]) -> list:
    out = []
    for value, n in spec:
        out += [value] * n
    return out


def staff_responses() -> list[dict]:
    n = N_STAFF
    q8 = column([("ja", 100), ("nee", 150), ("weet_niet", 83)])  # E1: 30%
    q9a = column([("eens", 74), ("oneens", 16), ("weet_niet", 10)])  # E2: 74%
    q9b = column([("eens", 90), ("oneens", 4), ("weet_niet", 6)])  # E36: 90%
    q9c = column([("eens", 63), ("oneens", 25), ("weet_niet", 12)])  # E3/E4: 63% / 37%
    q10a = column([("eens", 70), ("oneens", 20), ("weet_niet", 10)])
    q10b = column([("eens", 24), ("oneens", 48), ("weet_niet", 28)])  # E8-E10
    q10c = column([("eens", 12), ("oneens", 58), ("weet_niet", 30)])  # E11-E13
    q10d = column([("eens", 88), ("oneens", 7), ("weet_niet", 5)])  # E14/E15
    rest = ["weet_niet_of_bestaat"]

    def q2(known: int, n_clear: int) -> list[str]:
        return column(
            [("ken_duidelijk", n_clear), ("ken_niet_duidelijk", known - n_clear)]
        ) + rest * (n - known)

    q2a, q2b, q2d, q2e = q2(236, 200), q2(216, 180), q2(57, 40), q2(210, 150)  # E16-E19
    q11 = column([("ja_enkele", 37), ("nee", 290), ("liever_niet", 6)])  # E32: 11%
    q15 = column([("ja_enkele", 20), ("ja_meerdere", 10), ("nee", 300), ("liever_niet", 3)])
    # Q16 for the 30 who saw a colleague act without integrity (E33-E35).
    q16 = (
        [["zelf_besproken", "leidinggevende"]] * 10
        + [["zelf_besproken", "collega"]] * 5
        + [["leidinggevende"]] * 2
        + [["collega"]] * 5
        + [["anders"]] * 4
        + [["niets"]] * 4
    )
    q18a = column([(8, 133), (7, 200)])  # E5: 7.4
    q18b = column([(7, 200), (6, 133)])  # E6: 6.6
    q19 = {
        "a": column([("eens", 40), ("oneens", 260), ("weet_niet", 33)]),  # E21 (reversed)
        "b": column([("eens", 223), ("oneens", 60), ("weet_niet", 50)]),  # E23/E24
        "c": column([("eens", 167), ("oneens", 66), ("weet_niet", 100)]),  # E25
        "d": column([("eens", 256), ("oneens", 57), ("weet_niet", 20)]),  # E22
        "e": column([("eens", 147), ("oneens", 150), ("weet_niet", 36)]),  # E26
        "f": column([("eens", 300), ("oneens", 20), ("weet_niet", 13)]),  # E29
        "g": column([("eens", 93), ("oneens", 200), ("weet_niet", 40)]),  # E27/E28
        "h": column([("eens", 160), ("oneens", 150), ("weet_niet", 23)]),  # E30
    }
    out = []
    ja_index = 0
    pressure_index = 0
    for i in range(n):
        a = {
            "q1_afdeling": "andere",
            "q2_gedragslijnen": {
                "a": q2a[i],
                "b": q2b[i],
                "c": "ken_duidelijk",
                "d": q2d[i],
                "e": q2e[i],
                "f": "weet_bestaat",
                "g": "bestaat_niet",
            },
            "q3_verdacht_gezien": "nee",
            "q8_verwacht_signalen": q8[i],
            "q11_onaanvaardbare_druk": q11[i],
            "q15_collega_niet_integer": q15[i],
            "q18_cijfers": {"a": q18a[i], "b": q18b[i]},
            "q19_integriteit": {row: values[i] for row, values in q19.items()},
        }
        if q8[i] == "ja":
            j = ja_index
            a["q9_stellingen_risico"] = {"a": q9a[j], "b": q9b[j], "c": q9c[j]}
            a["q10_stellingen_weerbaarheid"] = {
                "a": q10a[j],
                "b": q10b[j],
                "c": q10c[j],
                "d": q10d[j],
            }
            ja_index += 1
        if q11[i] == "ja_enkele":
            a["q13_steun"] = "ja"
        if q15[i].startswith("ja"):
            a["q16_collega_gedaan"] = q16[pressure_index]
            pressure_index += 1
        out.append(a)
    return out


def council_responses() -> list[dict]:
    r7 = column([("ja_meerdere", 3), ("ja_een", 2), ("liever_niet", 2), ("nee", 11)])
    r8 = [["burgemeester"], ["griffier"], ["griffier"], ["iets_anders"], ["niets"]]
    r13 = column([("nee", 8), ("weet_niet", 10)])  # C15-C17 (0 ja)
    r16 = column([("ja", 1), ("nee", 11), ("weet_niet", 6)])  # C18-C20
    r18a = column([(8, 12), (9, 6)])  # C21: 8.3
    r18b = column([(7, 4), (6, 14)])  # C22: 6.2
    r19 = column(
        [("zeer_eens", 3), ("eens", 5), ("weet_niet", 6), ("oneens", 3), ("zeer_oneens", 1)]
    )  # C12-C14
    out = []
    for i in range(N_COUNCIL):
        a = {
            "r1_beinvloeding": "ja_enkele" if i < 2 else "nee",  # C2
            "r7_collega_vermoeden": r7[i],
            "r10_infiltratie": "ja" if i in (5, 9) else "nee",  # C11
            "r12_protocol": "ken_duidelijk",
            "r13_aandacht": r13[i],
            "r16_geholpen": r16[i],
            "r18_cijfers": {"a": r18a[i], "b": r18b[i]},
            "r19_aannemelijk": r19[i],
        }
        if i < 2:
            a["r3_gedaan"] = ["burgemeester"]  # C3
            a["r5_steun"] = "ja" if i == 0 else "nee"  # C4
        if r7[i].startswith("ja"):
            a["r8_gedaan"] = r8.pop(0)
        out.append(a)
    return out


@pytest.fixture(scope="module")
def staff():
    definition = qn.load_file(qn.CONTENT_DIR / "medewerkers.yaml")
    return compute_results(definition, [(a, None) for a in staff_responses()], k=1)


@pytest.fixture(scope="module")
def council():
    definition = qn.load_file(qn.CONTENT_DIR / "raadsleden.yaml")
    return compute_results(definition, [(a, None) for a in council_responses()], k=1)


def item(results, item_id):
    return next(i for i in results["items"] if i["id"] == item_id)


def pct(results, item_id, value, base):
    it = item(results, item_id)
    return round(next(c for c in it["categories"] if c["value"] == value)["pct"][base])


def count(results, item_id, value):
    it = item(results, item_id)
    return next(c for c in it["categories"] if c["value"] == value)["count"]


def test_dimension_1_awareness(staff):
    assert staff["n_respondents"] == N_STAFF
    assert pct(staff, "q8_verwacht_signalen", "ja", "all") == 30  # E1
    # E2-E4 "van deze groep": base = respondents shown Q9 (Q8 = ja)
    assert item(staff, "q9_stellingen_risico.a")["bases"]["shown"] == 100
    assert pct(staff, "q9_stellingen_risico.a", "eens", "shown") == 74  # E2
    assert pct(staff, "q9_stellingen_risico.c", "eens", "shown") == 63  # E3
    c = item(staff, "q9_stellingen_risico.c")
    not_agree = sum(x["count"] for x in c["categories"] if x["value"] != "eens")
    assert round(100 * not_agree / c["bases"]["shown"]) == 37  # E4 "ruim een derde"
    # On the base of all respondents the same answer is a different figure:
    assert pct(staff, "q9_stellingen_risico.a", "eens", "all") == 22
    assert round(item(staff, "q18_cijfers.a")["mean"], 1) == 7.4  # E5
    assert round(item(staff, "q18_cijfers.b")["mean"], 1) == 6.6  # E6
    gap = item(staff, "q18_cijfers.a")["mean"] - item(staff, "q18_cijfers.b")["mean"]
    assert round(gap, 1) == 0.8  # E7


def test_dimension_3d_personal_safeguards(staff):
    assert pct(staff, "q10_stellingen_weerbaarheid.b", "eens", "shown") == 24  # E8
    assert 45 <= pct(staff, "q10_stellingen_weerbaarheid.b", "oneens", "shown") < 50  # E9
    assert pct(staff, "q10_stellingen_weerbaarheid.b", "weet_niet", "shown") > 25  # E10
    assert pct(staff, "q10_stellingen_weerbaarheid.c", "eens", "shown") == 12  # E11
    assert pct(staff, "q10_stellingen_weerbaarheid.c", "oneens", "shown") == 58  # E12
    assert 28 <= pct(staff, "q10_stellingen_weerbaarheid.c", "weet_niet", "shown") <= 33  # E13
    assert pct(staff, "q10_stellingen_weerbaarheid.d", "eens", "shown") == 88  # E14
    assert 100 - pct(staff, "q10_stellingen_weerbaarheid.d", "eens", "shown") == 12  # E15
    for row, expected in (("a", 71), ("b", 65), ("e", 63), ("d", 17)):  # E16-E19
        it = item(staff, f"q2_gedragslijnen.{row}")
        known = sum(
            c["count"]
            for c in it["categories"]
            if c["value"] in ("ken_duidelijk", "ken_niet_duidelijk")
        )
        assert round(100 * known / it["bases"]["all"]) == expected
    it = item(staff, "q2_gedragslijnen.a")
    assert 100 - 71 == 29 and it["bases"]["all"] == N_STAFF  # E20 "ruim een kwart"


def test_dimension_4_norms_and_values(staff):
    q19a = item(staff, "q19_integriteit.a")
    presented = {c["value"]: c for c in q19a["reverse"]["categories"]}
    assert q19a["reverse"]["label"]["nl"].startswith("Ik vind het niet verdedigbaar")
    assert round(presented["eens"]["pct"]["all"]) > 75  # E21 "ruim driekwart"
    assert pct(staff, "q19_integriteit.d", "eens", "all") > 75  # E22
    assert pct(staff, "q19_integriteit.b", "eens", "all") == 67  # E23 "twee derde"
    assert 100 - pct(staff, "q19_integriteit.b", "eens", "all") == 33  # E24
    assert pct(staff, "q19_integriteit.c", "eens", "all") == 50  # E25
    assert pct(staff, "q19_integriteit.e", "eens", "all") == 44  # E26
    assert pct(staff, "q19_integriteit.g", "eens", "all") == 28  # E27
    assert 100 - pct(staff, "q19_integriteit.g", "eens", "all") == 72  # E28
    assert pct(staff, "q19_integriteit.f", "eens", "all") == 90  # E29
    assert pct(staff, "q19_integriteit.h", "eens", "all") == 48  # E30
    # E31 "voor zover medewerkers zich daarover uitspreken": the substantive base
    assert 50 <= pct(staff, "q19_integriteit.c", "eens", "substantive") <= 72
    assert pct(staff, "q19_integriteit.b", "eens", "substantive") == 79
    assert item(staff, "q19_integriteit.h")["presentation_label"]["nl"].startswith("Ondanks")


def test_dimension_5_acting(staff):
    assert pct(staff, "q11_onaanvaardbare_druk", "ja_enkele", "all") == 11  # E32
    assert count(staff, "q11_onaanvaardbare_druk", "ja_meerdere") == 0
    nothing = item(staff, "q16_collega_gedaan.niets")
    base = nothing["bases"]["shown"]
    assert base == 30
    did_something = base - count(staff, "q16_collega_gedaan.niets", "chosen")
    assert round(100 * did_something / base) == 87  # E33
    assert pct(staff, "q16_collega_gedaan.zelf_besproken", "chosen", "shown") == 50  # E34
    assert count(staff, "q16_collega_gedaan.leidinggevende", "chosen") >= 10  # E35
    assert count(staff, "q16_collega_gedaan.collega", "chosen") >= 10  # E35
    assert pct(staff, "q9_stellingen_risico.b", "eens", "shown") == 90  # E36


def test_council_counts(council):
    assert council["n_respondents"] == 18  # C1
    r1 = item(council, "r1_beinvloeding")
    assert sum(c["count"] for c in r1["categories"] if c["value"].startswith("ja")) == 2  # C2
    assert count(council, "r3_gedaan.burgemeester", "chosen") == 2  # C3
    assert item(council, "r5_steun")["bases"]["shown"] == 2  # OR-routing: burgemeester/griffier
    assert (count(council, "r5_steun", "ja"), count(council, "r5_steun", "nee")) == (1, 1)  # C4
    r7 = {c["value"]: c["count"] for c in item(council, "r7_collega_vermoeden")["categories"]}
    assert r7["ja_meerdere"] + r7["ja_een"] == 5  # C5
    assert r7["liever_niet"] == 2  # C6
    assert (r7["ja_meerdere"], r7["ja_een"]) == (3, 2)  # C7
    assert count(council, "r8_gedaan.zelf_besproken", "chosen") == 0  # C8
    assert count(council, "r8_gedaan.burgemeester", "chosen") == 1  # C9
    assert count(council, "r8_gedaan.griffier", "chosen") == 2  # C10
    assert count(council, "r10_infiltratie", "ja") == 2  # C11
    r19 = {c["value"]: c["count"] for c in item(council, "r19_aannemelijk")["categories"]}
    assert r19["zeer_eens"] + r19["eens"] == 8  # C12
    assert r19["oneens"] + r19["zeer_oneens"] == 4  # C13
    assert r19["weet_niet"] == 6  # C14
    collapsed = {c["group"]: c["count"] for c in item(council, "r19_aannemelijk")["collapsed"]}
    assert collapsed == {"agree": 8, "disagree": 4}  # the report's 3 categories
    r13 = {c["value"]: c["count"] for c in item(council, "r13_aandacht")["categories"]}
    assert (r13["ja"], r13["nee"], r13["weet_niet"]) == (0, 8, 10)  # C15-C17
    r16 = {c["value"]: c["count"] for c in item(council, "r16_geholpen")["categories"]}
    assert (r16["ja"], r16["nee"], r16["weet_niet"]) == (1, 11, 6)  # C18-C20
    assert 8 < item(council, "r18_cijfers.a")["mean"] < 8.5  # C21 "een ruime 8"
    assert round(item(council, "r18_cijfers.b")["mean"], 1) == 6.2  # C22


def test_weerbaar_would_not_publish_the_small_council_counts():
    """At k=5 the counts 0 < n < 5 of seed 004's council chapter are suppressed."""
    definition = qn.load_file(qn.CONTENT_DIR / "raadsleden.yaml")
    res = compute_results(definition, [(a, None) for a in council_responses()], k=5)
    r1 = item(res, "r1_beinvloeding")
    assert next(c for c in r1["categories"] if c["value"] == "ja_enkele")["count"] is None
    assert item(res, "r5_steun")["suppressed"] is True
    r16 = {c["value"]: c["count"] for c in item(res, "r16_geholpen")["categories"]}
    assert r16["ja"] is None
    assert item(res, "r18_cijfers.b")["mean"] is not None  # a mean of 18 answers is fine
