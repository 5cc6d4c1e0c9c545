"""Benchmarks: ``weerbaar bench <name>`` runs a registered benchmark (not a timed test).

Registry: an app adds a benchmark in its own ``bench.py`` module (autodiscovered)::

    from weerbaar.surveys.bench import register_bench

    @register_bench("report", help="Generate the report of a large scan")
    def bench_report(out, options) -> int:
        ...  # write lines to ``out``; return 0 when every target is met

This module registers ``survey``: a municipality with 20,000 respondents to the employee
survey; (a) computing all results of the scan (target < 1 s, peak < 300 MB), (b) page
submits against the production server (gunicorn, PostgreSQL) with 100 concurrent
respondents from a load generator on loopback (target >= 200 submits/s, p95 < 250 ms,
no errors, no lost answers).
"""

from __future__ import annotations

import asyncio
import datetime
import gc
import json
import os
import random
import re
import resource
import socket
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

_BENCHES: dict[str, tuple[Callable[[Any, dict], int], str]] = {}


def register_bench(name: str, help: str = "") -> Callable:
    def register(func: Callable[[Any, dict], int]) -> Callable[[Any, dict], int]:
        _BENCHES[name] = (func, help)
        return func

    return register


def benches() -> dict[str, tuple[Callable[[Any, dict], int], str]]:
    from django.utils.module_loading import autodiscover_modules

    autodiscover_modules("bench")
    return dict(_BENCHES)


# ----------------------------------------------------------------------------- data


def build_municipality(n_respondents: int, seed: int = 2026):
    """A fresh municipality with a scan and an employee survey of ``n_respondents``."""
    from django.db import transaction

    from weerbaar.library.loader import current_version, load_shipped
    from weerbaar.organisations.demo import DEPARTMENTS
    from weerbaar.organisations.models import Department, Organisation
    from weerbaar.scans.services import create_scan
    from weerbaar.surveys import services
    from weerbaar.surveys.demo import staff_answers
    from weerbaar.surveys.models import ResponseSet

    from . import routing

    rng = random.Random(seed)
    with transaction.atomic():
        load_shipped()
        suffix = f"{int(time.time())}{rng.randrange(10**6)}"
        org = Organisation.objects.create(
            name=f"Gemeente Benchdam {suffix}", slug=f"benchdam-{suffix}"
        )
        Department.objects.bulk_create(
            Department(organisation=org, name=name, position=i)
            for i, name in enumerate(DEPARTMENTS)
        )
        today = datetime.date.today()
        scan = create_scan(
            organisation=org,
            title="Benchmark-scan",
            library_version=current_version(),
            period_start=today - datetime.timedelta(days=30),
            period_end=today + datetime.timedelta(days=60),
            created_by=None,
            description="",
        )
        shipped = {q.key: q for q in services.install_shipped_questionnaires()}
        survey = services.create_survey(
            scan=scan, questionnaire=shipped["medewerkers"], title="Enquête medewerkers (bench)"
        )
        survey = services.open_survey(survey)
        departments = list(org.departments.all())
        by_pk = {str(d.pk): d for d in departments}
        answers = staff_answers(rng, n_respondents, departments) if n_respondents else []
        batch = []
        for a in answers:
            cleaned = routing.clean_answers(survey.definition, a)
            batch.append(
                ResponseSet(
                    survey=survey,
                    answers=cleaned,
                    department=by_pk.get(str(cleaned.get("q1_afdeling"))),
                    submitted=True,
                    submitted_on=today,
                )
            )
            if len(batch) >= 2000:
                ResponseSet.objects.bulk_create(batch)
                batch = []
        ResponseSet.objects.bulk_create(batch)
    return org, scan, survey


# ----------------------------------------------------------------------------- (a)


def measure_results(scan) -> tuple[float, float]:
    """Seconds and peak MB (tracemalloc, in a second run) for computing all results."""
    from weerbaar.surveys.results.services import scan_results

    scan_results(scan)  # warm up (imports, query plans)
    gc.collect()
    times = []
    for _ in range(3):
        t0 = time.perf_counter()
        scan_results(scan)
        times.append(time.perf_counter() - t0)
    gc.collect()
    tracemalloc.start()
    scan_results(scan)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return min(times), peak / 1e6


# ----------------------------------------------------------------------------- (b)


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


def _form_fields(definition: dict, page_index: int, answers: dict, visible: set) -> list:
    fields = []
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

    def __init__(self, token: str, definition: dict, answers: dict):
        from . import routing

        self.token = token
        self.sequence = routing.page_sequence(definition, answers)
        visible = set(routing.visible_questions(definition, answers))
        self.pages = []
        for i, page in enumerate(self.sequence):
            last = i == len(self.sequence) - 1
            fields = [("page", page), ("action", "submit" if last else "next")]
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


def _loadavg() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:  # pragma: no cover
        return "n/a"


def _machine() -> str:
    model = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as fh:
            for line in fh:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:  # pragma: no cover
        pass
    mem = ""
    try:
        with open("/proc/meminfo") as fh:
            mem = f", {int(fh.readline().split()[1]) / 1024 / 1024:.1f} GB memory"
    except (OSError, ValueError, IndexError):  # pragma: no cover
        pass
    return f"{os.cpu_count()} CPUs ({model}){mem}; load average {_loadavg()}"


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@register_bench("survey", help="Employee survey: results of 20,000 respondents; page submits")
def bench_survey(out, options: dict) -> int:
    n = int(options.get("respondents") or 20_000)
    out.write(f"survey-bench: {_machine()}")
    out.write(f"survey-bench: generating a municipality with {n} respondents …")
    t0 = time.perf_counter()
    _org, scan, survey = build_municipality(n)
    out.write(f"survey-bench: generated in {time.perf_counter() - t0:.1f} s")
    results_s, peak_mb = measure_results(scan)
    ok = True
    ok &= results_s < 1.0
    ok &= peak_mb < 300
    out.write(f"results of the scan ({n} respondents): {results_s:.3f} s  (target < 1 s)")
    out.write(f"results peak memory (tracemalloc): {peak_mb:.1f} MB  (target < 300 MB)")
    if options.get("skip_load"):
        result, lost, note = None, None, "skipped (--skip-load)"
    else:
        result, lost, note = measure_submits(
            out,
            int(options.get("load_respondents") or 600),
            int(options.get("concurrency") or 100),
            float(options.get("limit") or 240),
            int(options.get("workers") or 2),
            int(options.get("threads") or 4),
            float(220 if options.get("rate") is None else options["rate"]),
        )
    if result is None:
        out.write(f"page submits: not measured: {note}")
        out.write(
            f"survey-bench: results_s={results_s:.3f} peak_mb={peak_mb:.1f} "
            "submits_per_s=n/a p95_ms=n/a lost=n/a"
        )
        return 0 if ok else 1
    lat = sorted(result.latencies)
    p95 = lat[int(0.95 * (len(lat) - 1))] * 1000 if lat else float("nan")
    overall = result.submits / result.seconds if result.seconds else 0.0
    rate = result.steady_rate()
    ok &= rate >= 200 and p95 < 250 and result.errors == 0 and lost == 0
    offered = 220 if options.get("rate") is None else options["rate"]
    out.write(
        "offered load: "
        + (f"{offered:.0f} page submits/s" if offered else "as fast as possible (saturation)")
    )
    out.write(
        f"page submits: {result.submits} in {result.seconds:.1f} s by "
        f"{int(options.get('concurrency') or 100)} concurrent respondents"
    )
    out.write(
        f"page submits per second: {rate:.0f} (steady state; {overall:.0f} over the whole "
        "run incl. ramp-up and tail)  (target >= 200)"
    )
    out.write(f"page submit p95 latency: {p95:.0f} ms  (target < 250 ms)")
    out.write(f"errors: {result.errors}  (target 0)")
    for sample in result.error_samples:
        out.write(f"  error: {sample}")
    out.write(f"lost answers (counted in the database): {lost}  (target 0)")
    out.write(f"survey-bench: load average after the run: {_loadavg()}")
    out.write(
        f"survey-bench: results_s={results_s:.3f} peak_mb={peak_mb:.1f} "
        f"submits_per_s={rate:.0f} p95_ms={p95:.0f} lost={lost}"
    )
    return 0 if ok else 1
