"""``weerbaar bench report``: the report of a large scan (not a timed test).

A municipality with 20,000 respondents to the employee survey (built by the survey
benchmark's generator), 40 vulnerable processes, 60 vulnerable functions and a filled-in
self-assessment. Measured (wall-clock and CPU): collecting the report data, rendering HTML
(target < 2 s), PDF (< 15 s) and DOCX (< 10 s), a draft PDF (collecting + rendering,
< 4 s), the PDF floor in the same run (WeasyPrint on the same HTML without charts and
without PDF/UA tags), and the peak memory of the process (< 500 MB, peak resident set
size, which includes building the data). The last line is machine-readable::

    report-bench: draft_pdf_s=… draft_pdf_cpu_s=… collect_s=… … pdf_floor_ratio=… peak_mb=…
"""

from __future__ import annotations

import argparse
import gc
import importlib
import platform
import random
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from itertools import cycle
from typing import Any

from . import Output, register_bench
from .machine import loadavg, machine, peak_rss_mb
from .municipality import build_municipality

N_PROCESSES = 40
N_FUNCTIONS = 60


def add_registers(scan, rng) -> None:
    """40 processes and 60 functions, varied from the demo registers (seed 004 §5)."""
    from weerbaar.registers.demo import FUNCTIONS, PROCESSES
    from weerbaar.registers.models import FunctionEntry, ProcessEntry
    from weerbaar.registers.services import (
        ControlInput,
        CriterionInput,
        save_function_entry,
        save_process_entry,
    )

    for position, spec in zip(range(1, N_PROCESSES + 1), cycle(PROCESSES), strict=False):
        pid, dept, described, discretion, size, parties, scores, controls = spec
        entry = ProcessEntry(
            scan=scan,
            library_process_id=pid,
            own_name=f"Proces {position:02d} ({pid.removeprefix('PR-')})",
            owner_department=dept,
            described=described,
            discretion=discretion,
            money_flows=bool(size),
            money_flow_size=size,
            external_parties=parties,
            position=position,
        )
        save_process_entry(
            entry,
            [
                CriterionInput(c, min(3, max(0, s + rng.choice((-1, 0, 0, 1)))), r)
                for c, (s, r) in scores.items()
            ],
            [ControlInput(t, st, d) for t, st, d in controls],
        )
    examples = {f["id"]: f for f in scan.framework.example_functions}
    for position, (fid, dept, fields) in zip(
        range(1, N_FUNCTIONS + 1), cycle(FUNCTIONS), strict=False
    ):
        example = examples.get(fid, {"name": {"nl": fid}})
        save_function_entry(
            FunctionEntry(
                scan=scan,
                library_function_id=fid if fid in examples else "",
                name=f"{example['name']['nl']} {position:02d}",
                department=dept,
                position=position,
                **fields,
            )
        )


def add_assessment(scan, rng) -> None:
    from weerbaar.assessment.models import AssessmentItem, ItemKind

    fw = scan.framework
    statuses = ["voldoet", "voldoet_deels", "voldoet_niet", "onbekend"]
    items = [
        AssessmentItem(
            scan=scan,
            kind=ItemKind.NORM,
            item_id=n["id"],
            status=rng.choice(statuses),
            finding="Bevinding uit documentstudie en interviews.",
        )
        for n in fw.norms
    ] + [
        AssessmentItem(
            scan=scan, kind=ItemKind.PILLAR_ITEM, item_id=i["id"], status=rng.choice(statuses)
        )
        for i in fw.pillar_items
    ]
    AssessmentItem.objects.bulk_create(items)


def report_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--respondents", type=int, default=20_000, help="respondents of the survey (20000)"
    )


@register_bench(
    "report",
    help="Report of a scan with 20,000 respondents, 40 processes, 60 functions",
    arguments=report_arguments,
)
def bench_report(out: Output, options: dict[str, Any]) -> int:
    from weerbaar.audit.context import acting_as
    from weerbaar.reports.demo import demo_draft
    from weerbaar.reports.services import get_or_create_report, save_draft

    n = int(options["respondents"])
    rng = random.Random(2026)
    out.write(
        f"report-bench: generating a municipality with {n} respondents, "
        f"{N_PROCESSES} processes and {N_FUNCTIONS} functions …"
    )
    t0 = time.perf_counter()
    with acting_as(None, label="bench"):
        _org, scan, _survey = build_municipality(n)
        add_registers(scan, rng)
        add_assessment(scan, rng)
        report = get_or_create_report(scan)
        report = save_draft(report, demo_draft(scan), revision=report.revision)
    out.write(f"report-bench: generated in {time.perf_counter() - t0:.1f} s")
    gc.collect()

    figures = measure_report(scan, report)
    write_report_figures(out, n, figures)
    return 0 if figures.meets_targets() else 1


@dataclass
class ReportFigures:
    """Wall-clock and CPU seconds of each step (from the database to the three formats)."""

    collect: tuple[float, float]
    render: dict[str, tuple[float, float]]
    sizes: dict[str, int]
    import_s: float
    floor: tuple[float, float]
    peak_mb: float

    @property
    def draft_pdf(self) -> tuple[float, float]:
        """A draft PDF download: collecting plus rendering (wall, CPU)."""
        return self.collect[0] + self.render["pdf"][0], self.collect[1] + self.render["pdf"][1]

    def floor_ratio(self) -> float:
        return self.render["pdf"][1] / self.floor[1] if self.floor[1] else float("nan")

    def meets_targets(self) -> bool:
        return (
            all(self.render[f][0] < TARGETS[f] for f in TARGETS)
            and self.draft_pdf[0] < TARGET_DRAFT_PDF_S
            and self.peak_mb < TARGET_PEAK_MB
        )

    def line(self) -> str:
        wall = {f: t[0] for f, t in self.render.items()}
        return (
            f"report-bench: draft_pdf_s={self.draft_pdf[0]:.2f} "
            f"draft_pdf_cpu_s={self.draft_pdf[1]:.2f} collect_s={self.collect[0]:.2f} "
            f"collect_cpu_s={self.collect[1]:.2f} html_s={wall['html']:.2f} "
            f"pdf_s={wall['pdf']:.2f} pdf_cpu_s={self.render['pdf'][1]:.2f} "
            f"pdf_floor_cpu_s={self.floor[1]:.2f} pdf_floor_ratio={self.floor_ratio():.2f} "
            f"docx_s={wall['docx']:.2f} import_s={self.import_s:.2f} "
            f"peak_mb={self.peak_mb:.0f} load={loadavg().replace(' ', '/')}"
        )


TARGETS = {"html": 2.0, "pdf": 15.0, "docx": 10.0}
TARGET_DRAFT_PDF_S = 4.0
TARGET_PEAK_MB = 500


def _timed(fn: Callable[[], Any]) -> tuple[Any, tuple[float, float]]:
    gc.collect()
    t0, c0 = time.perf_counter(), time.process_time()
    result = fn()
    return result, (time.perf_counter() - t0, time.process_time() - c0)


def pdf_floor(snapshot: dict) -> tuple[float, float]:
    """The PDF floor: WeasyPrint laying out the same HTML (text, tables, CSS) without the
    charts and without PDF/UA tagging, i.e. what the layout engine costs for this text."""
    from weasyprint import HTML

    from weerbaar.reports import render

    html = re.sub(r'<img class="chart"[^>]*>', "", render.render_html(snapshot, for_pdf=True))
    _pdf, times = _timed(lambda: HTML(string=html, base_url=str(render.STATIC_DIR)).write_pdf())
    return times


def measure_report(scan, report) -> ReportFigures:
    """Collect the report data, then render it as HTML, PDF and DOCX, each once; then the
    PDF floor. The PDF library is loaded first (a server loads it once per process)."""
    from weerbaar.reports import render
    from weerbaar.reports.collect import collect_report_data
    from weerbaar.reports.services import normalised_snapshot

    _mod, (import_s, _cpu) = _timed(lambda: importlib.import_module("weasyprint"))
    snapshot, collect = _timed(
        lambda: normalised_snapshot(collect_report_data(scan, report).to_json())
    )
    times: dict[str, tuple[float, float]] = {}
    sizes: dict[str, int] = {}
    for fmt in ("html", "pdf", "docx"):
        data, times[fmt] = _timed(partial(render.render, snapshot, fmt, "nl"))
        sizes[fmt] = len(data)
    return ReportFigures(collect, times, sizes, import_s, pdf_floor(snapshot), peak_rss_mb())


def write_report_figures(out: Output, n: int, f: ReportFigures) -> None:
    out.write(
        f"machine: {platform.machine()} {platform.processor() or ''} "
        f"python {platform.python_version()}; {machine()}"
    )
    out.write(f"PDF library loaded in {f.import_s:.2f} s (once per process, not counted below)")
    out.write(
        f"collect report data (all sources, {n} respondents): {f.collect[0]:.2f} s wall, "
        f"{f.collect[1]:.2f} s CPU (plus the database's own time)"
    )
    for fmt, target in TARGETS.items():
        wall, cpu = f.render[fmt]
        out.write(
            f"render {fmt}: {wall:.2f} s wall, {cpu:.2f} s CPU, {f.sizes[fmt]:,} bytes  "
            f"(target < {target:g} s)"
        )
    out.write(
        f"PDF floor (same HTML without charts and PDF/UA tags): {f.floor[0]:.2f} s wall, "
        f"{f.floor[1]:.2f} s CPU; the report PDF takes {f.floor_ratio():.2f}x its CPU"
    )
    out.write(
        f"draft PDF (collect + render): {f.draft_pdf[0]:.2f} s wall, {f.draft_pdf[1]:.2f} s "
        f"CPU  (target < {TARGET_DRAFT_PDF_S:g} s)"
    )
    out.write(
        f"peak resident memory of the process: {f.peak_mb:.0f} MB  (target < {TARGET_PEAK_MB} MB)"
    )
    out.write(f"load average at the end: {loadavg()}")
    out.write(f.line())
