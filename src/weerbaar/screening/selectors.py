"""Screening compliance of the register's functions: what is required, when it is due.

Functions come from the register of the organisation's most recent scan (the current state;
earlier scans keep their own). Per function the required screenings follow from the library
rules (:mod:`weerbaar.screening.content`): the VOG P domains, the register's own designation
(``screening_required``) and the function's attributes. Everything here is about functions
and counts; nothing names a person.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any, TypedDict

from django.utils import timezone

from weerbaar.organisations.models import Organisation
from weerbaar.registers.models import FunctionEntry
from weerbaar.registers.selectors import function_entries
from weerbaar.scans.selectors import latest_scan

from .content import Rules, rules_for
from .models import FunctionScreening

DUE_SOON_DAYS = 90


class Status:
    NEVER = "never"
    OVERDUE = "overdue"
    DUE_SOON = "due_soon"
    OK = "ok"


@dataclass(frozen=True)
class Requirement:
    """One screening a function requires, why, and where it stands."""

    screening: str
    rule_ids: tuple[str, ...]
    last_done: datetime.date | None
    due: datetime.date | None
    status: str

    @property
    def is_overdue(self) -> bool:
        return self.status in (Status.NEVER, Status.OVERDUE)


@dataclass
class FunctionCompliance:
    function: FunctionEntry
    domain: str
    record: FunctionScreening | None
    requirements: list[Requirement] = field(default_factory=list)

    @property
    def overdue(self) -> bool:
        return any(r.is_overdue for r in self.requirements)


class OverdueSummary(TypedDict):
    """Counts of functions and screenings (never persons); see :func:`overdue_summary`."""

    functions: int  # functions in the current register
    functions_requiring: int  # of which require at least one screening
    functions_overdue: int  # with at least one screening overdue or never done
    requirements: int  # required screenings (function x screening)
    overdue: int  # past their renewal date, or never done
    never_done: int  # of which never done
    due_soon: int  # due within DUE_SOON_DAYS days
    up_to_date: int  # not overdue (due soon included)
    overdue_by_screening: dict[str, int]  # screening id -> overdue count


def add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def record_for(function: FunctionEntry, records: dict[int, FunctionScreening]) -> Any:
    """The function's record, or that of the nearest earlier copy of it (carried forward)."""
    seen: set[int] = set()
    entry: FunctionEntry | None = function
    while entry is not None and entry.pk not in seen:
        if entry.pk in records:
            return records[entry.pk]
        seen.add(entry.pk)
        entry = entry.copied_from
    return None


def function_domain(function: FunctionEntry, record: FunctionScreening | None, rules: Rules) -> str:
    if record is not None and record.vog_p_domain:
        return record.vog_p_domain
    return rules.function_domains.get(function.library_function_id, "")


def _applies(rule: dict, function: FunctionEntry, domain: str, rules: Rules) -> bool:
    when = rule["when"]
    if when.get("vog_p_domain"):
        return domain in rules.domains
    value = getattr(function, when["field"])
    return bool(value == when["equals"])


def _last_done(
    screening: str, record: FunctionScreening | None, rules: Rules
) -> datetime.date | None:
    if record is None:
        return None
    dates = [record.last_done(screening)]
    for other, spec in rules.screenings.items():
        if screening in spec.get("covers", []):
            dates.append(record.last_done(other))
    known = [d for d in dates if d is not None]
    return max(known) if known else None


def requirements_for(
    function: FunctionEntry,
    record: FunctionScreening | None,
    rules: Rules,
    today: datetime.date,
) -> tuple[str, list[Requirement]]:
    """The function's VOG P domain and the screenings it requires, with their state."""
    domain = function_domain(function, record, rules)
    by_screening: dict[str, list[str]] = {}
    for rule in rules.rules:
        if _applies(rule, function, domain, rules):
            by_screening.setdefault(rule["screening"], []).append(rule["id"])
    for spec in rules.screenings.values():  # a VOG P makes a VOG requirement redundant
        if spec["id"] in by_screening:
            for covered in spec.get("covers", []):
                by_screening.pop(covered, None)
    result = []
    for screening_id, spec in rules.screenings.items():
        if screening_id not in by_screening:
            continue
        last = _last_done(screening_id, record, rules)
        due = add_years(last, int(spec["renewal_years"])) if last else None
        if due is None:
            status = Status.NEVER
        elif due < today:
            status = Status.OVERDUE
        elif due <= today + datetime.timedelta(days=DUE_SOON_DAYS):
            status = Status.DUE_SOON
        else:
            status = Status.OK
        result.append(
            Requirement(screening_id, tuple(by_screening[screening_id]), last, due, status)
        )
    return domain, result


def compliance(
    organisation: Organisation, today: datetime.date | None = None
) -> list[FunctionCompliance]:
    """Every function of the current register with its required screenings."""
    scan = latest_scan(organisation)
    if scan is None:
        return []
    today = today or timezone.localdate()
    rules = rules_for(scan)
    # Not the library version per row: the rules are read once, above.
    entries = function_entries(scan).select_related(None)
    functions = list(entries.select_related("copied_from__copied_from"))
    records = {
        r.function_id: r
        for r in FunctionScreening.objects.filter(function__scan__organisation=organisation)
    }
    rows = []
    for function in functions:
        record = record_for(function, records)
        domain, requirements = requirements_for(function, record, rules, today)
        rows.append(FunctionCompliance(function, domain, record, requirements))
    return rows


def overdue_summary(
    organisation: Organisation, today: datetime.date | None = None
) -> OverdueSummary:
    """Counts of the organisation's required screenings by state: functions, never persons."""
    rows = compliance(organisation, today)
    requirements = [r for row in rows for r in row.requirements]
    by_screening: dict[str, int] = {}
    for r in requirements:
        if r.is_overdue:
            by_screening[r.screening] = by_screening.get(r.screening, 0) + 1
    return OverdueSummary(
        functions=len(rows),
        functions_requiring=sum(1 for row in rows if row.requirements),
        functions_overdue=sum(1 for row in rows if row.overdue),
        requirements=len(requirements),
        overdue=sum(1 for r in requirements if r.is_overdue),
        never_done=sum(1 for r in requirements if r.status == Status.NEVER),
        due_soon=sum(1 for r in requirements if r.status == Status.DUE_SOON),
        up_to_date=sum(1 for r in requirements if r.status in (Status.OK, Status.DUE_SOON)),
        overdue_by_screening=by_screening,
    )
