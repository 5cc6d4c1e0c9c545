"""The weerbaar command: demo build and clear errors for bad arguments.

The demo is built once (in a subprocess, as a user starts it); the port is also checked on
the command's parser, without building the demo again.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from weerbaar.core.management.commands.demo import Command as DemoCommand

WEERBAAR = str(Path(sys.executable).with_name("weerbaar"))


def run(*args: str, tmp_path: Path, extra_env: dict | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "DJANGO_"))}
    env.pop("DATABASE_URL", None)
    env.update(WEERBAAR_VAR_DIR=str(tmp_path), **(extra_env or {}))
    return subprocess.run(
        [WEERBAAR, *args], env=env, capture_output=True, text=True, timeout=300, cwd=tmp_path
    )


def test_demo_builds_and_prints_url_and_one_login_per_role(tmp_path):
    result = run(
        "demo", "--no-serve", "--size", "small", tmp_path=tmp_path, extra_env={"PORT": "8123"}
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "http://127.0.0.1:8123/" in out  # the port comes from the environment
    for email in (
        "beheerder@weerbaar.demo",
        "riec@weerbaar.demo",
        "coordinator@voorbeeld.demo",
        "secretaris@voorbeeld.demo",
        "actiehouder@voorbeeld.demo",
        "lezer@voorbeeld.demo",
        "onderzoeker@voorbeeld.demo",
    ):
        assert email in out
    assert (tmp_path / "demo.sqlite3").exists()
    # A personal link to the open survey, on the address the demo serves on.
    link = next(line for line in out.splitlines() if "as a respondent" in line).split()[-1]
    assert link.startswith("http://127.0.0.1:8123/r/")


def demo_options(*argv: str) -> dict:
    parser = DemoCommand().create_parser("weerbaar", "demo")
    return vars(parser.parse_args(list(argv)))


def test_demo_port_defaults_to_8000_and_follows_the_environment(monkeypatch):
    monkeypatch.delenv("PORT", raising=False)
    assert demo_options()["port"] == 8000
    monkeypatch.setenv("PORT", "8123")
    assert demo_options()["port"] == 8123
    assert demo_options("--port", "9000")["port"] == 9000


def test_library_validate_bad_path_is_a_clear_message(tmp_path):
    result = run(
        "library",
        "validate",
        str(tmp_path / "nope"),
        tmp_path=tmp_path,
        extra_env={"WEERBAAR_DEBUG": "1"},
    )
    assert result.returncode == 2
    assert "no such file" in result.stderr
    assert "Traceback" not in result.stderr


def test_unknown_library_action_is_a_usage_error(tmp_path):
    result = run("library", "frobnicate", tmp_path=tmp_path, extra_env={"WEERBAAR_DEBUG": "1"})
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "invalid choice" in result.stderr
