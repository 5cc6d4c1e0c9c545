"""Tallies: the counts of a survey's answers per department and knower, stored (pure part).

The results engine needs counts per department group (who was shown each question, who
answered it, how often each answer was given) over all rows and over the rows each
insider does not know. All of these are sums: counted once per (department, knower) pair,
they add up to the counts of any merge of departments into groups and of any view. A
:class:`Tally` holds the counts of one such pair, counted by the same code as the rows
(:func:`.counting.answer_pairs`, the question types' ``count``) with every row in one
placeholder group; :func:`merged_counts` re-keys and adds them for the groups of one page.

Free texts are not tallied (only how many answered): the coordinator's texts are read
from the answers when asked for. Numbers are tallied as value -> count.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from typing import Any

from weerbaar.surveys.questiontypes.counting import QuestionCounts
from weerbaar.surveys.types import Answers, Question, QuestionnaireDefinition

from .counting import answer_pairs, count_question

PLACEHOLDER = "_"
"""The group key every row of a tally is counted under."""


@dataclass
class QuestionTally:
    """The counts of one question over the rows of one tally."""

    shown: int = 0
    answered: dict[str, int] = field(default_factory=dict)  # scope -> n
    cells: dict[str, Counter[Any]] = field(default_factory=dict)  # unit key -> value -> n
    numbers: Counter[Any] = field(default_factory=Counter)
    by_value: bool = True


@dataclass
class Tally:
    """Counts of the rows of one department (None: unknown) known to ``known`` (None: web
    rows; otherwise whoever imported them from paper)."""

    department: str | None
    known: Hashable | None
    n: int = 0
    questions: dict[str, QuestionTally] = field(default_factory=dict)

    def add(self, other: Tally) -> None:
        """Add the counts of ``other`` (rows of the same department and knower)."""
        self.n += other.n
        for qid, ot in other.questions.items():
            qt = self.questions.setdefault(qid, QuestionTally(by_value=ot.by_value))
            qt.shown += ot.shown
            qt.by_value = qt.by_value and ot.by_value
            for scope, n in ot.answered.items():
                qt.answered[scope] = qt.answered.get(scope, 0) + n
            for unit, cells in ot.cells.items():
                qt.cells.setdefault(unit, Counter()).update(cells)
            qt.numbers.update(ot.numbers)


def questions_of(definition: QuestionnaireDefinition) -> list[Question]:
    return [q for page in definition["pages"] for q in page["questions"]]


#: Raise whenever counting or the stored tally layout changes: every stored tally then no
#: longer matches and is counted again from the responses on its next read.
TALLY_FORMAT = "1"


def definition_hash(definition: QuestionnaireDefinition) -> str:
    """What a stored tally was counted against, by which counting (the tally is invalid for
    any other definition or format)."""
    text = TALLY_FORMAT + json.dumps(definition, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def _tally_of(
    questions: list[Question], department: str | None, known: Hashable | None, rows: list[Answers]
) -> Tally:
    groups = [PLACEHOLDER] * len(rows)
    pairs = answer_pairs(questions, groups, rows)
    earlier: dict[str, QuestionCounts] = {}
    tally = Tally(department, known, len(rows))
    for q in questions:
        qc = count_question(q, pairs[q["id"]], rows, groups, earlier)
        earlier[q["id"]] = qc
        qt = QuestionTally(shown=qc.shown.get(PLACEHOLDER, 0), by_value=qc.by_value)
        for scope, by_group in qc.answered.items():
            if by_group.get(PLACEHOLDER):
                qt.answered[scope] = by_group[PLACEHOLDER]
        for unit, cells in qc.cells.items():
            qt.cells[unit] = Counter({v: n for (_g, v), n in cells.items() if n})
        qt.numbers = Counter(qc.numbers)
        tally.questions[q["id"]] = qt
    return tally


def tally_rows(
    definition: QuestionnaireDefinition,
    rows: Iterable[tuple[Answers, Any]],
    known: Iterable[Hashable | None] | None = None,
) -> list[Tally]:
    """The tallies of ``rows`` ((answers, department key) pairs, as for
    :func:`.engine.compute_results`), one per (department, knower) pair present."""
    questions = questions_of(definition)
    by_key: defaultdict[tuple[str | None, Hashable | None], list[Answers]] = defaultdict(list)
    known_iter = iter(known) if known is not None else None
    for answers, department in rows:
        who = next(known_iter) if known_iter is not None else None
        dep = None if department is None else str(department)
        by_key[(dep, who)].append(answers or {})
    return [_tally_of(questions, dep, who, answers) for (dep, who), answers in by_key.items()]


def merge_tallies(tallies: Iterable[Tally]) -> list[Tally]:
    """One tally per (department, knower): the sums of ``tallies``."""
    out: dict[tuple[str | None, Hashable | None], Tally] = {}
    for t in tallies:
        key = (t.department, t.known)
        if key not in out:
            out[key] = Tally(t.department, t.known)
        out[key].add(t)
    return list(out.values())


def merged_counts(
    questions: list[Question],
    tallies: Iterable[Tally],
    group_of: Callable[[str | None], str],
) -> dict[str, QuestionCounts]:
    """The counts per group (``group_of`` a department) of the rows of ``tallies``: what
    counting those rows with their groups gives (see :func:`.engine.compute_results`)."""
    # The counts of no rows at all: every key and flag the question types set.
    counts: dict[str, QuestionCounts] = {}
    empty = answer_pairs(questions, [], [])
    for q in questions:
        counts[q["id"]] = count_question(q, empty[q["id"]], [], [], counts)
    for t in tallies:
        g = group_of(t.department)
        for qid, qt in t.questions.items():
            qc = counts.get(qid)
            if qc is None:
                continue
            if qt.shown:
                qc.shown[g] += qt.shown
            for scope, n in qt.answered.items():
                qc.answered[scope][g] += n
            for unit, cells in qt.cells.items():
                target = qc.cells[unit]
                for value, n in cells.items():
                    if n:
                        target[(g, value if qt.by_value else g)] += n
            for value, n in qt.numbers.items():
                qc.numbers.extend([value] * n)
    return counts


# ---------------------------------------------------------------------------- JSON form


def to_json(tally: Tally) -> dict[str, Any]:
    """The stored form of a tally's counts (answer values keep their JSON type)."""
    out: dict[str, Any] = {}
    for qid, qt in tally.questions.items():
        item: dict[str, Any] = {"s": qt.shown}
        if qt.answered:
            item["a"] = qt.answered
        if qt.cells:
            item["c"] = {unit: [[v, n] for v, n in c.items()] for unit, c in qt.cells.items()}
        if qt.numbers:
            item["x"] = [[v, n] for v, n in qt.numbers.items()]
        if not qt.by_value:
            item["d"] = 1
        out[qid] = item
    return out


def from_json(
    department: str | None, known: Hashable | None, n: int, data: dict[str, Any]
) -> Tally:
    tally = Tally(department, known, n)
    for qid, item in data.items():
        tally.questions[qid] = QuestionTally(
            shown=item.get("s", 0),
            answered=dict(item.get("a", {})),
            cells={
                unit: Counter({_key(v): n for v, n in pairs})
                for unit, pairs in item.get("c", {}).items()
            },
            numbers=Counter({_key(v): n for v, n in item.get("x", [])}),
            by_value=not item.get("d"),
        )
    return tally


def _key(value: Any) -> Any:
    """A stored answer value as a counter key (JSON arrays come back as lists)."""
    return tuple(value) if isinstance(value, list) else value
