"""``weerbaar bench survey``: the employee survey of a large municipality.

A municipality with 20,000 respondents to the employee survey; (a) computing all results of
the scan (target < 1 s, peak < 300 MB), (b) page submits against the production server
(gunicorn, PostgreSQL) against their floor in the same run, as ``weerbaar bench submits``
(:mod:`.submits`, which prints its targets).
"""

from __future__ import annotations

import argparse
import gc
import time
import tracemalloc
from typing import Any

from . import Output, register_bench
from .machine import machine
from .municipality import build_municipality
from .submits import SubmitSummary, measure_submits, submits_arguments, write_figures


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


def survey_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--respondents", type=int, default=20_000, help="respondents of the survey (20000)"
    )
    submits_arguments(parser)  # the load part: the options of `weerbaar bench submits`
    parser.add_argument("--skip-load", action="store_true", help="only part (a): the results")


@register_bench(
    "survey",
    help="Employee survey: results of 20,000 respondents; page submits",
    arguments=survey_arguments,
)
def bench_survey(out: Output, options: dict[str, Any]) -> int:
    n = int(options["respondents"])
    out.write(f"survey-bench: {machine()}")
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
    if options["skip_load"]:
        submits: SubmitSummary | str = "skipped (--skip-load)"
    else:
        submits = measure_submits(out, options)
    if isinstance(submits, str):
        out.write(f"page submits: not measured: {submits}")
        out.write(
            f"survey-bench: results_s={results_s:.3f} peak_mb={peak_mb:.1f} "
            "submits_per_s=n/a p95_ms=n/a lost=n/a"
        )
        return 0 if ok else 1
    write_figures(out, submits)
    ok &= submits.meets_targets()
    out.write(submits.line(f"survey-bench: results_s={results_s:.3f} peak_mb={peak_mb:.1f}"))
    return 0 if ok else 1


def survey_results_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--sizes",
        default="2000,20000,200000",
        help="respondents per measured survey, comma-separated (2000,20000,200000)",
    )


@register_bench(
    "survey-results",
    help="All results of a closed survey at 2,000 / 20,000 / 200,000 respondents vs DuckDB",
    arguments=survey_results_arguments,
)
def bench_survey_results(out: Output, options: dict[str, Any]) -> int:
    """The results benchmark (:mod:`.results`): figures per size, the DuckDB floor measured
    in the same run, the ratio and the targets, and one summary line."""
    from .results import run

    out.write(f"survey-results: {machine()}")
    sizes = tuple(int(s) for s in str(options["sizes"]).split(",") if s.strip())
    return 0 if run(out.write, sizes) else 1
