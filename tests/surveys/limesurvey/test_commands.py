"""``weerbaar survey import-lss`` and ``import-lss-responses``."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command

from weerbaar.surveys import services
from weerbaar.surveys.models import Questionnaire, ResponseSet

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("survey", *args, stdout=out)
    return out.getvalue()


def test_dry_run_prints_json_and_creates_nothing(voorbeeld, fixtures_dir):
    before = Questionnaire.objects.count()
    path = str(fixtures_dir / "all_types_6x.lss")
    data = json.loads(
        run("import-lss", path, "--org", "voorbeeld", "--dry-run", "--format", "json")
    )
    assert Questionnaire.objects.count() == before
    assert data["dry_run"] is True and data["problems"] == []
    assert data["source"] == {
        "limesurvey": "6.x",
        "db_version": 624,
        "language": "nl",
        "languages": ["en", "nl"],
    }
    assert data["questionnaire"]["questions"] == len(data["created"]) > 30
    assert {"code": "EQ1", "message": data["not_imported"][1]["message"]} in data["not_imported"]
    codes = {item["code"] for item in data["not_imported"]}
    assert {"I1", "EQ1", "UP1", "D1"} <= codes
    assert {"from_code": "DS1", "question": "DS1_2"}.items() <= next(
        c for c in data["created"] if c["question"] == "DS1_2"
    ).items()


def test_import_creates_the_organisations_questionnaire(voorbeeld, fixtures_dir):
    path = str(fixtures_dir / "seed004_medewerkers_5x.lss")
    text = run("import-lss", path, "--org", "voorbeeld", "--audience", "staff")
    assert "Created: 'Digitale enquête voor medewerkers'" in text
    questionnaire = Questionnaire.objects.get(organisation=voorbeeld, key="limesurvey_412020")
    assert questionnaire.is_valid and questionnaire.source.startswith("kind: questionnaire")


def test_bad_input_gives_an_error_and_creates_nothing(voorbeeld, tmp_path):
    bomb = tmp_path / "bomb.lss"
    bomb.write_bytes(b'<!DOCTYPE d [<!ENTITY a "aaaa">]><document>&a;</document>')
    before = Questionnaire.objects.count()
    with pytest.raises(CommandError, match="niet zijn toegestaan"):
        run("import-lss", str(bomb), "--org", "voorbeeld")
    with pytest.raises(CommandError, match="does not exist"):
        run("import-lss", str(bomb), "--org", "nergens")
    with pytest.raises(CommandError, match="Cannot read"):
        run("import-lss", str(tmp_path / "missing.lss"), "--org", "voorbeeld")
    assert Questionnaire.objects.count() == before


def test_responses_command(voorbeeld, baseline_scan, fixtures_dir, tmp_path):
    run("import-lss", str(fixtures_dir / "english_only_3x.lss"), "--org", "voorbeeld")
    questionnaire = Questionnaire.objects.get(organisation=voorbeeld, key="limesurvey_777")
    survey = services.open_survey(
        services.create_survey(scan=baseline_scan, questionnaire=questionnaire)
    )
    csv = tmp_path / "results-survey777.csv"
    csv.write_text("id,submitdate,q1,q2,q3\n1,2024-01-01,Y,Omdat,Daarom\n2,2024-01-01,N,,\n")
    data = json.loads(
        run(
            "import-lss-responses",
            str(csv),
            "--survey",
            str(survey.pk),
            "--dry-run",
            "--format",
            "json",
        )
    )
    assert data["created"] == 2 and data["errors"] == [] and data["dry_run"] is True
    assert not ResponseSet.objects.filter(survey=survey).exists()
    assert "Imported 2 responses" in run(
        "import-lss-responses", str(csv), "--survey", str(survey.pk)
    )
    assert ResponseSet.objects.filter(survey=survey).count() == 2
    csv.write_text("id,submitdate,q1\n1,2024-01-01,X\n")
    with pytest.raises(CommandError, match="Nothing was imported"):
        run("import-lss-responses", str(csv), "--survey", str(survey.pk))
    assert ResponseSet.objects.filter(survey=survey).count() == 2
