"""The results benchmark: all results of a closed employee survey at several sizes, against
a DuckDB floor measured in the same run (``weerbaar bench survey-results``).

The floor: the same answers in long format (respondent, department, item, answer) in an
in-memory DuckDB table, and the same counts computed there: per item and answer, per item x
department x answer, and respondents per item. The figure for the product is everything a
results page costs: reading the survey's stored tallies (the counts per department and
knower, written with each batch of responses) and checking them against the responses,
the counts per department group, and the integer-safe suppression. Recounting every
response into the tallies (what a mismatch or the data migration costs, once) is printed
too.
"""

from __future__ import annotations

import csv
import gc
import random
import tempfile
import time
import tracemalloc
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .machine import loadavg

SIZES = (2_000, 20_000, 200_000)
TARGET_RATIO = 5.0  # results of 20,000 respondents within 5x the floor
TARGET_LARGE_S = 3.0  # 200,000 respondents
TARGET_LARGE_MB = 500.0
POOL = 20_000  # distinct generated answer sets; larger surveys repeat them


@dataclass
class SizeFigures:
    respondents: int
    results_s: float
    peak_mb: float
    duckdb_s: float
    rebuild_s: float = 0.0
    rebuild_mb: float = 0.0

    @property
    def ratio(self) -> float:
        return self.results_s / self.duckdb_s if self.duckdb_s else float("inf")


def closed_survey(n: int, seed: int = 2026) -> Any:
    """A closed employee survey with ``n`` stored responses (answers generated once for up
    to 20,000 respondents, then repeated with their departments)."""
    from django.db import transaction
    from django.utils import timezone

    from weerbaar.surveys import routing
    from weerbaar.surveys.demo import staff_answers
    from weerbaar.surveys.models import ResponseSet, SurveyStatus
    from weerbaar.surveys.results.stored import add_responses

    from .municipality import build_municipality

    _org, _scan, survey = build_municipality(0, seed)
    rng = random.Random(seed)
    departments = list(survey.scan.organisation.departments.all())
    by_pk = {str(d.pk): d.pk for d in departments}
    pool = []
    for answers in staff_answers(rng, min(n, POOL), departments):
        cleaned = routing.clean_answers(survey.definition, answers)
        pool.append((cleaned, by_pk.get(str(cleaned.get("q1_afdeling")))))
    today = timezone.localdate()
    with transaction.atomic():
        batch = []
        for i in range(n):
            answers, department = pool[i % len(pool)]
            batch.append(
                ResponseSet(
                    survey=survey, answers=answers, department_id=department, submitted_on=today
                )
            )
            if len(batch) >= 5000:
                ResponseSet.objects.bulk_create(batch)
                add_responses(survey, [(r.answers, r.department_id, None) for r in batch])
                batch = []
        ResponseSet.objects.bulk_create(batch)
        add_responses(survey, [(r.answers, r.department_id, None) for r in batch])
        survey.status = SurveyStatus.CLOSED
        survey.released_k = survey.effective_k
        survey.save()
    return survey


def long_format(survey: Any, path: Path) -> int:
    """The stored answers in long format (CSV): respondent, department, item, answer."""
    from weerbaar.surveys.results.services import submitted_rows

    questions = {q["id"]: q for page in survey.definition["pages"] for q in page["questions"]}
    lines = 0
    with path.open("w", newline="") as f:
        out = csv.writer(f)
        out.writerow(["r", "d", "q", "v"])
        for r, (answers, department) in enumerate(submitted_rows(survey)):
            dep = department or ""
            for qid, value in answers.items():
                if qid not in questions or value in (None, "", [], {}):
                    continue
                if isinstance(value, dict):
                    for row, v in value.items():
                        out.writerow([r, dep, f"{qid}.{row}", v])
                        lines += 1
                elif isinstance(value, list):
                    for option in value:
                        out.writerow([r, dep, f"{qid}.{option}", "chosen"])
                        lines += 1
                else:
                    out.writerow([r, dep, qid, value])
                    lines += 1
    return lines


FLOOR_QUERIES = (
    "SELECT q, v, count(*) FROM a GROUP BY q, v",
    "SELECT q, d, v, count(*) FROM a GROUP BY q, d, v",
    "SELECT split_part(q, '.', 1) AS question, count(DISTINCT r) FROM a GROUP BY question",
)


def duckdb_floor(path: Path) -> float:
    """Best of three: the three counts over the long-format table in DuckDB (loaded first;
    loading is not timed)."""
    import duckdb

    con = duckdb.connect()
    con.execute("CREATE TABLE a AS SELECT * FROM read_csv(?, header = true)", [str(path)])
    best = float("inf")
    for _ in range(3):
        t0 = time.perf_counter()
        for sql in FLOOR_QUERIES:
            con.execute(sql).fetchall()
        best = min(best, time.perf_counter() - t0)
    con.close()
    return best


def measure_survey_results(survey: Any) -> tuple[float, float]:
    """Best of three seconds and peak MB (tracemalloc, a further run) of all results of the
    survey, as the results page computes them (nothing cached between runs)."""
    from weerbaar.surveys.results.services import survey_results

    survey_results(survey)  # warm up (imports, query plans)
    gc.collect()
    times = []
    for _ in range(3):
        t0 = time.perf_counter()
        survey_results(survey)
        times.append(time.perf_counter() - t0)
    gc.collect()
    tracemalloc.start()
    survey_results(survey)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return min(times), peak / 1e6


def measure_rebuild(survey: Any) -> tuple[float, float]:
    """Seconds and peak MB of counting every stored response again into the tallies (what
    the data migration, or a tally that does not match its rows, costs once)."""
    from weerbaar.surveys.results.stored import rebuild

    gc.collect()
    t0 = time.perf_counter()
    rebuild(survey)
    seconds = time.perf_counter() - t0
    gc.collect()
    tracemalloc.start()
    rebuild(survey)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return seconds, peak / 1e6


def measure_size(n: int) -> SizeFigures:
    survey = closed_survey(n)
    results_s, peak_mb = measure_survey_results(survey)
    rebuild_s, rebuild_mb = measure_rebuild(survey)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "answers.csv"
        long_format(survey, path)
        duckdb_s = duckdb_floor(path)
    survey.scan.organisation.delete()
    return SizeFigures(n, results_s, peak_mb, duckdb_s, rebuild_s, rebuild_mb)


def run(write: Any, sizes: tuple[int, ...] = SIZES) -> bool:
    """Measure every size, print the figures and one summary line; True if on target."""
    figures = []
    for n in sizes:
        write(f"survey-results: {n} respondents …")
        f = measure_size(n)
        figures.append(f)
        write(
            f"  results {f.results_s:.3f} s, peak {f.peak_mb:.1f} MB; "
            f"duckdb_s {f.duckdb_s:.3f} s; ratio {f.ratio:.1f}x; "
            f"(once: recounting every response into the tallies {f.rebuild_s:.3f} s, "
            f"peak {f.rebuild_mb:.1f} MB)"
        )
    by_n = {f.respondents: f for f in figures}
    ok = True
    if 20_000 in by_n:
        f = by_n[20_000]
        ok &= f.ratio <= TARGET_RATIO
        write(f"20,000 respondents: {f.ratio:.1f}x the DuckDB floor  (target <= {TARGET_RATIO}x)")
    if 200_000 in by_n:
        f = by_n[200_000]
        ok &= f.results_s < TARGET_LARGE_S and f.peak_mb < TARGET_LARGE_MB
        write(
            f"200,000 respondents: {f.results_s:.3f} s, {f.peak_mb:.1f} MB  "
            f"(target < {TARGET_LARGE_S} s, < {TARGET_LARGE_MB:.0f} MB)"
        )
    load = loadavg()
    write(f"survey-results: load average after the run: {load}")
    parts = " ".join(
        f"n{f.respondents}_s={f.results_s:.3f} n{f.respondents}_duckdb_s={f.duckdb_s:.3f} "
        f"n{f.respondents}_ratio={f.ratio:.1f} n{f.respondents}_peak_mb={f.peak_mb:.1f} "
        f"n{f.respondents}_rebuild_s={f.rebuild_s:.3f}"
        for f in figures
    )
    load_field = load.replace(" ", "/").replace(",", "")
    write(f"survey-results-bench: {parts} ok={'yes' if ok else 'no'} load={load_field}")
    return ok
