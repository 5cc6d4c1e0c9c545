"""The container image: built from the lock file only, run as a non-root user, and it starts.

The static tests read Containerfile and compose.yaml. The build test needs podman or docker
(with a running engine) and network access for the base images and packages; without an
engine it is skipped with a message saying so.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
CONTAINERFILE = ROOT / "Containerfile"


def instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) of the Containerfile, continuation lines joined."""
    text = re.sub(r"\\\n", " ", CONTAINERFILE.read_text())
    found = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            word, _, rest = line.partition(" ")
            found.append((word.upper(), rest.strip()))
    return found


def final_stage() -> list[tuple[str, str]]:
    steps = instructions()
    last_from = max(i for i, (word, _) in enumerate(steps) if word == "FROM")
    return steps[last_from:]


def test_the_image_runs_as_an_unprivileged_user():
    users = [args for word, args in final_stage() if word == "USER"]
    assert users, "the final stage sets no USER: it would run as root"
    user = users[-1].split(":")[0]
    assert user not in {"root", "0"}
    entry = [args for word, args in final_stage() if word == "ENTRYPOINT"]
    assert entry == ['["weerbaar"]']
    assert [args for word, args in final_stage() if word == "CMD"] == ['["serve"]']


def test_python_packages_come_only_from_the_lock_file():
    installs = [
        cmd
        for word, args in instructions()
        if word == "RUN"
        for cmd in re.split(r"&&|;", args)
        if re.search(r"\bpip\b.*\binstall\b", cmd)
    ]
    assert installs, "no pip install found"
    for cmd in installs:
        locked = "--require-hashes" in cmd and "-r /build/requirements/base.txt" in cmd
        project_only = "--no-deps" in cmd and cmd.rstrip().endswith(" /build")
        assert locked or project_only, f"installs outside the lock file: {cmd.strip()}"
    assert any("--require-hashes" in cmd and "--no-deps" in cmd for cmd in installs)
    copied = [args for word, args in instructions() if word == "COPY"]
    assert any("requirements/base.txt" in args for args in copied)
    assert not any("requirements/dev.txt" in args for args in copied)


def test_compose_has_the_app_the_worker_postgres_and_a_mail_catcher_with_health_checks():
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text())
    services = compose["services"]
    assert {"app", "worker", "db", "mail"} <= set(services)
    for name in ("app", "worker", "db", "mail"):
        assert "healthcheck" in services[name], name
    assert services["db"]["image"].startswith("docker.io/library/postgres:")
    assert "mailpit" in services["mail"]["image"]
    assert services["worker"]["command"][:2] == ["reminders", "worker"]
    assert services["app"]["command"][0] == "serve"
    for name in ("app", "worker"):
        assert services[name]["build"]["dockerfile"] == "Containerfile"
        assert "db:5432" in services[name]["environment"]["DATABASE_URL"]
        assert services[name]["environment"]["WEERBAAR_EMAIL_HOST"] == "mail"


def _engine() -> str | None:
    for name in ("podman", "docker"):
        path = shutil.which(name)
        if path is None:
            continue
        info = subprocess.run(  # noqa: S603 (a fixed command)
            [path, "info"], capture_output=True, text=True, timeout=60, check=False
        )
        if info.returncode == 0:
            return path
    return None


@pytest.fixture(scope="module")
def engine() -> str:
    found = _engine()
    if found is None:
        pytest.skip(
            "no container engine available: neither podman nor docker is installed with a "
            "running engine (`podman info` / `docker info` failed), so the image is not built"
        )
    return found


def _run(engine: str, *args: str, timeout: int = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 (the engine with fixed arguments)
        [engine, *args], capture_output=True, text=True, timeout=timeout, check=False
    )


def test_the_image_builds_and_serves_as_a_non_root_user(engine):
    tag = f"localhost/weerbaar-test:{uuid.uuid4().hex[:8]}"
    build = _run(engine, "build", "-f", str(CONTAINERFILE), "-t", tag, str(ROOT), timeout=3600)
    assert build.returncode == 0, build.stderr[-4000:]
    name = f"weerbaar-test-{uuid.uuid4().hex[:8]}"
    try:
        uid = _run(engine, "run", "--rm", "--entrypoint", "id", tag, "-u")
        assert uid.returncode == 0 and uid.stdout.strip() not in {"", "0"}
        script = "weerbaar migrate --noinput -v 0 && exec weerbaar serve --bind 0.0.0.0:8000"
        started = _run(
            engine, "run", "-d", "--name", name, "-p", "127.0.0.1::8000",
            "-e", "WEERBAAR_SECRET_KEY=container-test-only",
            "--entrypoint", "sh", tag, "-c", script,
        )  # fmt: skip
        assert started.returncode == 0, started.stderr
        port = _run(engine, "port", name, "8000").stdout.strip().splitlines()[0].rsplit(":", 1)[1]
        url = f"http://127.0.0.1:{port}/toegankelijkheid/"
        deadline = time.monotonic() + 180
        status = None
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310
                    status = response.status
                    break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(2)
        logs = _run(engine, "logs", name).stderr[-3000:]
        assert status == 200, logs
    finally:
        _run(engine, "rm", "-f", name)
        _run(engine, "rmi", "-f", tag)
