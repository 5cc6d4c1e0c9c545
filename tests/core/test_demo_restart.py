"""A demo restart keeps its data: the database and the secret key stay, so a respondent who
started answering resumes through the same link, and a new respondent link is printed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

WEERBAAR = str(Path(sys.executable).with_name("weerbaar"))


def environment(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "DJANGO_"))}
    for name in ("DATABASE_URL", "WEERBAAR_SECRET_KEY", "WEERBAAR_TESTING", "WEERBAAR_BASE_URL"):
        env.pop(name, None)
    env.update(WEERBAAR_VAR_DIR=str(tmp_path), PORT="8124")
    return env


def demo(tmp_path: Path, *args: str) -> str:
    result = subprocess.run(
        [WEERBAAR, "demo", "--no-serve", "--size", "small", *args],
        env=environment(tmp_path),
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def respondent_link(out: str) -> str:
    return next(line for line in out.splitlines() if "as a respondent" in line).split()[-1]


def in_demo(tmp_path: Path, code: str) -> str:
    """Run ``code`` in a Django shell on the demo database, as another demo process would."""
    env = environment(tmp_path)
    env.update(WEERBAAR_DEMO="1", WEERBAAR_SQLITE_PATH=str(tmp_path / "demo.sqlite3"))
    result = subprocess.run(
        [WEERBAAR, "shell", "--no-imports", "-c", code],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


ANSWER_FIRST_PAGE = """
from django.test import Client
c = Client(SERVER_NAME="localhost")
path = "{path}"
c.post(path)
r = c.post(path + "vragen/", {{"page": 0, "action": "next", "q-q1_afdeling": "liever_niet"}})
print("saved", r.status_code, r["Location"])
"""

RESUME = """
from django.test import Client
c = Client(SERVER_NAME="localhost")
path = "{path}"
intro = c.get(path).content.decode()
print("resume" if "Verder gaan waar u gebleven was" in intro else "no resume")
page = c.get(path + "vragen/").content.decode()
print("checked" if 'value="liever_niet" checked' in c.get(path + "vragen/?p=0").content.decode()
      else "lost")
print("page2" if "Pagina 2 van" in page else "not page 2")
"""


def test_a_restart_keeps_data_drafts_and_the_secret(tmp_path):
    first = demo(tmp_path)
    link = respondent_link(first)
    path = "/" + link.split("/", 3)[3]
    key_file = tmp_path / "demo-secret-key"
    assert key_file.exists() and oct(key_file.stat().st_mode & 0o777) == "0o600"
    key = key_file.read_text()
    saved = in_demo(tmp_path, ANSWER_FIRST_PAGE.format(path=path))
    assert saved.startswith("saved 302"), saved

    second = demo(tmp_path)
    assert "Starting the existing demo database" in second
    assert "coordinator@voorbeeld.demo" in second and "password: demo-coordinator" in second
    new_link = respondent_link(second)
    assert new_link != link and new_link.startswith("http://127.0.0.1:8124/r/")
    assert key_file.read_text() == key
    resumed = in_demo(tmp_path, RESUME.format(path=path)).split()
    assert resumed == ["resume", "checked", "page2"], resumed

    # --fresh builds anew: the old link no longer exists.
    third = demo(tmp_path, "--fresh")
    assert "Preparing the demo database" in third
    gone = in_demo(tmp_path, RESUME.format(path=path)).split()
    assert gone[0] == "no"
