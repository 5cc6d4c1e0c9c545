"""A LimeSurvey structure file becomes a valid Weerbaar questionnaire; every question type
is mapped or listed, conditions become routing, and unsafe or broken XML is refused."""

from __future__ import annotations

import pytest

from weerbaar.surveys.limesurvey.common import wb_id
from weerbaar.surveys.limesurvey.conditions import Unsupported, parse_relevance
from weerbaar.surveys.limesurvey.convert import build_definition
from weerbaar.surveys.limesurvey.reader import LssError, read_survey
from weerbaar.surveys.limesurvey.services import preview
from weerbaar.surveys.questionnaire import iter_questions

from .conftest import lss

ALL_TYPES = ("L", "!", "O", "M", "P", "F", "H", "A", "B", "C", "E", "1", ";", ":", "5", "N")
ALL_TYPES += ("K", "S", "T", "U", "Q", "R", "Y", "G", "D", "*", "X", "I", "|")
BOTH = pytest.mark.parametrize("name", ["all_types_6x.lss", "all_types_2x.lss"])


def convert(name: str):
    return build_definition(read_survey(lss(name)))


def by_id(definition) -> dict:
    return {q["id"]: q for q in iter_questions(definition)}


def show_if(definition, qid: str):
    return by_id(definition)[qid].get("show_if")


@BOTH
def test_the_fixture_has_every_question_type_and_each_is_mapped_or_listed(name):
    survey = read_survey(lss(name))
    assert {q.type for q in survey.questions()} == set(ALL_TYPES)
    definition, report = build_definition(survey)
    made = {c.from_code for c in report.created}
    listed = {f.code for f in report.findings}
    for q in survey.questions():
        assert q.code in made | listed, f"{q.code} ({q.type}) silently dropped"
    left_out = {f.code for f in report.left_out}
    assert {"EQ1", "I1", "UP1"} <= left_out  # equation, language switch, file upload
    assert "X1" in {f.code for f in report.changes}  # boilerplate: page text


@pytest.mark.django_db
@BOTH
def test_the_result_validates_as_any_questionnaire(name):
    result = preview(lss(name))
    assert result.ok, result.problems
    assert result.definition["pages"][0]["title"]["nl"] == "Lijsten"


@BOTH
def test_types_map_to_the_nearest_weerbaar_type(name):
    definition, _report = convert(name)
    types = {qid: q["type"] for qid, q in by_id(definition).items()}
    assert types["L1"] == types["DD1"] == types["O1"] == types["Y1"] == types["G1"] == "single"
    assert types["O1_comment"] == "text"
    assert types["M1"] == types["P1"] == "multiple"
    assert types["P1_SQ001_comment"] == "text"
    for array in ("F1", "H1", "AR5", "ARC", "ARE", "DS1_1", "DS1_2"):
        assert types[array] == "matrix"
    assert types["AR10"] == types["R1"] == "grade_matrix"
    assert types["FP1"] == "likert"
    assert types["N1"] == types["K1_SQ001"] == types["AN1_R1_C2"] == "number"
    for text in ("S1", "T1", "U1", "MST_SQ001", "D1", "AT1_R2_C1"):
        assert types[text] == "text"
    questions = by_id(definition)
    assert [r["id"] for r in questions["F1"]["rows"]] == ["SQ001", "SQ002"]
    assert [o["value"] for o in questions["F1"]["scale"]] == ["A1", "A2", "A3"]
    assert [o["value"] for o in questions["AR5"]["scale"]] == ["x_1", "x_2", "x_3", "x_4", "x_5"]
    assert (questions["R1"]["min"], questions["R1"]["max"]) == (1, 3)
    assert (questions["N1"]["min"], questions["N1"]["max"]) == (0, 100)
    assert questions["U1"]["max_length"] == 5000
    assert questions["L1"]["required"] is True


@BOTH
def test_other_becomes_andere_namelijk_and_exclusive_options_stay(name):
    definition, _report = convert(name)
    questions = by_id(definition)
    other = questions["L1"]["options"][-1]
    assert other["other"] is True and other["label"]["nl"] == "Andere, namelijk"
    assert other["label"]["en"] == "Other, namely"
    m1 = {o["value"]: o for o in questions["M1"]["options"]}
    assert m1["andere"]["other"] is True and m1["SQ003"]["exclusive"] is True


def test_dutch_is_chosen_and_english_kept_where_present():
    definition, report = convert("all_types_6x.lss")
    assert report.language == "nl"
    assert definition["title"] == {"nl": "Weerbaarheid test", "en": "Resilience test"}
    l1 = by_id(definition)["L1"]
    assert l1["text"] == {
        "nl": "Bij welke afdeling werkt u?",  # HTML removed
        "en": "Which department do you work in?",
    }
    assert l1["help"]["nl"] == "Kies één afdeling."  # entities decoded


def test_informal_dutch_is_chosen_in_a_2x_file():
    definition, report = convert("all_types_2x.lss")
    assert report.language == "nl-informal" and report.release == "2.x"
    assert by_id(definition)["Y1"]["text"]["nl"] == "Heeft je signalen gezien?"
    assert any("nl-informal" in f.message for f in report.changes)


def test_without_dutch_the_base_language_is_used_and_noted():
    definition, report = convert("english_only_3x.lss")
    assert report.language == "en" and report.release == "3.x"
    assert by_id(definition)["q1"]["text"]["nl"] == "Yes?"
    assert any(f.code == "" and "basistaal" in f.message for f in report.changes)


# ----------------------------------------------------------------------------- routing


@BOTH
def test_conditions_become_routing(name):
    definition, report = convert(name)
    assert show_if(definition, "F1") == {"all": [{"question": "L1", "equals": "A1"}]}
    assert show_if(definition, "S1") == {"all": [{"question": "Y1", "equals": "Y"}]}
    assert show_if(definition, "K1_SQ001") == {"all": [{"question": "M1", "contains": "SQ001"}]}
    assert show_if(definition, "MST_SQ002") == {
        "all": [{"question": "F1", "row": "SQ001", "equals": "A2"}]
    }
    assert show_if(definition, "N1") == {
        "all": [{"question": "AR10", "row": "own", "one_of": [8, 9, 10]}]
    }
    assert show_if(definition, "T1") == {
        "all": [{"question": "Y1", "equals": "Y"}, {"question": "N1", "answered": True}]
    }
    u1 = show_if(definition, "U1")
    assert u1 == {"any": [{"question": "L1", "equals": "A1"}, {"question": "L1", "equals": "A2"}]}
    yn2 = show_if(definition, "YN2")
    assert yn2 == {
        "any": [{"question": "G1", "answered": True}, {"question": "DD1", "one_of": ["x_1", "x_2"]}]
    }
    assert any(f.code == "YN2" and "Niet gelijk aan" in f.message for f in report.changes)


@BOTH
def test_routing_that_cannot_be_expressed_is_listed_and_the_question_kept(name):
    definition, report = convert(name)
    assert "show_if" not in by_id(definition)["D1"]
    assert any(
        f.code == "D1" and "Routering niet overgenomen" in f.message for f in report.left_out
    )


def test_a_page_is_split_where_a_question_depends_on_its_own_page():
    definition, report = convert("all_types_6x.lss")
    pages = {q["id"]: p["id"] for p in definition["pages"] for q in p["questions"]}
    assert pages["N1"] != pages["T1"]  # T1 depends on N1 of the same LimeSurvey group
    assert any(f.code == "T1" and "gesplitst" in f.message for f in report.changes)


def test_group_relevance_applies_to_its_questions():
    definition, _report = convert("all_types_6x.lss")
    assert show_if(definition, "T2") == {
        "all": [{"question": "Y1", "equals": "Y"}, {"question": "S1", "answered": True}]
    }


@pytest.mark.parametrize(
    "expression",
    ['Q1.NAOK == "A1"', 'Q1 == "Y"', "!is_empty(Q2)", "((Q1.NAOK == 'A2'))", "{Q1 eq 'A1'}"]
    + ['Q1 == "A1" and (Q2 == "Y" or !is_empty(Q3))', '"A1" == Q1', "not is_empty(Q2)"],
)
def test_simple_relevance_forms_parse(expression):
    assert parse_relevance(expression)


@pytest.mark.parametrize(
    "expression",
    [
        "count(Q1) > 2",
        "Q1 == Q2",
        "Q1 +",
        "Q1 == 'A1' ;",
        "sum(Q1, Q2) == 3",
        "(" * 2000 + "Q1 == 'A1'" + ")" * 2000,
        "!" * 5000 + "is_empty(Q1)",
    ],
    ids=["count", "two-questions", "dangling", "semicolon", "sum", "deep-brackets", "deep-not"],
)
def test_other_relevance_forms_are_refused_with_a_reason(expression):
    with pytest.raises(Unsupported) as err:
        parse_relevance(expression)
    assert str(err.value)


def test_ids_follow_fixed_rules():
    assert wb_id("SQ001") == "SQ001"
    assert wb_id("1") == "x_1"
    assert wb_id("-oth-") == "x_-oth-"


@pytest.mark.django_db
def test_seed_004_staff_questionnaire_keeps_its_routing():
    definition, report = convert("seed004_medewerkers_5x.lss")
    assert report.release == "5.x" and not report.left_out
    questions = by_id(definition)
    assert len(questions) == 20
    assert questions["afdeling"]["options"][-1]["label"]["nl"] == "Andere"
    assert len(questions["v2"]["rows"]) == 7 and len(questions["v2"]["scale"]) == 5
    assert questions["v18"]["type"] == "grade_matrix"
    assert questions["v15c1"]["show_if"] == {"all": [{"question": "v15c", "equals": "A1"}]}
    assert questions["v15d1"]["show_if"] == {"all": [{"question": "v15d", "contains": "SQ002"}]}
    assert questions["v10e"]["show_if"] == {"all": [{"question": "v10c", "equals": "A1"}]}
    assert questions["v13a"]["show_if"] == {
        "any": [{"question": "v13", "equals": "A1"}, {"question": "v13", "equals": "A2"}]
    }
    assert questions["v15a1"]["show_if"] == {"all": [{"question": "v15a", "contains": "SQ005"}]}
    assert preview(lss("seed004_medewerkers_5x.lss")).ok


# ----------------------------------------------------------------------------- bad files

BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<document><LimeSurveyDocType>Survey</LimeSurveyDocType><x>&lol3;</x></document>"""

EXTERNAL = b"""<?xml version="1.0"?>
<!DOCTYPE document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<document><LimeSurveyDocType>Survey</LimeSurveyDocType><x>&xxe;</x></document>"""


@pytest.mark.parametrize("data", [BOMB, EXTERNAL], ids=["bomb", "external-entity"])
def test_xml_bombs_and_external_entities_are_refused(data):
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring

    with pytest.raises(DefusedXmlException):  # defusedxml itself refuses them
        fromstring(data, forbid_dtd=True)
    with pytest.raises(LssError) as err:
        preview(data)
    assert err.value.code == "unsafe"
    assert "niet zijn toegestaan" in err.value.messages[0]


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"<document><LimeSurveyDocType>Survey</LimeSurveyDocType>", "malformed"),
        (b"<?xml version='1.0'?><document><x>Question</x></document>", "not_lss"),
        (b"id,Q1\n1,A1\n", "malformed"),
        (b"PK\x03\x04not really a zip", None),
        (b"", "empty"),
    ],
    ids=["truncated", "not-limesurvey", "csv", "zip", "empty"],
)
def test_malformed_files_get_a_clear_dutch_message(data, code):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as err:
        preview(data)
    if code:
        assert err.value.code == code
    assert err.value.messages[0].startswith(("Het bestand", "Dit is geen", "Kies"))


def test_a_4x_file_with_dutch_as_additional_language():
    definition, report = convert("bilingual_4x.lss")
    assert (report.release, report.language, report.languages) == ("4.x", "nl", ["en", "nl"])
    assert definition["title"] == {"nl": "Engels", "en": "English only"}
    assert by_id(definition)["q3"]["text"] == {"nl": "Waarom?", "en": "Why then?"}
    assert show_if(definition, "q3") == {"all": [{"question": "q1", "equals": "Y"}]}
