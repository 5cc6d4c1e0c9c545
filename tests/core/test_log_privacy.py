"""The server's logs hold nothing that links a respondent's link to a moment or an address.

Runs the production server (``weerbaar serve``) as an operator would, sends respondent
requests and others, and reads what the server wrote.
"""

from __future__ import annotations

import logging
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from weerbaar.core.logprivacy import RespondentPathFilter, is_respondent_path

WEERBAAR = str(Path(sys.executable).with_name("weerbaar"))
TOKEN = "tok3nS3cr3tAbcdef"
OPEN_CODE = "0penC0deXyz987"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, referer: str | None = None) -> int:
    assert url.startswith("http://127.0.0.1:")
    headers = {"Referer": referer} if referer else {}
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 - loopback only
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


@pytest.fixture
def server_env(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "DJANGO_"))}
    env.pop("DATABASE_URL", None)
    env.update(
        WEERBAAR_VAR_DIR=str(tmp_path),
        WEERBAAR_SQLITE_PATH=str(tmp_path / "weerbaar.sqlite3"),
        WEERBAAR_SECRET_KEY="log-privacy-test-" + "x" * 40,
    )
    migrate = subprocess.run(
        [WEERBAAR, "migrate", "-v0"], env=env, capture_output=True, text=True, timeout=300
    )
    assert migrate.returncode == 0, migrate.stderr
    return env


def test_serve_logs_no_respondent_link(server_env, tmp_path):
    port = _free_port()
    log_path = tmp_path / "server.log"
    with log_path.open("w") as log:
        server = subprocess.Popen(
            [WEERBAAR, "serve", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
            env=server_env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                _get(f"{base}/account/inloggen/")
                break
            except (urllib.error.URLError, ConnectionError):
                assert time.monotonic() < deadline, log_path.read_text()
                time.sleep(0.3)
        assert _get(f"{base}/r/{TOKEN}/") == 404
        assert _get(f"{base}/r/{TOKEN}/vragen/") == 404
        assert _get(f"{base}/o-link/{OPEN_CODE}/") == 404
        # A page's stylesheet or a click away from the survey carries the survey in Referer.
        assert _get(f"{base}/account/inloggen/?next=/", referer=f"{base}/r/{TOKEN}/vragen/") == 200
    finally:
        server.terminate()
        server.wait(timeout=30)
    written = log_path.read_text()
    assert "/account/inloggen/" in written  # the access log itself is on
    assert TOKEN not in written
    assert OPEN_CODE not in written
    assert "/r/" not in written and "/o-link/" not in written


def test_django_log_records_about_respondent_pages_are_dropped():
    keep = RespondentPathFilter()
    record = logging.LogRecord(
        "django.request", logging.WARNING, __file__, 1, "Not Found: %s", (f"/r/{TOKEN}/",), None
    )
    assert keep.filter(record) is False
    other = logging.LogRecord(
        "django.request",
        logging.WARNING,
        __file__,
        1,
        "Not Found: %s",
        ("/o/voorbeeld/scans/",),
        None,
    )
    assert keep.filter(other) is True


def test_organisation_pages_are_not_mistaken_for_respondent_pages():
    assert is_respondent_path(f"/r/{TOKEN}/vragen/")
    assert is_respondent_path(f"https://weerbaar.example/o-link/{OPEN_CODE}/")
    assert not is_respondent_path("/o/voorbeeld/enquetes/3/resultaten/")
    assert not is_respondent_path("/account/inloggen/")
