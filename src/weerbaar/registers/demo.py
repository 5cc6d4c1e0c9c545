"""Demo step: the registers of Gemeente Voorbeeld's 0-meting.

The findings follow the pattern of seed 004 (§5.2 and §5.4): segregation of duties works in
the financial processes and at the counter, four-eyes is agreed for permits but not applied,
inspectors do not rotate, the Wmo invoices are paid by one budget holder alone, and a VOG or
VOG P is not consistently asked for (not for hires, not on a change of function).

The entries themselves are data, in ``demo_registers.yaml`` next to this module.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from weerbaar.core.demo import DemoContext, demo_step

from .models import FunctionEntry, ProcessEntry
from .services import ControlInput, CriterionInput, save_function_entry, save_process_entry

DATA_PATH = Path(__file__).with_name("demo_registers.yaml")


def _load() -> tuple[list[tuple], list[tuple]]:
    with open(DATA_PATH, encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    processes = [
        (
            p["process"],
            p["department"],
            p["described"],
            p["discretion"],
            p["money_flow_size"],
            p["external_parties"],
            {c: (v["score"], v["rationale"]) for c, v in p["criteria"].items()},
            [(c["type"], c["state"], c["description"]) for c in p["controls"]],
        )
        for p in data["processes"]
    ]
    functions = []
    for entry in data["functions"]:
        fields = dict(entry)
        functions.append((fields.pop("function"), fields.pop("department"), fields))
    return processes, functions


#: (library id, department, described, discretion, money size, external parties,
#:  {criterion: (score, rationale)}, [(control type, state, description)])
PROCESSES: list[tuple]
#: (library id, department, overrides of FunctionEntry fields)
FUNCTIONS: list[tuple]
PROCESSES, FUNCTIONS = _load()


@demo_step(order=40)
def build_registers(ctx: DemoContext) -> None:
    scan = ctx.objects["scan_baseline"]
    framework = scan.framework
    for position, (pid, dept, described, discretion, size, parties, scores, controls) in enumerate(
        PROCESSES, start=1
    ):
        entry = ProcessEntry(
            scan=scan,
            library_process_id=pid,
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
            [CriterionInput(c, s, r) for c, (s, r) in scores.items()],
            [ControlInput(t, st, d) for t, st, d in controls],
        )
    examples = {f["id"]: f for f in framework.example_functions}
    for position, (fid, dept, fields) in enumerate(FUNCTIONS, start=1):
        example = examples[fid]
        function_entry = FunctionEntry(
            scan=scan,
            library_function_id=fid,
            name=example["name"]["nl"],
            department=dept,
            description=example.get("description", {}).get("nl", ""),
            position=position,
            **fields,
        )
        save_function_entry(function_entry)
    ctx.objects["registers_process_count"] = len(PROCESSES)
    ctx.objects["registers_function_count"] = len(FUNCTIONS)
