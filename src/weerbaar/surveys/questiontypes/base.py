"""The protocol of a question type, and the registry that holds one instance per type.

A question type (``type:`` of a question in the questionnaire YAML) knows, for questions of
its type, how the answer is

* **validated** in the questionnaire: which type-specific fields it accepts (``accepts``),
  which it requires (``schema_requires``, a JSON-schema fragment) and further checks
  (:meth:`QuestionType.check`); what a routing condition on it may compare
  (``comparison``, :meth:`QuestionType.condition_values`);
* **read** from a POSTed page (:meth:`~QuestionType.parse`) and **shown** again
  (:meth:`~QuestionType.present`, ``template``);
* **stored** in the answers JSON (the value ``parse`` returns);
* **counted** by the results engine (:meth:`~QuestionType.units`, :meth:`~QuestionType.count`
  and the hooks after them);
* **exported** and **imported** as data-set columns (:meth:`~QuestionType.variables`,
  :meth:`~QuestionType.export_value`, :meth:`~QuestionType.parse_import`, ...);
* **described** in words (:meth:`~QuestionType.describe`, ``label``, ``report_kind``).

The defaults suit a question with one value per respondent; a type overrides what differs.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal, Protocol

from django.utils.functional import Promise
from django.utils.translation import gettext as _

from weerbaar.core.registry import Registry
from weerbaar.core.text import translate
from weerbaar.surveys.i18n import untranslated
from weerbaar.surveys.types import Answers, Option, Question, ResultItem, Row, Text

from .counting import Category, QuestionCounts, Unit

ReportKind = Literal["categorical", "grade", "multiple", "open"]
Comparison = Literal["values", "numeric", "contains", "none"]
Location = list[str | int]

TEMPLATES = "surveys/respond/questions/"


class FormData(Protocol):
    """What a question type reads from: a ``QueryDict`` (request.POST)."""

    def get(self, key: str, default: Any = None) -> Any: ...

    def getlist(self, key: str) -> list[Any]: ...


class InvalidAnswer(ValueError):
    """An answer that cannot be stored; the message is shown to the respondent."""


@dataclass
class Parsed:
    """One question read from a page: what was sent, the answer to store, or an error."""

    raw: Any
    answer: Any = None
    error: str | None = None
    keep: bool = False  # store ``answer`` although there is an error (a partly answered matrix)
    # Further answer keys of this question (the text of an "other" option), and what was sent.
    extra: dict[str, Any] = field(default_factory=dict)
    extra_raw: dict[str, Any] = field(default_factory=dict)


OTHER_TEXT_MAX = 500


def other_key(question_id: str) -> str:
    """Where the text of an "other, namely" option is kept in the answers."""
    return f"{question_id}:other"


def base_question_id(answer_key: str) -> str:
    """The question an answer key belongs to (``q1`` for ``q1`` and ``q1:other``)."""
    return answer_key.split(":", 1)[0]


def other_values(question: Question) -> set[str]:
    """Values of the options that take a text ("Andere, namelijk ...")."""
    return {o["value"] for o in question.get("options", []) if o.get("other")}


def read_other_text(question: Question, data: FormData, chosen: list[str], parsed: Parsed) -> None:
    """Read the text of an "other" option into ``parsed`` (kept only when it is chosen)."""
    others = other_values(question)
    if not others:
        return
    text = " ".join(str(data.get(field_name(question) + "-other") or "").split())
    key = other_key(question["id"])
    parsed.extra_raw[key] = text
    if not text or parsed.error:
        return
    label = next(translate(o["label"]) for o in question["options"] if o["value"] in others)
    if not others & set(chosen):
        parsed.error = _("Kies “%(label)s” als u hier iets invult, of maak het tekstveld leeg.") % {
            "label": label
        }
    elif len(text) > OTHER_TEXT_MAX:
        parsed.error = _("Gebruik ten hoogste %(n)s tekens.") % {"n": OTHER_TEXT_MAX}
    else:
        parsed.extra[key] = text


@dataclass
class Variable:
    """One column of the data set (variabele); see :mod:`weerbaar.surveys.exports`."""

    name: str
    question: str
    kind: str  # category | binary | grade | number | text | department
    label: str
    label_en: str = ""
    row: str | None = None
    option: str | None = None
    # (code, value, label, substantive) for coded variables
    values: list[tuple[int, str, str, bool]] = field(default_factory=list)
    max_length: int | None = None
    minimum: float | None = None
    maximum: float | None = None

    def code_of(self, value: Any) -> int | None:
        for code, v, _label, _s in self.values:
            if v == value:
                return code
        return None


Departments = Mapping[str, Mapping[str, Any]]
"""Departments for an import: ``{"by_name": {lower name: dept}, "by_pk": {str pk: dept}}``."""


def field_name(question: Question, row: Row | None = None) -> str:
    """Form field name: ``q-<question>``, or ``q-<question>-<row>`` for a row."""
    return f"q-{question['id']}" + (f"-{row['id']}" if row else "")


def text_of(value: Any, lang: str = "nl") -> str:
    """One language of a bilingual text ("" when missing)."""
    if isinstance(value, dict):
        return str(value.get(lang) or value.get("nl") or "")
    return "" if value is None else str(value)


def coded_values(options: Sequence[Category]) -> list[tuple[int, str, str, bool]]:
    """(code, value, Dutch label, substantive) of options, codes from 1."""
    return [
        (i, o["value"], text_of(o["label"]), o.get("substantive", True) is not False)
        for i, o in enumerate(options, 1)
    ]


def parse_coded(variable: Variable, raw: str) -> tuple[Any, str | None]:
    """A coded cell: the value itself or its code ("2" or "2.0" from a spreadsheet)."""
    for code, value, _label, _s in variable.values:
        if raw == value or raw == str(code) or raw == f"{code}.0":
            return value, None
    allowed = ", ".join(value for _c, value, _l, _s in variable.values)
    return None, _("“%(value)s” is geen toegestaan antwoord (kies uit: %(allowed)s).") % {
        "value": raw[:80],
        "allowed": allowed,
    }


def parse_number(variable: Variable, raw: str, *, whole: bool) -> tuple[Any, str | None]:
    """A numeric cell within the variable's bounds; ``whole``: integers only."""
    try:
        number: float | int = float(raw.replace(",", "."))
    except ValueError:
        return None, _("“%(value)s” is geen getal.") % {"value": raw[:80]}
    if whole or float(number).is_integer():
        if not float(number).is_integer():
            return None, _("Een cijfer is een geheel getal.")
        number = int(number)
    if (variable.minimum is not None and number < variable.minimum) or (
        variable.maximum is not None and number > variable.maximum
    ):
        return None, _("%(value)s ligt niet tussen %(min)s en %(max)s.") % {
            "value": raw[:20],
            "min": variable.minimum,
            "max": variable.maximum,
        }
    return number, None


class QuestionType:
    """Base class of the question types; register a subclass with :func:`register_type`."""

    key: ClassVar[str]
    label: ClassVar[str | Promise]  # the kind of question in words (questionnaire overview)
    template: ClassVar[str]  # the answering widget (included by surveys/respond/page.html)
    # How reports show its items: categorical | grade | multiple | open; None: not reported.
    report_kind: ClassVar[ReportKind | None] = "categorical"
    # Counted without answer categories (only n, and a mean for numbers).
    open_answer: ClassVar[bool] = False
    # Type-specific fields the type accepts: options, options_from, rows, scale, exclusive
    # (on options), max_length. Other fields of this list are an error on its questions.
    accepts: ClassVar[frozenset[str]] = frozenset()
    # JSON-schema fragment its questions must also match (e.g. ``{"required": ["rows"]}``).
    schema_requires: ClassVar[dict[str, Any] | None] = None
    # What a routing condition on it compares: option values, numbers, "contains" or nothing.
    comparison: ClassVar[Comparison] = "values"
    # Answered once per question for all its units (multiple choice: one base for all options).
    shared_answered: ClassVar[bool] = False

    def __eq__(self, other: object) -> bool:
        return type(self).__module__ == type(other).__module__ and (
            type(self).__qualname__ == type(other).__qualname__
        )

    def __hash__(self) -> int:
        return hash((type(self).__module__, type(self).__qualname__))

    def __repr__(self) -> str:
        return f"<question type {self.key}>"

    # ------------------------------------------------------------------ questionnaire

    def check(self, question: Question) -> Iterator[tuple[Location, str]]:
        """Further semantic errors of a question: (location within the question, message)."""
        return iter(())

    def condition_values(self, question: Question) -> list[str]:
        """Answer values a routing condition on this question may name."""
        return [o["value"] for o in question.get("options", [])]

    def has_rows(self, question: Question) -> bool:
        return "rows" in self.accepts

    # ------------------------------------------------------------------ answering

    def parse(
        self, question: Question, data: FormData, departments: list[Any], check_required: bool
    ) -> Parsed:
        """Read the answer from a POSTed page (an empty answer is ``None``)."""
        value = (data.get(field_name(question)) or "").strip()
        if not value:
            return Parsed(value)
        try:
            return Parsed(value, self.to_answer(question, value))
        except InvalidAnswer as exc:
            return Parsed(value, error=str(exc))

    def to_answer(self, question: Question, value: str) -> Any:
        """The stored answer for a non-empty form value; raise :class:`InvalidAnswer`."""
        return value

    def present(
        self, question: Question, value: Any, departments: list[Any], item: dict[str, Any]
    ) -> None:
        """Add what the widget template shows to ``item`` (``value``: stored or typed)."""
        item["value"] = "" if value is None else str(value)

    # ------------------------------------------------------------------ counting

    def categories(self, question: Question) -> list[Category]:
        """Answer categories of a question-level unit."""
        return list(question.get("options", []))

    def units(self, question: Question, group_options: list[Category]) -> list[Unit]:
        """The reported items of a question (``group_options``: the department groups)."""
        if self.open_answer:
            return [Unit(question, question["id"])]
        return [Unit(question, question["id"], categories=self.categories(question))]

    def count(self, question: Question, pairs: list[tuple[str, Any]], qc: QuestionCounts) -> None:
        """Count ``pairs`` (group, stored answer) of the respondents who answered."""
        qid = question["id"]
        qc.answered[qid] = Counter(g for g, _v in pairs)
        if self.open_answer:
            qc.texts = [str(v) for _g, v in pairs]
        elif pairs and isinstance(pairs[0][1], str):
            qc.cells[qid] = Counter(pairs)  # the fast path: values stored as text
        else:
            qc.cells[qid] = Counter((g, str(v)) for g, v in pairs)

    def answered_scope(self, question: Question, unit: Unit) -> str:
        """Key of ``qc.answered`` holding the unit's answered counts."""
        return question["id"]

    def complete_cells(self, cells: Counter[Any], answered_by_group: Counter[str]) -> None:
        """Add cells that follow from the others (multiple choice: "not chosen")."""

    def collapse(
        self, question: Question, categories: list[Category]
    ) -> list[tuple[str, list[Any]]]:
        """Groups of categories also reported together, e.g. agree / disagree."""
        return []

    def open_results(
        self, item: ResultItem, qc: QuestionCounts, enough: bool, include_texts: bool
    ) -> None:
        """Open answers: what is shown besides n (texts for the coordinator, a mean)."""
        item["texts"] = sorted(qc.texts) if (enough and include_texts) else None

    # ------------------------------------------------------------------ export / import

    def variables(
        self,
        question: Question,
        label: str,
        label_en: str,
        department_values: list[tuple[str, str]] | None,
    ) -> list[Variable]:
        """The data-set columns of a question (labels: "number. text" in nl and en)."""
        qid = question["id"]
        values = coded_values(self.categories(question))
        kind = "category" if values else "text"
        return [Variable(qid, qid, kind, label, label_en, values=values)]

    def export_value(self, variable: Variable, answer: Any) -> Any:
        """The data-set cell of a variable for a stored answer ("" when not answered)."""
        return "" if answer is None else answer

    def parse_import(
        self, question: Question, variable: Variable, raw: str, departments: Departments
    ) -> tuple[Any, str | None]:
        """(value, error message) of a non-empty imported cell."""
        if variable.values:
            return parse_coded(variable, raw)
        try:
            return self.to_answer(question, raw), None
        except InvalidAnswer as exc:
            return None, str(exc)

    def add_imported(self, answers: Answers, variable: Variable, value: Any) -> None:
        """Put an imported cell's value into the respondent's answers."""
        answers[variable.question] = value

    def finish_import(self, question: Question, answer: Any) -> tuple[Any, list[str]]:
        """The imported answer once all its columns are read (None: drop), and errors."""
        return answer, []

    # ------------------------------------------------------------------ description

    def describe(self, question: Question) -> str:
        """A sentence about the answer format (codebook, questionnaire appendix)."""
        return str(self.label)

    def answer_options(self, question: Question) -> list[Text]:
        """The answers as the respondent saw them (questionnaire appendix)."""
        return [o["label"] for o in question.get("options", [])]


OTHER_DEPARTMENTS = "overige_afdelingen"
"""Data-set value of the departments merged in an export (the department is not known)."""


def option_labels(options: list[Option]) -> str:
    """The options' labels in the active language, for a description."""
    return "; ".join(translate(o["label"]) for o in options)


def choices_for(question: Question, departments: list[Any] | None = None) -> list[Option]:
    """The answer options of a choice question: departments first (Q1), then fixed options."""
    out: list[Option] = []
    if question.get("options_from") == "departments":
        for d in departments or []:
            out.append({"value": str(d.pk), "label": untranslated(d.name)})
    out.extend(question.get("options", []))
    return out


def present_choices(
    question: Question, value: Any, departments: list[Any], item: dict[str, Any]
) -> None:
    """Radio buttons or check boxes: the choices with the selected ones checked."""
    selected = value if isinstance(value, list) else [value]
    selected = [str(v) for v in selected if v is not None]
    item["choices"] = [
        {
            "value": c["value"],
            "label": translate(c["label"]),
            "checked": c["value"] in selected,
            "dom_id": f"{item['dom_id']}-{i}",
            "other": bool(c.get("other")),
            "other_name": f"{field_name(question)}-other",
            "other_id": f"{item['dom_id']}-{i}-tekst",
        }
        for i, c in enumerate(choices_for(question, departments))
    ]


question_types: Registry[QuestionType] = Registry("question types")


def register_type[T: type[QuestionType]](cls: T) -> T:
    """Class decorator: register one instance of a question type under its ``key``."""
    question_types.register(cls.key, cls())
    return cls
