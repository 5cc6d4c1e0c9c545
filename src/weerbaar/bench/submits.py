"""``weerbaar bench submits``: page submits against the production server, and their floor.

The same server (gunicorn as ``weerbaar serve`` runs it, :mod:`.server`) and the same load
generator (:mod:`.load`) measure, at each concurrency (50 / 100 / 200 respondents):

* the **floor**: a minimal view that reads the same form, checks CSRF and writes one row
  (:mod:`.floor`, registered only in the benchmark server's URLs);
* the **answering pages** of a personal link, every page of each respondent's routing.

Every simulated respondent's link is opened and started before the clock starts (the intro
page is not a page submit). Both are run at saturation (each respondent sends its next page
as soon as the previous one returned), in alternating rounds (floor, pages; pages, floor;
...) so that a change in the machine's load hits both; the median round of each is
reported. Then the answering pages
run once more at an offered ``--rate`` (default 400/s) with 100 respondents, for the latency
a respondent feels at that load. Finally a **kill -9** of the whole server in the middle of
a load: every page the server acknowledged must be in the database. Afterwards the survey
is closed (the closing batch) and every answer of every respondent who reached the
thank-you page is counted in the final responses.
"""

from __future__ import annotations

import argparse
import json
import random
import secrets
import statistics
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from . import Output, register_bench
from .load import LoadResult, Respondent, run_load, start_all
from .machine import loadavg, machine
from .municipality import build_municipality
from .server import BenchServer

TARGET_PER_S = 400
TARGET_P95_MS = 150
TARGET_FLOOR_SHARE = 0.60
TARGET_CONCURRENCY = 100


@dataclass
class SubmitSummary:
    per_s: dict[int, float]
    floor_per_s: dict[int, float]
    p95_ms: dict[int, float]
    paced_p95_ms: float | None
    errors: int
    lost: int
    kill_lost: int | None
    worker_mb: list[float]
    # Server CPU (gunicorn master and workers) per submit, in ms: less sensitive to other
    # load on the machine than the throughput.
    cpu_ms: dict[int, float] = field(default_factory=dict)
    floor_cpu_ms: dict[int, float] = field(default_factory=dict)

    def ratio(self, c: int) -> float:
        floor = self.floor_per_s.get(c, 0.0)
        return self.per_s.get(c, 0.0) / floor if floor else 0.0

    def p95_for_target(self) -> float:
        if self.paced_p95_ms is not None:
            return self.paced_p95_ms
        return self.p95_ms.get(TARGET_CONCURRENCY, float("nan"))

    def meets_targets(self) -> bool:
        c = TARGET_CONCURRENCY
        return (
            self.per_s.get(c, 0.0) >= TARGET_PER_S
            and self.p95_for_target() <= TARGET_P95_MS
            and self.ratio(c) >= TARGET_FLOOR_SHARE
            and self.errors == 0
            and self.lost == 0
            and not self.kill_lost
        )

    def line(self, prefix: str = "submit-bench") -> str:
        c = TARGET_CONCURRENCY
        per = " ".join(f"c{k}_per_s={v:.0f}" for k, v in sorted(self.per_s.items()))
        floor = " ".join(f"c{k}_floor_per_s={v:.0f}" for k, v in sorted(self.floor_per_s.items()))
        mb = max(self.worker_mb) if self.worker_mb else float("nan")
        kill = "n/a" if self.kill_lost is None else str(self.kill_lost)
        return (
            f"{prefix}: submits_per_s={self.per_s.get(c, 0.0):.0f} "
            f"submit_floor_per_s={self.floor_per_s.get(c, 0.0):.0f} "
            f"floor_ratio={self.ratio(c):.2f} p95_ms={self.p95_for_target():.0f} "
            f"cpu_ms={self.cpu_ms.get(c, float('nan')):.2f} "
            f"floor_cpu_ms={self.floor_cpu_ms.get(c, float('nan')):.2f} "
            f"{per} {floor} errors={self.errors} lost={self.lost} kill9_lost={kill} "
            f"worker_mb={mb:.0f} load={loadavg().replace(' ', '/')}"
        )


def submits_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--load-respondents",
        type=int,
        default=1200,
        help="simulated respondents per concurrency, split over the rounds; a round then "
        "lasts a few seconds (1200)",
    )
    parser.add_argument(
        "--concurrency",
        default="50,100,200",
        help="concurrent respondents, one run each (50,100,200)",
    )
    parser.add_argument(
        "--limit", type=float, default=120.0, help="time limit of one run in seconds (120)"
    )
    parser.add_argument("--workers", type=int, default=None, help="gunicorn workers")
    parser.add_argument("--threads", type=int, default=None, help="threads per worker")
    parser.add_argument(
        "--rate",
        type=float,
        default=float(TARGET_PER_S),
        help="offered submits/s of the latency run at 100 concurrent (400; 0 = skip)",
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=3,
        help="alternating floor/answering rounds per concurrency; medians are reported (3)",
    )
    parser.add_argument("--no-kill", action="store_true", help="skip the kill -9 run")


def _respondents(survey, n: int, rng: random.Random) -> list[Respondent]:
    from weerbaar.surveys import routing, services
    from weerbaar.surveys.demo import staff_answers

    departments = list(survey.scan.organisation.departments.all())
    out = []
    for answers in staff_answers(rng, n, departments):
        _inv, token = services.new_invitation(survey)
        out.append(
            Respondent(token, survey.definition, routing.clean_answers(survey.definition, answers))
        )
    return out


def _floor_respondents(survey, like: list[Respondent]) -> list[Respondent]:
    """The same request bodies against the floor, each with a row of its own to write."""
    from weerbaar.surveys.models import ResponseDraft

    drafts = ResponseDraft.objects.bulk_create(
        [ResponseDraft(survey=survey, resume_hash=secrets.token_hex(32)) for _ in like]
    )
    return [
        Respondent(r.token, survey.definition, r.answers, base=f"/bench-floor/{d.pk}/")
        for r, d in zip(like, drafts, strict=True)
    ]


def _canonical(answers: dict) -> str:
    """Answers in a canonical form (the order of chosen options carries no meaning)."""
    norm = {k: sorted(v) if isinstance(v, list) else v for k, v in answers.items()}
    return json.dumps(norm, sort_keys=True, default=str)


def _leaf_count(answers: dict) -> int:
    """Single answers: 1 each; matrix rows and chosen options count one by one."""
    return sum(len(v) if isinstance(v, dict | list) else 1 for v in answers.values())


def acknowledged_but_missing(survey, respondents: list[Respondent]) -> int:
    """Answers on pages the server acknowledged that are not in the respondent's draft."""
    from weerbaar.surveys.models import ResponseDraft
    from weerbaar.surveys.tokens import response_resume_hash

    lost = 0
    for r in respondents:
        acked = r.acknowledged()
        if not acked:
            continue
        draft = ResponseDraft.objects.filter(
            survey=survey, resume_hash=response_resume_hash(r.token)
        ).first()
        stored = draft.answers if draft is not None else {}
        lost += sum(
            _leaf_count({k: v})
            for k, v in acked.items()
            if _canonical({k: stored.get(k)}) != _canonical({k: v})
        )
    return lost


def lost_after_closing(survey, respondents: list[Respondent]) -> int:
    """Close the survey (the closing batch writes every submitted draft), then count every
    answer of every respondent who reached the thank-you page in the final responses.
    Responses carry no link to their respondent, so answer sets are compared as a multiset;
    a missing or altered set counts all of its answers as lost."""
    from weerbaar.surveys import services
    from weerbaar.surveys.models import ResponseSet

    services.close_survey(survey)
    expected = Counter(_canonical(r.answers) for r in respondents if r.done)
    stored = Counter(
        _canonical(a)
        for a in ResponseSet.objects.filter(survey=survey, submitted=True).values_list(
            "answers", flat=True
        )
    )
    return sum(_leaf_count(json.loads(key)) * n for key, n in (expected - stored).items())


def _kill_run(
    server: BenchServer, survey, respondents: list[Respondent], after_s: float
) -> tuple[int, int]:
    """Load at 100 concurrent; kill -9 of the server after ``after_s``; acknowledged pages
    that did not reach the database. Returns (acknowledged pages, lost answers)."""
    thread = threading.Thread(
        target=run_load, args=(server.port, respondents, TARGET_CONCURRENCY, 60.0), daemon=True
    )
    thread.start()
    time.sleep(after_s)
    server.kill()
    thread.join(90)
    return sum(r.acked + 1 for r in respondents), acknowledged_but_missing(survey, respondents)


def _describe(out: Output, label: str, c: int, result: LoadResult) -> None:
    out.write(
        f"{label} at {c} concurrent: {result.steady_rate():.0f} submits/s (steady state), "
        f"p95 {result.p95_ms():.0f} ms, {result.submits} submits in {result.seconds:.1f} s, "
        f"{result.errors} errors; load average {loadavg()}"
    )
    for sample in result.error_samples:
        out.write(f"  error: {sample}")


def measure_submits(out: Output, options: dict[str, Any]) -> SubmitSummary | str:
    """Every run of this benchmark; a string says why nothing could be measured."""
    from django.conf import settings
    from django.db import connection

    from weerbaar.core.serving import default_threads, default_workers

    if connection.vendor != "postgresql" or not settings.DATABASE_URL:
        return "needs PostgreSQL via DATABASE_URL (run under scripts/with-postgres.sh)"
    workers = options.get("workers") or default_workers()
    threads = options.get("threads") or default_threads()
    n = int(options["load_respondents"])
    limit = float(options["limit"])
    levels = [int(c) for c in str(options["concurrency"]).split(",") if c.strip()]
    rate = float(options["rate"])
    rounds = max(1, int(options.get("rounds") or 3))
    _org, _scan, survey = build_municipality(0, seed=7)
    rng = random.Random(11)
    out.write(
        f"server: gunicorn {workers} workers x {threads} gthread threads (as weerbaar serve), "
        f"PostgreSQL; {n} respondents per run"
    )
    summary = SubmitSummary({}, {}, {}, None, 0, 0, None, [])
    everyone: list[Respondent] = []
    with BenchServer(workers, threads) as server:
        warm = _respondents(survey, 2, rng)
        run_load(server.port, warm, 2, 60)  # warms imports and caches in the workers
        run_load(server.port, _floor_respondents(survey, warm), 2, 60)
        everyone += warm
        for c in levels:
            floor_rates, app_rates, app_latencies = [], [], []
            floor_cpu: list[float] = []
            app_cpu: list[float] = []
            for round_ in range(rounds):
                batch = _respondents(survey, max(c, n // rounds), rng)
                floor_batch = _floor_respondents(survey, batch)
                connection.close()
                summary.errors += start_all(server.port, batch + floor_batch, 20)
                # Alternate the order, so that a change in the machine's load hits both.
                order = ["floor", "app"] if round_ % 2 == 0 else ["app", "floor"]
                for which in order:
                    cpu0 = server.cpu_seconds()
                    if which == "floor":
                        floor = run_load(server.port, floor_batch, c, limit)
                        floor_cpu.append((server.cpu_seconds() - cpu0) / max(1, floor.submits))
                        floor_rates.append(floor.steady_rate())
                        summary.errors += floor.errors
                        _describe(out, "  floor (form + CSRF + one row)", c, floor)
                    else:
                        app = run_load(server.port, batch, c, limit)
                        app_cpu.append((server.cpu_seconds() - cpu0) / max(1, app.submits))
                        app_rates.append(app.steady_rate())
                        app_latencies += app.latencies
                        summary.errors += app.errors
                        _describe(out, "  answering pages", c, app)
                everyone += batch
            summary.floor_per_s[c] = statistics.median(floor_rates)
            summary.per_s[c] = statistics.median(app_rates)
            summary.p95_ms[c] = LoadResult(0, 0.0, app_latencies, 0, 0, []).p95_ms()
            summary.cpu_ms[c] = 1000 * statistics.median(app_cpu)
            summary.floor_cpu_ms[c] = 1000 * statistics.median(floor_cpu)
        if rate:
            batch = _respondents(survey, n, rng)
            connection.close()
            summary.errors += start_all(server.port, batch, 20)
            paced = run_load(server.port, batch, TARGET_CONCURRENCY, limit, rate)
            out.write(f"offered {rate:.0f} submits/s:")
            _describe(out, "answering pages", TARGET_CONCURRENCY, paced)
            everyone += batch
            summary.paced_p95_ms = paced.p95_ms()
            summary.errors += paced.errors
        summary.worker_mb = server.worker_rss_mb()
        if not options.get("no_kill"):
            batch = _respondents(survey, n, rng)
            connection.close()
            summary.errors += start_all(server.port, batch, 20)
            acked, summary.kill_lost = _kill_run(server, survey, batch, after_s=3.0)
            out.write(
                f"kill -9 of the server after 3 s of load: {acked} pages acknowledged, "
                f"{summary.kill_lost} of their answers missing from the database"
            )
            everyone += [r for r in batch if r.done]
    summary.lost = lost_after_closing(survey, everyone)
    return summary


def write_figures(out: Output, summary: SubmitSummary) -> None:
    c = TARGET_CONCURRENCY
    for level in sorted(summary.per_s):
        out.write(
            f"{level} concurrent: {summary.per_s[level]:.0f} submits/s, floor "
            f"{summary.floor_per_s[level]:.0f}/s, ratio {summary.ratio(level):.2f}, "
            f"p95 {summary.p95_ms[level]:.0f} ms (saturation); server CPU per submit "
            f"{summary.cpu_ms[level]:.2f} ms, floor {summary.floor_cpu_ms[level]:.2f} ms"
        )
    out.write(
        f"submits per second at {c} concurrent: {summary.per_s.get(c, 0):.0f}  "
        f"(target >= {TARGET_PER_S})"
    )
    out.write(
        f"share of the floor at {c} concurrent: {summary.ratio(c):.0%}  "
        f"(target >= {TARGET_FLOOR_SHARE:.0%})"
    )
    out.write(f"p95 latency: {summary.p95_for_target():.0f} ms  (target <= {TARGET_P95_MS} ms)")
    out.write(f"errors: {summary.errors}  (target 0)")
    out.write(f"lost answers (counted in the final responses): {summary.lost}  (target 0)")
    kill = "not run" if summary.kill_lost is None else str(summary.kill_lost)
    out.write(f"acknowledged answers lost by a kill -9 of the server: {kill}  (target 0)")
    out.write(
        "memory per worker (resident): " + ", ".join(f"{mb:.0f} MB" for mb in summary.worker_mb)
    )


@register_bench(
    "submits",
    help="Page submits at 50/100/200 concurrent respondents against their floor",
    arguments=submits_arguments,
)
def bench_submits(out: Output, options: dict[str, Any]) -> int:
    out.write(f"submit-bench: {machine()}")
    result = measure_submits(out, options)
    if isinstance(result, str):
        out.write(f"page submits: not measured: {result}")
        out.write("submit-bench: submits_per_s=n/a submit_floor_per_s=n/a")
        return 0
    write_figures(out, result)
    out.write(result.line())
    return 0 if result.meets_targets() else 1
