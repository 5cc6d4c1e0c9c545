"""``weerbaar bench report``: the report of a large scan (not a timed test).

A municipality with 20,000 respondents to the employee survey (built by the survey
benchmark's generator), 40 vulnerable processes, 60 vulnerable functions and a filled-in
self-assessment. Measured: collecting the report data, rendering HTML (target < 2 s), PDF
(< 15 s) and DOCX (< 10 s), and the peak memory of the process (< 500 MB, peak resident
set size, which includes building the data). The last line is machine-readable::

    report-bench: html_s=… pdf_s=… docx_s=… peak_mb=…
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import random
import time
from itertools import cycle
from typing import Any

from . import Output, register_bench
from .machine import peak_rss_mb
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
    from weerbaar.reports import render
    from weerbaar.reports.collect import collect_report_data
    from weerbaar.reports.demo import demo_draft
    from weerbaar.reports.services import get_or_create_report, normalised_snapshot, save_draft

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

    t0 = time.perf_counter()
    snapshot = normalised_snapshot(collect_report_data(scan, report).to_json())
    collect_s = time.perf_counter() - t0
    timings = {}
    cpu = {}
    sizes = {}
    for fmt in ("html", "pdf", "docx"):
        gc.collect()
        t0, c0 = time.perf_counter(), time.process_time()
        data = render.render(snapshot, fmt, "nl")
        timings[fmt] = time.perf_counter() - t0
        cpu[fmt] = time.process_time() - c0
        sizes[fmt] = len(data)
    peak = peak_rss_mb()
    targets = {"html": 2.0, "pdf": 15.0, "docx": 10.0}
    ok = all(timings[f] < targets[f] for f in targets) and peak < 500
    out.write(
        f"machine: {platform.machine()} {platform.processor() or ''} "
        f"python {platform.python_version()}"
    )
    out.write(f"load average at the end: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
    out.write(f"collect report data (all sources, {n} respondents): {collect_s:.2f} s")
    for fmt, target in targets.items():
        out.write(
            f"render {fmt}: {timings[fmt]:.2f} s wall, {cpu[fmt]:.2f} s CPU, "
            f"{sizes[fmt]:,} bytes  (target < {target:g} s)"
        )
    out.write(f"draft PDF (collect + render): {collect_s + timings['pdf']:.2f} s  (goal < 4 s)")
    out.write(f"peak resident memory of the process: {peak:.0f} MB  (target < 500 MB)")
    out.write(
        f"report-bench: html_s={timings['html']:.2f} pdf_s={timings['pdf']:.2f} "
        f"docx_s={timings['docx']:.2f} peak_mb={peak:.0f}"
    )
    return 0 if ok else 1
