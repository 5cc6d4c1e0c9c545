"""The research file (CSV, XLSX, SPSS .sav with codebook), results exports without anything
under k, and all-or-nothing import of paper responses (also of an exported file)."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from weerbaar.surveys import exports, imports, services
from weerbaar.surveys.models import ResponseSet, ResponseSource

from .test_seed_004 import staff_responses


@pytest.fixture
def survey_with_responses(open_staff_survey, voorbeeld):
    deps = list(voorbeeld.departments.all())
    objs = []
    for i, answers in enumerate(staff_responses()[:60]):
        # 45 in the first department, 10 in the second, 3 in the third (under k), 2 unknown
        dep = deps[0] if i < 45 else deps[1] if i < 55 else deps[2] if i < 58 else None
        answers = {**answers, "q1_afdeling": str(dep.pk) if dep else "liever_niet"}
        if i < 3:
            answers["q20_opmerkingen"] = f"=opmerking {i}"
        objs.append(
            ResponseSet(survey=open_staff_survey, answers=answers, department=dep, submitted=True)
        )
    ResponseSet.objects.bulk_create(objs)
    # Results (and what is derived from them) exist only once the field period is closed.
    services.close_survey(open_staff_survey)
    return open_staff_survey


def test_codebook_names_variables_after_question_and_row_ids(survey_with_responses):
    ds = exports.research_dataset(survey_with_responses)
    names = [v.name for v in ds.variables]
    assert "q8_verwacht_signalen" in names
    assert "q9_stellingen_risico.a" in names
    assert "q16_collega_gedaan.niets" in names
    q8 = next(v for v in ds.variables if v.name == "q8_verwacht_signalen")
    assert [(c, val, s) for c, val, _l, s in q8.values] == [
        (1, "ja", True),
        (2, "nee", True),
        (3, "weet_niet", False),
    ]
    rows = exports.codebook_rows(ds.variables)
    assert rows[0][:3] == ["variabele", "vraag", "rij"]


def test_dataset_leaves_out_small_departments_and_all_free_text(survey_with_responses, voorbeeld):
    ds = exports.research_dataset(survey_with_responses)
    names = [v.name for v in ds.variables]
    assert "q20_opmerkingen" not in names
    assert "q20_opmerkingen" in ds.left_out
    assert not [v for v in ds.variables if v.kind == "text"]  # never free text
    col = names.index("q1_afdeling")
    deps = list(voorbeeld.departments.all())
    values = {row[col] for row in ds.rows}
    assert deps[0].name in values and deps[1].name in values
    assert deps[2].name not in values  # 3 respondents: merged
    assert exports.OTHER_DEPARTMENTS in values


def test_csv_xlsx_and_sav_exports(survey_with_responses):
    import pyreadstat

    ds = exports.research_dataset(survey_with_responses)
    text = exports.dataset_csv(ds).decode("utf-8-sig")
    header = text.splitlines()[0].split(";")
    assert header[0] == "q1_afdeling" and len(text.splitlines()) == 61
    wb = load_workbook(io.BytesIO(exports.dataset_xlsx(ds)))
    assert wb.sheetnames == ["data", "codeboek"]
    assert wb["data"].max_row == 61
    sav = exports.dataset_sav(ds)
    path = "/tmp/weerbaar-test-export.sav"
    with open(path, "wb") as fh:
        fh.write(sav)
    df, meta = pyreadstat.read_sav(path)
    assert len(df) == 60
    assert meta.column_names_to_labels["q8_verwacht_signalen"].startswith("8. ")
    assert meta.variable_value_labels["q8_verwacht_signalen"][1.0] == "Ja"
    assert set(df["q18_cijfers.a"].dropna()) <= {7.0, 8.0}


def test_results_export_contains_nothing_under_k(survey_with_responses):
    text = exports.results_export(survey_with_responses, "csv").decode("utf-8-sig")
    lines = [line.split(";") for line in text.splitlines()]
    header = lines[0]
    count_col = header.index("aantal")
    for line in lines[1:]:
        if line[count_col] not in ("", "0"):
            assert int(line[count_col]) >= 5, line


@pytest.fixture
def paper_survey(baseline_scan, staff_questionnaire):
    """A second, open survey of the same questionnaire that paper questionnaires go into."""
    survey = services.create_survey(
        scan=baseline_scan, questionnaire=staff_questionnaire, title="Papieren vragenlijsten"
    )
    return services.open_survey(survey)


def test_import_round_trip_and_all_or_nothing(survey_with_responses, paper_survey):
    ds = exports.research_dataset(survey_with_responses)
    data = exports.dataset_csv(ds)
    survey = paper_survey
    before = survey.responses.count()
    result = imports.import_responses(survey, data, "papier.csv")
    assert result.ok, result.errors[:3]
    assert result.created == 60
    assert survey.responses.count() == before + 60
    imported = survey.responses.filter(source=ResponseSource.IMPORT)
    assert imported.filter(department__isnull=False).count() == 55  # merged ones unknown
    # The merged "overige afdelingen" answers come back as answered (department unknown),
    # and "liever niet" as itself: every respondent answered the department question.
    departments = [r.answers.get("q1_afdeling") for r in imported]
    assert None not in departments
    assert departments.count(exports.OTHER_DEPARTMENTS) == 3
    assert departments.count("liever_niet") == 2

    bad = (
        b"q8_verwacht_signalen;q18_cijfers.a;q16_collega_gedaan.niets\n"
        b"ja;7;\n"
        b"misschien;7;\n"
        b"nee;11;\n"
    )
    result = imports.import_responses(survey, bad, "papier.csv")
    assert not result.ok
    assert [(line, col) for line, col, _m in result.errors] == [
        (3, "q8_verwacht_signalen"),
        (4, "q18_cijfers.a"),
    ]
    assert survey.responses.count() == before + 60  # nothing of the good row stored


def test_import_reports_unknown_columns_and_routing_notes(paper_survey):
    survey = paper_survey
    result = imports.import_responses(survey, b"vraag_x;q8_verwacht_signalen\n1;ja\n", "a.csv")
    assert result.errors == [(1, "vraag_x", "Onbekende kolom “vraag_x”.")]
    data = b"q8_verwacht_signalen;q9_stellingen_risico.a\nnee;eens\n"
    result = imports.import_responses(survey, data, "a.csv")
    assert result.ok and result.created == 1
    assert result.notes[0][:2] == (2, "q9_stellingen_risico")
    stored = survey.responses.get(source=ResponseSource.IMPORT)
    assert "q9_stellingen_risico" not in stored.answers


def test_paper_import_is_audited_and_closed_surveys_take_none(
    paper_survey, survey_with_responses, django_user_model
):
    from weerbaar.audit.models import AuditEvent
    from weerbaar.surveys.models import PaperImport

    user = django_user_model.objects.create_user(email="invoer@voorbeeld.demo", password="x" * 16)
    data = b"q8_verwacht_signalen\nja\nnee\n"
    result = imports.import_responses(paper_survey, data, "a.csv", imported_by=user)
    assert result.ok and result.created == 2
    record = PaperImport.objects.get(survey=paper_survey)
    assert (record.rows, record.imported_by) == (2, user)
    assert AuditEvent.objects.filter(
        object_type="surveys.PaperImport", object_id=str(record.pk)
    ).exists()
    # After closing, the results are out: a late row would show itself as a difference.
    closed = survey_with_responses
    before = closed.responses.count()
    result = imports.import_responses(closed, data, "a.csv", imported_by=user)
    assert not result.ok and "zolang de enquête open is" in result.errors[0][2]
    assert closed.responses.count() == before
