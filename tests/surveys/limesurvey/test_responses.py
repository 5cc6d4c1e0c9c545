"""A LimeSurvey response export imports into a survey of an imported questionnaire through
the paper import: the same all-or-nothing checks, routing, audit and suppression."""

from __future__ import annotations

import pytest

from weerbaar.audit.models import AuditEvent
from weerbaar.surveys import fieldwork, imports, services
from weerbaar.surveys.limesurvey.responses import import_responses
from weerbaar.surveys.limesurvey.services import create_questionnaire, preview
from weerbaar.surveys.models import PaperImport, ResponseSet, ResponseSource
from weerbaar.surveys.results.services import survey_results

from .conftest import lss

pytestmark = pytest.mark.django_db

HEADER = (
    "id,submitdate,lastpage,startlanguage,seed,afdeling,afdeling[other],v2[a],v2[b],"
    "v15c,v15c1,v15d[SQ001],v15d[SQ002],v15d[SQ005],v15d1,v10c,v10d[a],v18[a],v18[b],"
    "v20,v15dTime"
)
ROWS = [
    '1,2020-02-01 10:00:00,5,nl,11,D03,,1,2,A1,"Drugslab, schuur",,Y,,de OOV-er,A1,A2,7,6,'
    "Geen,12.5",
    "2,2020-02-01 11:00:00,5,nl,12,-oth-,Sociaal team,3,,A2,,,,,,A2,,8,7,,",
    "3,2020-02-02 09:00:00,5,nl,13,D12,,2,2,A2,Wordt niet opgeslagen,,,,,A1,A1,9,5,,",
    "4,,2,nl,14,D01,,,,,,,,,,,,,,,",
]


def export(*rows: str) -> bytes:
    return ("\n".join([HEADER, *rows]) + "\n").encode()


@pytest.fixture
def lss_survey(voorbeeld, baseline_scan):
    result = preview(lss("seed004_medewerkers_5x.lss"))
    questionnaire = create_questionnaire(voorbeeld, result.source)
    survey = services.create_survey(
        scan=baseline_scan, questionnaire=questionnaire, title="LimeSurvey 2020"
    )
    return services.open_survey(survey)


def test_responses_import_end_to_end_and_audited(lss_survey, user_for):
    coordinator = user_for("coordinator")
    report = import_responses(lss_survey, export(*ROWS), "export.csv", imported_by=coordinator)
    assert report.ok, report.errors
    assert report.created == 3
    assert report.skipped == [(5, "niet afgerond in LimeSurvey (geen verzenddatum)")]
    ignored = dict(report.ignored)
    assert set(ignored) == {"id", "submitdate", "lastpage", "startlanguage", "seed"} | {
        "afdeling[other]",
        "v15dTime",
    }
    assert "Andere, namelijk" in ignored["afdeling[other]"]
    assert report.notes == [
        (4, "v15c1", "Niet opgeslagen: deze vraag werd volgens de routering niet gesteld.")
    ]
    rows = list(ResponseSet.objects.filter(survey=lss_survey))
    assert {r.source for r in rows} == {ResponseSource.IMPORT}
    by_department = {r.answers["afdeling"]: r.answers for r in rows}  # stored in any order
    first, second, third = (by_department[d] for d in ("D03", "andere", "D12"))
    assert first["afdeling"] == "D03" and first["v2"] == {"a": "x_1", "b": "x_2"}
    assert first["v15d"] == ["SQ002"] and first["v15d1"] == "de OOV-er"
    assert first["v15c1"] == "Drugslab, schuur"
    assert first["v10d"] == {"a": "A2"} and first["v18"] == {"a": 7, "b": 6}
    assert second["afdeling"] == "andere" and "v10d" not in second
    assert "v15c1" not in third  # routing: v15c was "Nee"
    paper = PaperImport.objects.get(survey=lss_survey)
    assert (paper.rows, paper.imported_by) == (3, coordinator)
    assert {r.paper_import_id for r in rows} == {paper.pk}
    assert AuditEvent.objects.filter(
        object_type="surveys.PaperImport", object_id=str(paper.pk)
    ).exists()


def test_codes_that_do_not_match_are_reported_and_nothing_is_stored(lss_survey):
    bad = ROWS[0].replace(",A1,A2,7,6,", ",A9,A2,7,6,").replace(",D03,", ",D99,")
    report = import_responses(lss_survey, export(bad, ROWS[1]), "export.csv")
    assert not report.ok
    assert {(line, column) for line, column, _m in report.errors} == {
        (0, ""),
        (2, "afdeling"),
        (2, "v10c"),
    }
    assert "met antwoordcodes" in report.errors[0][2]
    assert "“D99” is geen antwoordcode" in report.errors[1][2]
    assert not ResponseSet.objects.filter(survey=lss_survey).exists()
    assert not PaperImport.objects.filter(survey=lss_survey).exists()


def test_an_unknown_grade_is_an_error_of_the_paper_import_on_the_source_line(lss_survey):
    report = import_responses(
        lss_survey, export(ROWS[3], ROWS[1].replace(",8,7,", ",11,7,")), "e.csv"
    )
    assert not report.ok and report.errors[0][:2] == (3, "v18.a")
    assert not ResponseSet.objects.filter(survey=lss_survey).exists()


def test_dry_run_checks_and_stores_nothing(lss_survey):
    report = import_responses(lss_survey, export(*ROWS), "export.csv", dry_run=True)
    assert report.ok and report.created == 3 and report.dry_run
    assert not ResponseSet.objects.filter(survey=lss_survey).exists()
    assert not PaperImport.objects.filter(survey=lss_survey).exists()


def test_a_closed_survey_takes_no_limesurvey_rows(lss_survey):
    fieldwork.close_survey(lss_survey)
    report = import_responses(lss_survey, export(*ROWS), "export.csv")
    assert not report.ok and "zolang de enquête open is" in report.errors[0][2]


def test_suppression_is_the_same_as_for_the_same_rows_as_paper(lss_survey, baseline_scan, user_for):
    coordinator = user_for("coordinator")
    twin = services.open_survey(
        services.create_survey(
            scan=baseline_scan, questionnaire=lss_survey.questionnaire, title="Papier"
        )
    )
    report = import_responses(lss_survey, export(*ROWS), "export.csv", imported_by=coordinator)
    assert report.ok, report.errors
    paper = (
        "afdeling,v2.a,v2.b,v15c,v15d.SQ001,v15d.SQ002,v15d.SQ003,v15d.SQ004,v15d.SQ005,"
        "v10c,v10d.a,v18.a,v18.b\n"
        "D03,x_1,x_2,A1,0,1,0,0,0,A1,A2,7,6\n"
        "andere,x_3,,A2,,,,,,A2,,8,7\n"
        "D12,x_2,x_2,A2,,,,,,A1,A1,9,5\n"
    )
    result = imports.import_responses(twin, paper.encode(), "papier.csv", imported_by=coordinator)
    assert result.ok, result.errors
    for survey in (lss_survey, twin):
        fieldwork.close_survey(survey)
    ours, theirs = survey_results(lss_survey), survey_results(twin)
    for results in (ours, theirs):
        results.pop("survey", None)
    assert ours == theirs
    assert ours["n_respondents"] == 3 and ours["k"] > 3
    assert all(item.get("suppressed") for item in ours["items"] if item.get("n"))


def test_every_heading_form_maps_onto_the_imported_questionnaire(voorbeeld, baseline_scan):
    questionnaire = create_questionnaire(voorbeeld, preview(lss("all_types_6x.lss")).source)
    survey = services.open_survey(
        services.create_survey(scan=baseline_scan, questionnaire=questionnaire)
    )
    header = (
        "id,submitdate,L1,L1_other,F1_SQ001,F1[SQ002],M1[SQ001],M1[SQ002],M1_other,"
        "O1,O1[comment],P1[SQ001],P1[SQ001comment],DS1[SQ001][1],DS1[SQ002#1],R1[1],R1[2],"
        "R1[3],K1[SQ001],AT1[R1_C1],AR5[SQ001],AR10[own],FP1,Y1,N1,EQ1"
    )
    row = (
        "1,2024-05-01,A1,,A2,A3,Y,,iets anders,A3,vaak,Y,nuttig,1,2,A2,A3,A1,4,cel,3,9,4,Y,"
        "12.0000000000,42"
    )
    report = import_responses(survey, f"{header}\n{row}\n".encode(), "results.csv")
    assert report.ok, report.errors
    assert dict(report.ignored)["EQ1"] == "geen vraag met deze code in de vragenlijst"
    assert "L1_other" in dict(report.ignored)
    assert "niet de tekst" in dict(report.ignored)["M1_other"]  # chosen, text not stored
    answers = ResponseSet.objects.get(survey=survey).answers
    assert answers["L1"] == "A1" and answers["F1"] == {"SQ001": "A2", "SQ002": "A3"}
    assert answers["M1"] == ["SQ001", "andere"]
    assert answers["O1"] == "A3" and answers["O1_comment"] == "vaak"
    assert answers["P1"] == ["SQ001"] and answers["P1_SQ001_comment"] == "nuttig"
    assert answers["DS1_1"] == {"SQ001": "x_1"} and answers["DS1_2"] == {"SQ002": "x_2"}
    assert answers["R1"] == {"A2": 1, "A3": 2, "A1": 3}
    assert answers["K1_SQ001"] == 4 and answers["AT1_R1_C1"] == "cel"
    assert answers["AR5"] == {"SQ001": "x_3"} and answers["AR10"] == {"own": 9}
    assert answers["FP1"] == "x_4" and answers["Y1"] == "Y" and answers["N1"] == 12
