"""Page submits against the production server: a load generator on loopback.

Simulated respondents answer the employee survey over HTTP/1.1 keep-alive connections
(asyncio streams) against gunicorn with PostgreSQL; afterwards the stored answers are
compared with what was sent (lost answers).
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import re
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from .municipality import build_municipality

if TYPE_CHECKING:
    from weerbaar.surveys.types import Answers, QuestionnaireDefinition


@dataclass
class LoadResult:
    submits: int
    seconds: float
    latencies: list[float]
    errors: int
    completed: int
    error_samples: list[str]
    stamps: list[float] = field(default_factory=list)

    def steady_rate(self) -> float:
        """Submits per second over the middle 80% of submits (no ramp-up, no tail)."""
        stamps = sorted(self.stamps)
        if len(stamps) < 20:
            return self.submits / self.seconds if self.seconds else 0.0
        lo, hi = int(0.1 * len(stamps)), int(0.9 * len(stamps))
        span = stamps[hi] - stamps[lo]
        return (hi - lo) / span if span > 0 else 0.0


def _free_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def _form_fields(
    definition: QuestionnaireDefinition, page_index: int, answers: Answers, visible: set[str]
) -> list[tuple[str, object]]:
    fields: list[tuple[str, object]] = []
    for q in definition["pages"][page_index]["questions"]:
        if q["id"] not in visible or q["id"] not in answers:
            continue
        value = answers[q["id"]]
        name = f"q-{q['id']}"
        if isinstance(value, list):
            fields += [(name, v) for v in value]
        elif isinstance(value, dict):
            fields += [(f"{name}-{row}", v) for row, v in value.items()]
        else:
            fields.append((name, value))
    return fields


class Respondent:
    """One simulated respondent: intro page, start, then POST every page of its routing.

    The request bodies are encoded before the clock starts; the client speaks HTTP/1.1
    with keep-alive over asyncio streams (cheap on CPU, so the server gets the cores).
    """

    def __init__(self, token: str, definition: QuestionnaireDefinition, answers: Answers) -> None:
        from weerbaar.surveys import routing

        self.token = token
        self.sequence = routing.page_sequence(definition, answers)
        visible = set(routing.visible_questions(definition, answers))
        self.pages = []
        for i, page in enumerate(self.sequence):
            last = i == len(self.sequence) - 1
            fields: list[tuple[str, object]] = [("page", page)]
            fields.append(("action", "submit" if last else "next"))
            fields += _form_fields(definition, page, answers, visible)
            expected = "/bedankt/" if last else f"p={self.sequence[i + 1]}"
            self.pages.append((page, urlencode(fields), expected))
        self.cookie = ""
        self.answers = answers
        self.done = False


async def _http(reader, writer, method: str, path: str, cookie: str, body: str = ""):
    head = f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n"
    if cookie:
        head += f"Cookie: {cookie}\r\n"
    data = body.encode()
    if method == "POST":
        head += "Content-Type: application/x-www-form-urlencoded\r\n"
        head += f"Content-Length: {len(data)}\r\n"
    writer.write(head.encode() + b"\r\n" + data)
    await writer.drain()
    status_line = await reader.readline()
    if not status_line:
        raise ConnectionError("connection closed by the server")
    status = int(status_line.split()[1])
    headers: dict[str, str] = {}
    cookies = []
    while True:
        line = await reader.readline()
        if line in (b"\r\n", b"\n", b""):
            break
        name, _sep, value = line.decode("latin-1").partition(":")
        name = name.strip().lower()
        if name == "set-cookie":
            cookies.append(value.strip())
        headers[name] = value.strip()
    length = int(headers.get("content-length", "0"))
    payload = await reader.readexactly(length) if length else b""
    return status, headers.get("location", ""), payload, cookies, headers


async def _run_respondent(
    port, r: Respondent, result: LoadResult, deadline: float, interval: float = 0.0
) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    base = f"/r/{r.token}/"
    try:
        status, _loc, body, cookies, _h = await _http(reader, writer, "GET", base, "")
        for c in cookies:
            if c.startswith("csrftoken="):
                r.cookie = c.split(";", 1)[0]
        match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
        if status != 200 or not match:
            raise RuntimeError(f"intro page: HTTP {status}")
        csrf = "csrfmiddlewaretoken=" + match.group(1).decode()
        status, _loc, _b, _c, _h = await _http(reader, writer, "POST", base, r.cookie, csrf)
        if status != 302:
            raise RuntimeError(f"start: HTTP {status}")
        next_at = time.monotonic()
        for page, body_text, expected in r.pages:
            if interval:  # pacing: one page per interval per respondent ("reading time")
                delay = next_at - time.monotonic()
                if delay > 0:
                    await asyncio.sleep(delay)
                next_at = max(next_at + interval, time.monotonic() - interval)
            if time.monotonic() > deadline:
                raise TimeoutError("time limit")
            t0 = time.perf_counter()
            status, loc, _b, _c, headers = await _http(
                reader, writer, "POST", base + "vragen/", r.cookie, csrf + "&" + body_text
            )
            now = time.perf_counter()
            result.latencies.append(now - t0)
            result.stamps.append(now)
            result.submits += 1
            if status != 302 or expected not in loc:
                result.errors += 1
                if len(result.error_samples) < 5:
                    result.error_samples.append(f"page {page}: HTTP {status} {loc}")
                return
            if headers.get("connection", "").lower() == "close":
                writer.close()
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
        result.completed += 1
        r.done = True
    except Exception as exc:  # noqa: BLE001 - every failure counts as an error of the run
        result.errors += 1
        if len(result.error_samples) < 5:
            result.error_samples.append(repr(exc))
    finally:
        writer.close()


def run_load(
    port: int,
    respondents: list[Respondent],
    concurrency: int,
    limit_s: float,
    rate: float = 0.0,
):
    """``concurrency`` respondents at a time until all are done or the time limit passes.

    ``rate``: the offered load in page submits per second over all respondents (each
    respondent then submits a page every ``concurrency / rate`` seconds, or immediately
    when the server is behind); 0 sends every page as soon as the previous one returned
    (saturation: the latency is then just queueing, concurrency / throughput).
    """
    result = LoadResult(0, 0.0, [], 0, 0, [])
    interval = concurrency / rate if rate else 0.0

    async def main():
        queue = list(reversed(respondents))
        deadline = time.monotonic() + limit_s

        async def worker(index: int):
            if interval:  # spread the starts over one interval
                await asyncio.sleep(interval * index / concurrency)
            while queue and time.monotonic() < deadline:
                await _run_respondent(port, queue.pop(), result, deadline, interval)

        await asyncio.gather(*(worker(i) for i in range(concurrency)))

    t0 = time.perf_counter()
    asyncio.run(main())
    result.seconds = time.perf_counter() - t0
    return result


def _wait_for_server(port: int, proc: subprocess.Popen, timeout: float = 60) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if proc.poll() is not None:
            raise RuntimeError("the server stopped during start-up")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("the server did not start")


def measure_submits(
    out,
    respondents_n: int,
    concurrency: int,
    limit_s: float,
    workers: int,
    threads: int,
    rate: float = 0.0,
) -> tuple[LoadResult | None, int | None, str]:
    """Page submits against gunicorn + PostgreSQL; returns (result, lost answers, note)."""
    from django.conf import settings
    from django.db import connection

    from weerbaar.surveys import routing, services
    from weerbaar.surveys.demo import staff_answers
    from weerbaar.surveys.models import ResponseSet

    if connection.vendor != "postgresql" or not settings.DATABASE_URL:
        return None, None, "needs PostgreSQL via DATABASE_URL (run under scripts/with-postgres.sh)"
    _org, _scan, survey = build_municipality(0, seed=7)
    departments = list(survey.scan.organisation.departments.all())
    rng = random.Random(11)
    answers = staff_answers(rng, respondents_n, departments)
    simulated = []
    for a in answers:
        _inv, token = services.new_invitation(survey)
        simulated.append((token, routing.clean_answers(survey.definition, a)))
    connection.close()
    port = _free_port()
    env = {
        **os.environ,
        "WEERBAAR_SECRET_KEY": settings.SECRET_KEY,
        "WEERBAAR_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "WEERBAAR_LOG_LEVEL": "ERROR",
    }
    env.pop("WEERBAAR_DEBUG", None)
    cmd = [
        sys.executable,
        "-m",
        "gunicorn",
        "weerbaar.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--worker-class",
        "gthread",
        "--keep-alive",
        "30",
        "--log-level",
        "warning",
        "--backlog",
        "2048",
    ]
    log = open(os.path.join(tempfile.gettempdir(), f"weerbaar-bench-{port}.log"), "wb")  # noqa: SIM115
    # The command is this Python's gunicorn with fixed arguments: no untrusted input.
    proc = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603
    try:
        _wait_for_server(port, proc)
        warm = Respondent(simulated[0][0], survey.definition, simulated[0][1])
        runners = [Respondent(t, survey.definition, a) for t, a in simulated[1:]]
        # One respondent first (warms every worker's imports and caches), then the load.
        run_load(port, [warm], 1, 60)
        result = run_load(port, runners, concurrency, limit_s, rate)
    finally:
        proc.terminate()
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
    # Lost answers: every answer sent by a respondent who reached the thank-you page must be
    # in the database. Responses carry no link to their respondent, so the answer sets are
    # compared as a multiset; a missing or altered set counts all of its answers as lost.
    services.close_survey(survey)  # the closing batch writes every submitted draft
    done = [r for r in [warm, *runners] if r.done]
    expected = Counter(_canonical(r.answers) for r in done)
    stored = Counter(
        _canonical(a)
        for a in ResponseSet.objects.filter(survey=survey, submitted=True).values_list(
            "answers", flat=True
        )
    )
    lost = sum(_leaf_count(json.loads(key)) * n for key, n in (expected - stored).items())
    return result, lost, ""


def _canonical(answers: dict) -> str:
    """Answers in a canonical form (the order of chosen options carries no meaning)."""
    norm = {k: sorted(v) if isinstance(v, list) else v for k, v in answers.items()}
    return json.dumps(norm, sort_keys=True, default=str)


def _leaf_count(answers: dict) -> int:
    """Single answers: 1 each; matrix rows and chosen options count one by one."""
    return sum(len(v) if isinstance(v, dict | list) else 1 for v in answers.values())
