"""Questionnaires as data: the shipped questionnaires and the validator's error messages."""

from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest
import yaml

from weerbaar.surveys import questionnaire as qn
from weerbaar.surveys import services

NOTES_004 = Path("/work/shared/seeds/notes/004.md")

EMPLOYEE_IDS = {
    "1": "q1_afdeling", "2": "q2_gedragslijnen", "3": "q3_verdacht_gezien",
    "4": "q4_verdachte_feiten", "5": "q5_signalen_gedaan", "6": "q6_gemeld_aan",
    "7": "q7_andere_actie", "8": "q8_verwacht_signalen", "9": "q9_stellingen_risico",
    "10": "q10_stellingen_weerbaarheid", "11": "q11_onaanvaardbare_druk",
    "12": "q12_druk_toelichting", "13": "q13_steun", "14": "q14_geen_steun",
    "15": "q15_collega_niet_integer", "16": "q16_collega_gedaan", "17": "q17_collega_anders",
    "18": "q18_cijfers", "19": "q19_integriteit", "20": "q20_opmerkingen",
}  # fmt: skip


def load(name: str) -> dict:
    return qn.load_file(qn.CONTENT_DIR / name)


def source(name: str) -> str:
    return (qn.CONTENT_DIR / name).read_text(encoding="utf-8")


@pytest.fixture
def library_ids(baseline_scan) -> set[str]:
    return qn.library_ids(baseline_scan.framework)


def test_both_shipped_questionnaires_validate_against_the_library(library_ids):
    for path in qn.shipped_paths():
        data = qn.load_file(path, library_ids)
        assert data["kind"] == "questionnaire"


def test_employee_survey_has_q1_to_q20_in_order():
    data = load("medewerkers.yaml")
    numbered = [(q["number"], q["id"]) for q in qn.iter_questions(data)]
    assert numbered == list(EMPLOYEE_IDS.items())


def test_council_survey_has_r1_to_r19_with_r5a_and_closing_remark():
    data = load("raadsleden.yaml")
    ids = [q["id"] for q in qn.iter_questions(data)]
    numbers = [q.get("number") for q in qn.iter_questions(data)]
    assert [n for n in numbers if n] == [str(i) for i in range(1, 20)]
    assert ids.index("r5a_steun_inhoud") == ids.index("r5_steun") + 1
    assert "number" not in qn.question_index(data)["r5a_steun_inhoud"]
    assert ids[-1] == "r_opmerkingen"
    assert qn.question_index(data)["r_opmerkingen"]["type"] == "text"


@pytest.mark.skipif(not NOTES_004.exists(), reason="seed notes not available")
def test_every_question_of_notes_004_section_3_is_shipped():
    text = NOTES_004.read_text(encoding="utf-8")
    section = text[text.index("## 3. The questionnaires") : text.index("## 4. Quantitative")]
    employee = set(re.findall(r"\*\*Q(\d+)\.", section))
    council = set(re.findall(r"\*\*R(\d+)\.", section))
    assert employee == {str(i) for i in range(1, 21)}
    staff = {q.get("number") for q in qn.iter_questions(load("medewerkers.yaml"))}
    raad = {q.get("number") for q in qn.iter_questions(load("raadsleden.yaml"))}
    assert employee <= staff
    assert council <= raad
    # Every matrix row of the notes (Q2a–g, Q9a–c, Q10a–d, Q18a–b, Q19a–h, R18a–b) exists.
    rows = set(re.findall(r"^\| (Q|R)(\d+)([a-h]) \|", section, flags=re.M))
    index = {q["number"]: q for q in qn.iter_questions(load("medewerkers.yaml"))}
    council_index = {q.get("number"): q for q in qn.iter_questions(load("raadsleden.yaml"))}
    for letter, number, row in rows:
        question = (index if letter == "Q" else council_index)[number]
        assert row in {r["id"] for r in question["rows"]}, f"{letter}{number}{row}"


def test_routing_of_notes_004_is_present():
    staff = qn.question_index(load("medewerkers.yaml"))
    council = qn.question_index(load("raadsleden.yaml"))
    assert staff["q4_verdachte_feiten"]["show_if"] == {
        "all": [{"question": "q3_verdacht_gezien", "equals": "ja"}]
    }
    assert staff["q6_gemeld_aan"]["show_if"]["all"][0]["contains"] == "gemeente"
    assert staff["q7_andere_actie"]["show_if"]["all"][0]["contains"] == "iets_anders"
    assert staff["q9_stellingen_risico"]["show_if"]["all"][0]["question"] == "q8_verwacht_signalen"
    assert staff["q14_geen_steun"]["show_if"]["all"][0] == {
        "question": "q13_steun",
        "equals": "nee",
    }
    assert staff["q17_collega_anders"]["show_if"]["all"][0]["contains"] == "anders"
    # The OR-scenario of R5.
    assert council["r5_steun"]["show_if"] == {
        "any": [
            {"question": "r3_gedaan", "contains": "burgemeester"},
            {"question": "r3_gedaan", "contains": "griffier"},
        ]
    }
    assert council["r5a_steun_inhoud"]["show_if"]["all"][0] == {
        "question": "r5_steun",
        "equals": "ja",
    }
    for unconditional in ("q1_afdeling", "q2_gedragslijnen", "q3_verdacht_gezien",
                          "q8_verwacht_signalen", "q11_onaanvaardbare_druk",
                          "q15_collega_niet_integer", "q18_cijfers", "q19_integriteit",
                          "q20_opmerkingen"):  # fmt: skip
        assert "show_if" not in staff[unconditional]


def test_non_substantive_options_and_reverse_coded_item():
    staff = qn.question_index(load("medewerkers.yaml"))
    council = qn.question_index(load("raadsleden.yaml"))
    assert qn.non_substantive_values(staff["q8_verwacht_signalen"]) == {"weet_niet"}
    assert qn.non_substantive_values(staff["q11_onaanvaardbare_druk"]) == {"liever_niet"}
    assert qn.non_substantive_values(staff["q1_afdeling"]) == {"liever_niet"}
    assert qn.non_substantive_values(staff["q19_integriteit"]) == {"weet_niet"}
    assert qn.non_substantive_values(council["r5_steun"]) == {"weet_niet", "liever_niet"}
    assert qn.non_substantive_values(council["r10_infiltratie"]) == set()
    q19a = staff["q19_integriteit"]["rows"][0]
    assert q19a["id"] == "a" and q19a["reverse"] is True
    assert q19a["presentation_label"]["nl"].startswith("Ik vind het niet verdedigbaar")
    assert staff["q1_afdeling"]["options_from"] == "departments"


def test_every_item_maps_to_the_library_except_background():
    for name in ("medewerkers.yaml", "raadsleden.yaml"):
        for q in qn.iter_questions(load(name)):
            if q["id"] in {"q1_afdeling", "q20_opmerkingen", "r_opmerkingen"}:
                continue
            assert q.get("maps_to"), q["id"]


def errors_for(text: str, known=None) -> list:
    data, node, errors = qn.parse_text(text, "test.yaml")
    return errors or qn.validate(data, node, "test.yaml", known)


def mutate(edit) -> str:
    data = yaml.safe_load(source("medewerkers.yaml"))
    edit(data)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def test_yaml_syntax_error_names_file_and_line():
    text = source("medewerkers.yaml").replace("audience: staff", "audience: [staff", 1)
    errors = errors_for(text)
    assert errors and errors[0].file == "test.yaml"
    assert errors[0].line is not None and errors[0].line >= 8


def test_schema_error_names_file_line_and_field():
    text = source("medewerkers.yaml").replace("type: grade_matrix", "type: slider", 1)
    errors = errors_for(text)
    assert len(errors) >= 1
    error = errors[0]
    line = next(i for i, t in enumerate(text.splitlines(), 1) if "type: slider" in t)
    assert error.line == line
    assert "pages[13].questions[0].type" in error.field
    assert str(error).startswith(f"test.yaml:{line}")


def test_unknown_field_is_reported():
    errors = errors_for(mutate(lambda d: d["pages"][0]["questions"][0].update(colour="red")))
    assert any("unknown field 'colour'" in e.message for e in errors)


def test_routing_to_a_later_question_is_refused():
    def edit(d):
        d["pages"][2]["questions"][0]["show_if"] = {
            "all": [{"question": "q8_verwacht_signalen", "equals": "ja"}]
        }

    errors = errors_for(mutate(edit))
    assert any("not an earlier question" in e.message for e in errors)
    assert all(e.line for e in errors)


def test_routing_to_the_same_page_is_refused():
    def edit(d):
        d["pages"][3]["questions"][1]["show_if"] = {
            "all": [{"question": "q4_verdachte_feiten", "answered": True}]
        }

    errors = errors_for(mutate(edit))
    assert any("same page" in e.message for e in errors)


def test_routing_to_an_unknown_option_is_refused():
    def edit(d):
        d["pages"][3]["questions"][0]["show_if"]["all"][0]["equals"] = "misschien"

    errors = errors_for(mutate(edit))
    assert any("has no option 'misschien'" in e.message for e in errors)


def test_contains_on_single_choice_is_refused():
    def edit(d):
        d["pages"][3]["questions"][0]["show_if"]["all"][0] = {
            "question": "q3_verdacht_gezien",
            "contains": "ja",
        }

    errors = errors_for(mutate(edit))
    assert any("contains is only for multiple choice" in e.message for e in errors)


def test_unknown_library_id_is_refused(library_ids):
    def edit(d):
        d["pages"][1]["questions"][0]["maps_to"] = ["D9.N9"]

    errors = errors_for(mutate(edit), library_ids)
    assert any("unknown dimension or norm 'D9.N9'" in e.message for e in errors)


def test_duplicate_question_id_is_refused():
    def edit(d):
        d["pages"][1]["questions"][0]["id"] = "q1_afdeling"

    errors = errors_for(mutate(edit))
    assert any("used twice" in e.message for e in errors)


def test_reverse_row_needs_a_presentation_label():
    def edit(d):
        del d["pages"][13]["questions"][1]["rows"][0]["presentation_label"]

    errors = errors_for(mutate(edit))
    assert any("presentation_label" in e.message for e in errors)


def test_load_file_raises_with_every_error(tmp_path):
    bad = copy.deepcopy(yaml.safe_load(source("raadsleden.yaml")))
    bad["pages"][0]["questions"][0]["type"] = "slider"
    bad["audience"] = "everyone"
    path = tmp_path / "kapot.yaml"
    path.write_text(yaml.safe_dump(bad, allow_unicode=True), encoding="utf-8")
    with pytest.raises(qn.QuestionnaireError) as info:
        qn.load_file(path)
    assert len(info.value.errors) >= 2
    assert all(e.file == "kapot.yaml" and e.line for e in info.value.errors)


def test_installing_shipped_questionnaires_is_idempotent(db):
    first = services.install_shipped_questionnaires()
    second = services.install_shipped_questionnaires()
    assert [q.pk for q in first] == [q.pk for q in second]
    assert all(q.is_shipped and q.is_valid for q in first)


def test_exponential_yaml_aliases_are_refused_quickly():
    lines = ['a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    for i in range(1, 12):
        refs = ", ".join([f"*a{i - 1}"] * 10)
        lines.append(f"a{i}: &a{i} [{refs}]")
    errors = errors_for("\n".join(lines))
    assert errors and "too large" in errors[0].message


def test_overview_describes_routing_in_words():
    from weerbaar.surveys.overview import questionnaire_overview

    council = questionnaire_overview(load("raadsleden.yaml"))
    rows = {q["id"]: q for page in council for q in page["questions"]}
    assert rows["r5_steun"]["condition"] == (
        "vraag 3 bevat “Ik heb dit met de burgemeester besproken” of "
        "vraag 3 bevat “Ik heb dit met de griffier besproken”"
    )
    assert (
        rows["r2_poging"]["condition"] == "vraag 1 is “Ja, een enkele keer” of “Ja, meerdere keren”"
    )
    assert rows["r1_beinvloeding"]["condition"] == ""


def test_questionnaires_in_the_library_bundle_take_precedence(baseline_scan):
    from weerbaar.library.models import LibraryVersion

    current = baseline_scan.library_version
    data = load("raadsleden.yaml")
    data["version"] = "2027.1"
    documents = {n: d for n, d in current.documents.items() if d["kind"] != "questionnaire"}
    documents["questionnaires/raadsleden.yaml"] = {"kind": "questionnaire", "data": data}
    LibraryVersion.objects.create(
        identifier=current.identifier,
        version="test-bundle",
        title=current.title,
        checksum="test",
        documents=documents,
    )
    installed = services.install_shipped_questionnaires()
    assert [(q.key, q.version) for q in installed] == [("raadsleden", "2027.1")]
    assert installed[0].is_valid and "r5a_steun_inhoud" in installed[0].source
