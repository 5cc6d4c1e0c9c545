"""`weerbaar survey results SCAN --format json`."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from weerbaar.surveys.management.commands.survey import Command as SurveyCommand


def test_results_json_for_the_demo_scan(baseline_scan):
    out = io.StringIO()
    call_command("survey", "results", str(baseline_scan.pk), "--format", "json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["scan"]["id"] == baseline_scan.pk
    staff = next(s for s in data["surveys"] if s["survey"]["audience"] == "staff")
    item = next(i for i in staff["items"] if i["id"] == "q8_verwacht_signalen")
    assert set(item["bases"]) == {"all", "shown", "answered", "substantive"}
    assert {"count", "pct", "suppressed"} <= set(item["categories"][0])
    q18 = next(i for i in staff["items"] if i["id"] == "q18_cijfers.a")
    assert "mean" in q18
    # free text is never printed
    assert all(i.get("texts") is None for i in staff["items"] if i["type"] == "text")


@pytest.mark.parametrize(
    "argv, message",
    [
        (["results", "999999"], "does not exist"),
        (["results", "abc"], "must be a number"),
        (["results", "{scan}", "--format", "xml"], "Unknown format"),
    ],
)
def test_bad_input_exits_with_code_2_and_no_traceback(baseline_scan, capsys, argv, message):
    argv = [a.replace("{scan}", str(baseline_scan.pk)) for a in argv]
    with pytest.raises(SystemExit) as exc:
        SurveyCommand().run_from_argv(["weerbaar", "survey", *argv])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_scan_without_surveys(voorbeeld, baseline_scan):
    from weerbaar.scans.services import create_scan

    scan = create_scan(
        organisation=voorbeeld,
        title="Lege scan",
        library_version=baseline_scan.library_version,
        period_start=baseline_scan.period_start,
        period_end=baseline_scan.period_end,
        created_by=None,
        description="",
    )
    with pytest.raises(CommandError, match="has no surveys") as exc:
        call_command("survey", "results", str(scan.pk))
    assert exc.value.returncode == 2
