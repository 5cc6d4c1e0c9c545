"""``weerbaar report render``: writes the file; bad input gives a message and exit code 2."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

pytestmark = pytest.mark.django_db


def run(*args):
    return call_command("report", *args)


def test_renders_html_of_the_published_version(baseline_scan, tmp_path, capsys):
    out = tmp_path / "rapport.html"
    run("render", str(baseline_scan.pk), "--format", "html", "--output", str(out))
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert "version 1" in capsys.readouterr().out


def test_renders_docx_of_the_draft(baseline_scan, tmp_path):
    out = tmp_path / "rapport.docx"
    run("render", str(baseline_scan.pk), "--format", "docx", "--output", str(out), "--draft")
    assert out.read_bytes()[:2] == b"PK"


@pytest.mark.parametrize(
    "args, message",
    [
        (["render", "999999", "--format", "pdf"], "There is no scan with id 999999"),
        (["render", "abc", "--format", "pdf"], "is not a scan id"),
        (["render", "{scan}", "--format", "xls"], "Unknown format 'xls'"),
        (["render", "{scan}", "--format", "html", "--language", "fr"], "Unknown language"),
        (["publish", "{scan}", "--format", "html"], "Unknown action"),
    ],
)
def test_bad_input_exits_with_code_2(baseline_scan, tmp_path, args, message):
    args = [a.replace("{scan}", str(baseline_scan.pk)) for a in args]
    with pytest.raises(CommandError) as exc:
        run(*args, "--output", str(tmp_path / "x"))
    assert exc.value.returncode == 2
    assert message in str(exc.value)


def test_scan_without_data_exits_with_code_2(voorbeeld, baseline_scan, tmp_path):
    from weerbaar.scans.services import create_scan

    empty = create_scan(
        organisation=voorbeeld,
        title="Nog leeg",
        library_version=baseline_scan.library_version,
        period_start=baseline_scan.period_start,
        period_end=baseline_scan.period_end,
    )
    with pytest.raises(CommandError) as exc:
        run("render", str(empty.pk), "--format", "html", "--output", str(tmp_path / "x.html"))
    assert exc.value.returncode == 2
    assert "has no data yet" in str(exc.value)


def test_unwritable_output_exits_with_code_2(baseline_scan, tmp_path):
    with pytest.raises(CommandError) as exc:
        run(
            "render",
            str(baseline_scan.pk),
            "--format",
            "html",
            "--output",
            str(tmp_path / "missing" / "x.html"),
        )
    assert exc.value.returncode == 2


def test_command_line_exit_code_is_2_without_traceback(tmp_path):
    """Through the real ``weerbaar`` entry point (a separate process, its own database)."""
    import os
    import subprocess
    import sys

    env = {
        **os.environ,
        "WEERBAAR_DEBUG": "1",
        "WEERBAAR_SQLITE_PATH": str(tmp_path / "empty.sqlite3"),
    }
    code = "from weerbaar.cli import main; main()"
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            code,
            "report",
            "render",
            "1",
            "--format",
            "tiff",
            "--output",
            str(tmp_path / "x"),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert proc.returncode == 2
    assert "Unknown format 'tiff'" in proc.stderr
    assert "Traceback" not in proc.stderr
