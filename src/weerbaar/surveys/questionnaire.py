"""Questionnaires as data (vragenlijsten): reading, validating and querying definitions.

A questionnaire is a YAML document of kind ``questionnaire`` validated against
``schemas/questionnaire.yaml`` plus the semantic checks of :func:`semantic_errors`:

* ids are unique (pages and questions in the whole questionnaire, rows and option values
  within a question);
* ``show_if`` only refers to questions on EARLIER pages (routing is evaluated on the server
  when a page is submitted), to rows that exist and to option values that exist;
* ``contains`` is only used on multiple-choice questions, ``equals``/``one_of`` on others;
* ``maps_to`` only names dimensions, sub-elements or norms of the library.

Every error names the file, the line and the field (:class:`LibraryError`).
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any, cast

import yaml

from weerbaar.library.kinds import Reference, get_kind, register_kind
from weerbaar.library.loader import (
    Document,
    LibraryError,
    LibraryValidationError,
    field_name,
    line_of,
    read_yaml,
    validate_document,
)
from weerbaar.library.paths import latest_shipped_bundle

from .questiontypes import question_type, question_types
from .questiontypes.base import choices_for
from .types import Page, Question, QuestionnaireDefinition

__all__ = ["choices_for"]  # re-exported: the options of a choice question

SCHEMA_PATH = Path(__file__).parent / "schemas" / "questionnaire.yaml"
CONTENT_DIR = latest_shipped_bundle() / "questionnaires"
SHIPPED_FILES = ("medewerkers.yaml", "raadsleden.yaml")


class QuestionnaireError(LibraryValidationError):
    """A questionnaire did not validate; ``errors`` lists every problem."""


def register_questionnaire_kind() -> None:
    """Register the ``questionnaire`` kind so library bundles may contain questionnaires."""
    if get_kind("questionnaire") is None:
        register_kind(
            "questionnaire",
            SCHEMA_PATH,
            references=[
                Reference("pages[].questions[].maps_to[]", ("dimension", "norm")),
                Reference("pages[].questions[].rows[].maps_to[]", ("dimension", "norm")),
            ],
        )
    kind = get_kind("questionnaire")
    assert kind is not None
    add_question_types(kind.schema)  # again each time: a type may have been added since


def add_question_types(schema: dict[str, Any]) -> None:
    """Complete the schema from the question types: the allowed ``type`` values, and per
    type the fields its questions require (``schema_requires``)."""
    question = schema["$defs"]["question"]
    question["properties"]["type"] = {"enum": list(question_types)}
    question["allOf"] = [
        {"if": {"properties": {"type": {"const": key}}}, "then": qtype.schema_requires}
        for key, qtype in question_types.items()
        if qtype.schema_requires is not None
    ]


# ----------------------------------------------------------------------------- reading


MAX_EXPANDED_NODES = 100_000


def expanded_size(node: Any, limit: int = MAX_EXPANDED_NODES) -> int:
    """Number of YAML nodes once aliases are expanded (capped at ``limit + 1``).

    Guards against "billion laughs" documents whose aliases expand exponentially.
    """
    memo: dict[int, int] = {}

    def size(n: Any) -> int:
        key = id(n)
        if key in memo:
            return memo[key]
        memo[key] = 1  # cycles count once
        total = 1
        if isinstance(n, yaml.MappingNode):
            for k, v in n.value:
                total += size(k) + size(v)
                if total > limit:
                    break
        elif isinstance(n, yaml.SequenceNode):
            for v in n.value:
                total += size(v)
                if total > limit:
                    break
        memo[key] = min(total, limit + 1)
        return memo[key]

    return size(node) if node is not None else 0


def parse_text(text: str, display: str) -> tuple[Any, Any, list[LibraryError]]:
    """Parse YAML text (e.g. from the editor); returns (data, node tree, errors)."""
    try:
        node = yaml.compose(text, Loader=yaml.CSafeLoader)  # libyaml: as SafeLoader, faster
        if expanded_size(node) > MAX_EXPANDED_NODES:
            return None, None, [LibraryError(display, 1, "", "the document is too large")]
        data = yaml.load(text, Loader=yaml.CSafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        return None, None, [LibraryError(display, line, "", f"YAML syntax error: {exc.problem}")]
    except yaml.YAMLError as exc:
        return None, None, [LibraryError(display, None, "", f"YAML error: {exc}")]
    except (ValueError, OverflowError) as exc:  # a value Python cannot hold, e.g. 2024-02-30
        return None, None, [LibraryError(display, None, "", f"YAML value error: {exc}")]
    except RecursionError:
        return None, None, [LibraryError(display, 1, "", "the document is nested too deeply")]
    return data, node, []


def validate(
    data: Any, node: Any, display: str, known_ids: set[str] | None = None
) -> list[LibraryError]:
    """All schema and semantic errors of a parsed questionnaire.

    ``known_ids``: library dimension/sub-element/norm ids that ``maps_to`` may name
    (None: not checked).
    """
    register_questionnaire_kind()
    if not isinstance(data, dict):
        return [LibraryError(display, 1, "", "a questionnaire must be a YAML mapping")]
    if data.get("kind") != "questionnaire":
        return [
            LibraryError(display, line_of(node, ["kind"]), "kind", "kind must be 'questionnaire'")
        ]
    errors = validate_document(Document(display, "questionnaire", data, node))
    if errors:
        return errors
    return semantic_errors(data, node, display, known_ids)


def load_text(text: str, display: str, known_ids: set[str] | None = None) -> dict:
    """Parse and validate questionnaire YAML text; raises :class:`QuestionnaireError`."""
    data, node, errors = parse_text(text, display)
    if not errors:
        errors = validate(data, node, display, known_ids)
    if errors:
        raise QuestionnaireError(errors)
    return data


def load_file(path: Path, known_ids: set[str] | None = None) -> dict:
    """Read and validate a questionnaire file; raises :class:`QuestionnaireError`."""
    data, node, errors = read_yaml(path, path.name)
    if not errors:
        errors = validate(data, node, path.name, known_ids)
    if errors:
        raise QuestionnaireError(errors)
    return data


def library_ids(framework) -> set[str]:
    """Ids that ``maps_to`` may name: dimensions, themes, sub-elements and norms."""
    return set(framework.dimension_index) | set(framework.norm_index)


# ----------------------------------------------------------------------------- semantics


def _condition_leaves(group: dict, loc: list) -> Iterator[tuple[dict, list]]:
    for key in ("all", "any"):
        for i, item in enumerate(group.get(key, [])):
            if "all" in item or "any" in item:
                yield from _condition_leaves(item, [*loc, key, i])
            else:
                yield item, [*loc, key, i]


def option_values(question: Question) -> list[str]:
    return [o["value"] for o in question.get("options", [])]


def _accepted_by(field: str) -> str:
    """The types that accept a type-specific field, in words ("single", "matrix or ...")."""
    return " or ".join(key for key, t in question_types.items() if field in t.accepts)


TYPE_FIELDS = {
    "options": lambda key: f"a {key} question has no options",
    "options_from": lambda key: (
        f"options_from is only for {_accepted_by('options_from')} questions"
    ),
    "rows": lambda key: f"a {key} question has no rows",
    "scale": lambda key: f"only a {_accepted_by('scale')} question has a scale",
    "max_length": lambda key: f"max_length is only for {_accepted_by('max_length')} questions",
}


def semantic_errors(
    data: dict, node: Any, display: str, known_ids: set[str] | None = None
) -> list[LibraryError]:
    errors: list[LibraryError] = []

    def err(loc: list, message: str) -> None:
        errors.append(LibraryError(display, line_of(node, loc), field_name(loc), message))

    page_ids: set[str] = set()
    seen: dict[str, tuple[int, Question]] = {}  # question id -> (page index, question)
    departments_questions = 0
    for p, page in enumerate(data["pages"]):
        ploc = ["pages", p]
        if page["id"] in page_ids:
            err([*ploc, "id"], f"page id {page['id']!r} is used twice")
        page_ids.add(page["id"])
        for q, question in enumerate(page["questions"]):
            loc = [*ploc, "questions", q]
            qtype = question_type(question)
            qid = question["id"]
            if qid in seen:
                err([*loc, "id"], f"question id {qid!r} is used twice")
            values = option_values(question)
            if len(set(values)) != len(values):
                err([*loc, "options"], "option values must be unique within a question")
            if "options_from" in question:
                departments_questions += 1
            for name, refusal in TYPE_FIELDS.items():
                if name in question and name not in qtype.accepts:
                    err([*loc, name], refusal(qtype.key))
            row_ids = [r["id"] for r in question.get("rows", [])]
            if len(set(row_ids)) != len(row_ids):
                err([*loc, "rows"], "row ids must be unique within a question")
            for r, row in enumerate(question.get("rows", [])):
                if row.get("reverse") and "presentation_label" not in row:
                    err(
                        [*loc, "rows", r, "reverse"],
                        "a reverse-coded row needs a presentation_label",
                    )
            scale_values = [o["value"] for o in question.get("scale", [])]
            if len(set(scale_values)) != len(scale_values):
                err([*loc, "scale"], "scale values must be unique within a question")
            if "exclusive" not in qtype.accepts:
                for o, option in enumerate(question.get("options", [])):
                    if option.get("exclusive"):
                        err(
                            [*loc, "options", o, "exclusive"],
                            f"exclusive is only for {_accepted_by('exclusive')}",
                        )
            if "other" not in qtype.accepts:
                for o, option in enumerate(question.get("options", [])):
                    if option.get("other"):
                        err(
                            [*loc, "options", o, "other"],
                            f"other is only for {_accepted_by('other')}",
                        )
            for where, message in qtype.check(question):
                err([*loc, *where], message)
            if known_ids is not None:
                for i, ident in enumerate(question.get("maps_to", [])):
                    if ident not in known_ids:
                        err([*loc, "maps_to", i], f"unknown dimension or norm {ident!r}")
                for r, row in enumerate(question.get("rows", [])):
                    for i, ident in enumerate(row.get("maps_to", [])):
                        if ident not in known_ids:
                            err(
                                [*loc, "rows", r, "maps_to", i],
                                f"unknown dimension or norm {ident!r}",
                            )
            for cond, cloc in _condition_leaves(question.get("show_if", {}), [*loc, "show_if"]):
                _check_condition(cond, cloc, p, seen, err)
            seen[qid] = (p, question)
    if departments_questions > 1:
        err(["pages"], "only one question may take its options from the departments")
    return errors


def _check_condition(
    cond: dict, loc: list, page_index: int, seen: dict[str, tuple[int, Question]], err: Any
) -> None:
    ref = cond["question"]
    if ref not in seen:
        err([*loc, "question"], f"routing refers to {ref!r}, which is not an earlier question")
        return
    ref_page, target = seen[ref]
    if ref_page >= page_index:
        err(
            [*loc, "question"],
            f"routing refers to {ref!r} on the same page; "
            "a condition may only use questions of earlier pages",
        )
    ttype = question_type(target)
    if "row" in cond:
        if not ttype.has_rows(target):
            err([*loc, "row"], f"{ref!r} has no rows")
            return
        if cond["row"] not in [r["id"] for r in target["rows"]]:
            err([*loc, "row"], f"{ref!r} has no row {cond['row']!r}")
            return
    elif ttype.has_rows(target):
        err([*loc, "question"], f"a condition on {ref!r} must name a row")
        return
    allowed = ttype.condition_values(target)
    if "contains" in cond:
        if ttype.comparison != "contains":
            err(
                [*loc, "contains"],
                f"contains is only for multiple choice; {ref!r} is {ttype.key}",
            )
        elif cond["contains"] not in allowed:
            err([*loc, "contains"], f"{ref!r} has no option {cond['contains']!r}")
        return
    if "answered" in cond:
        return
    if ttype.comparison == "contains":
        err([*loc], f"use contains for the multiple-choice question {ref!r}")
        return
    expected = [cond["equals"]] if "equals" in cond else cond["one_of"]
    key = "equals" if "equals" in cond else "one_of"
    if ttype.comparison == "none":
        err([*loc, key], f"a condition cannot compare the free text of {ref!r}")
        return
    if ttype.comparison == "numeric":
        if not all(isinstance(v, int | float) for v in expected):
            err([*loc, key], f"{ref!r} has numeric answers")
        return
    if target.get("options_from"):
        return  # department values are configured per organisation
    for value in expected:
        if value not in allowed:
            err([*loc, key], f"{ref!r} has no option {value!r}")


# ----------------------------------------------------------------------------- queries


def pages(definition: QuestionnaireDefinition) -> list[Page]:
    return definition["pages"]


def iter_questions(definition: QuestionnaireDefinition) -> Iterator[Question]:
    for page in definition["pages"]:
        yield from page["questions"]


def question_index(definition: QuestionnaireDefinition) -> dict[str, Question]:
    return {q["id"]: q for q in iter_questions(definition)}


def department_question(definition: QuestionnaireDefinition) -> Question | None:
    for q in iter_questions(definition):
        if q.get("options_from") == "departments":
            return q
    return None


def non_substantive_values(question: Question) -> set[str]:
    """Values such as "weet niet / geen mening" and "wil liever niet zeggen"."""
    opts = question.get("options", []) + question.get("scale", [])
    return {o["value"] for o in opts if o.get("substantive") is False}


@lru_cache(maxsize=128)
def cached_definition(survey_id: int, version: int, created: Any) -> QuestionnaireDefinition:
    """The questionnaire of a survey at ``version``, read and parsed once per process.

    A survey's definition changes only by a save, which raises its version, so the key
    (survey, version, creation time) never serves an outdated questionnaire (the creation
    time tells apart a survey that reuses the id of a deleted one). The result is shared:
    callers must not change it.
    """
    from .models import Survey

    definition = Survey.objects.filter(pk=survey_id).values_list("definition", flat=True).get()
    return cast(QuestionnaireDefinition, definition)


def shipped_paths() -> list[Path]:
    return [CONTENT_DIR / name for name in SHIPPED_FILES]
