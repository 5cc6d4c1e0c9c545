"""Editing a questionnaire definition: texts, answer options, questions and pages.

Plain functions: each takes a definition and returns a NEW, validated definition (the input
is never changed), or raises :class:`~.validation.EditError` with a Dutch message. Routing
(``show_if``) is edited in :mod:`.conditions`.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from django.utils.text import slugify
from django.utils.translation import gettext as _

from ..types import Option, Page, Question, QuestionnaireDefinition, Text
from .validation import EditError, require_valid

Direction = Literal["up", "down"]

#: Question types a coordinator can add in the editor (others are edited, not added).
ADDABLE_TYPES = ("single", "multiple", "text", "number")
CHOICE_TYPES = ("single", "multiple")


@dataclass
class QuestionEdit:
    """What the question form changes: Dutch texts; options by value; new option labels."""

    text: str
    help: str = ""
    number: str = ""
    required: bool = False
    option_labels: dict[str, str] = field(default_factory=dict)
    removed_options: set[str] = field(default_factory=set)
    new_options: list[str] = field(default_factory=list)
    row_texts: dict[str, str] = field(default_factory=dict)
    scale_labels: dict[str, str] = field(default_factory=dict)


@dataclass
class NewQuestion:
    """A question to add: its type, Dutch text and (choice types) option labels."""

    type: str
    text: str
    options: list[str] = field(default_factory=list)
    required: bool = False


# ----------------------------------------------------------------------------- helpers


def edited_text(old: Text | None, nl: str) -> Text:
    """A bilingual text after the Dutch was edited: a changed Dutch text replaces the English
    one too (it would no longer be its translation)."""
    nl = nl.strip()
    if old and old.get("nl") == nl:
        return dict(old)
    return {"nl": nl, "en": nl}


def find_question(definition: QuestionnaireDefinition, qid: str) -> tuple[int, int]:
    """(page index, question index) of question ``qid``; :class:`EditError` if unknown."""
    for p, page in enumerate(definition["pages"]):
        for q, question in enumerate(page["questions"]):
            if question["id"] == qid:
                return p, q
    raise EditError([_("Deze vraag bestaat niet (meer) in de vragenlijst.")])


def find_page(definition: QuestionnaireDefinition, page_id: str) -> int:
    for p, page in enumerate(definition["pages"]):
        if page["id"] == page_id:
            return p
    raise EditError([_("Deze pagina bestaat niet (meer) in de vragenlijst.")])


def question_label(question: Question) -> str:
    """How the editor names a question in messages: its number, else its id."""
    if question.get("number"):
        return _("vraag %(number)s") % {"number": question["number"]}
    return _("vraag “%(id)s”") % {"id": question["id"]}


def referring_questions(definition: QuestionnaireDefinition, qids: set[str]) -> list[Question]:
    """Questions whose routing uses one of ``qids`` (and are not among them)."""
    from .conditions import referenced_questions

    return [
        q
        for page in definition["pages"]
        for q in page["questions"]
        if q["id"] not in qids and referenced_questions(q.get("show_if")) & qids
    ]


def _unique_id(prefix: str, taken: set[str]) -> str:
    n = 1
    while f"{prefix}{n}" in taken:
        n += 1
    return f"{prefix}{n}"


def _option_value(label: str, taken: set[str]) -> str:
    base = slugify(label).replace("-", "_")[:40] or "optie"
    if not base[0].isalpha():
        base = f"o_{base}"
    value, n = base, 2
    while value in taken:
        value, n = f"{base}_{n}", n + 1
    return value


def _all_ids(definition: QuestionnaireDefinition) -> set[str]:
    return {
        ident
        for page in definition["pages"]
        for ident in [page["id"], *(q["id"] for q in page["questions"])]
    }


def _apply(
    definition: QuestionnaireDefinition, change: Callable[[QuestionnaireDefinition], None]
) -> QuestionnaireDefinition:
    new = copy.deepcopy(definition)
    change(new)
    return require_valid(new)


def _options(labels: list[str], taken: set[str] | None = None) -> list[Option]:
    values = set(taken or ())
    out: list[Option] = []
    for label in labels:
        label = label.strip()
        if not label:
            continue
        value = _option_value(label, values)
        values.add(value)
        out.append({"value": value, "label": {"nl": label, "en": label}})
    return out


# ----------------------------------------------------------------------------- questions


def update_question(
    definition: QuestionnaireDefinition, qid: str, edit: QuestionEdit
) -> QuestionnaireDefinition:
    """Change a question's texts and answer options (removed options may not be used by
    routing; new options get a value made from their label)."""
    if not edit.text.strip():
        raise EditError([_("Geef de vraag een tekst.")])

    def change(new: QuestionnaireDefinition) -> None:
        p, q = find_question(new, qid)
        question = new["pages"][p]["questions"][q]
        question["text"] = edited_text(question.get("text"), edit.text)
        if edit.help.strip():
            question["help"] = edited_text(question.get("help"), edit.help)
        else:
            question.pop("help", None)
        if edit.number.strip():
            question["number"] = edit.number.strip()
        else:
            question.pop("number", None)
        if edit.required:
            question["required"] = True
        else:
            question.pop("required", None)
        _update_options(new, question, edit)
        for row in question.get("rows", []):
            if row["id"] in edit.row_texts:
                row["text"] = edited_text(row["text"], edit.row_texts[row["id"]] or "")
        for point in question.get("scale", []):
            if point["value"] in edit.scale_labels:
                point["label"] = edited_text(point["label"], edit.scale_labels[point["value"]])

    return _apply(definition, change)


def _update_options(
    definition: QuestionnaireDefinition, question: Question, edit: QuestionEdit
) -> None:
    if "options" not in question:
        return
    from .conditions import used_option_values

    used = used_option_values(definition, question["id"]) & edit.removed_options
    if used:
        raise EditError(
            [
                _(
                    "Het antwoord %(values)s wordt gebruikt in de routering van een latere vraag; "
                    "pas eerst die voorwaarde aan."
                )
                % {"values": ", ".join(sorted(used))}
            ]
        )
    kept: list[Option] = []
    for option in question["options"]:
        if option["value"] in edit.removed_options:
            continue
        label = edit.option_labels.get(option["value"])
        if label is not None:
            if not label.strip():
                raise EditError([_("Geef elk antwoord een tekst, of vink ‘verwijderen’ aan.")])
            option["label"] = edited_text(option["label"], label)
        kept.append(option)
    kept.extend(_options(edit.new_options, {o["value"] for o in kept}))
    if not kept:
        raise EditError([_("Een vraag met antwoorden houdt minstens één antwoord.")])
    question["options"] = kept


def new_question(definition: QuestionnaireDefinition, spec: NewQuestion) -> Question:
    """The question ``spec`` describes, with an id not yet used in ``definition``."""
    if spec.type not in ADDABLE_TYPES:
        raise EditError([_("Kies een soort vraag.")])
    if not spec.text.strip():
        raise EditError([_("Geef de vraag een tekst.")])
    question: Question = {
        "id": _unique_id("vraag_", _all_ids(definition)),
        "type": spec.type,
        "text": {"nl": spec.text.strip(), "en": spec.text.strip()},
    }
    if spec.type in CHOICE_TYPES:
        options = _options(spec.options)
        if len(options) < 2:
            raise EditError([_("Geef een vraag met antwoorden minstens twee antwoorden.")])
        question["options"] = options
    if spec.required:
        question["required"] = True
    return question


def add_question(
    definition: QuestionnaireDefinition, page_id: str, spec: NewQuestion
) -> tuple[QuestionnaireDefinition, str]:
    """Add a question at the end of a page; returns (definition, the new question's id)."""
    question = new_question(definition, spec)

    def change(new: QuestionnaireDefinition) -> None:
        new["pages"][find_page(new, page_id)]["questions"].append(question)

    return _apply(definition, change), question["id"]


def remove_question(definition: QuestionnaireDefinition, qid: str) -> QuestionnaireDefinition:
    """Remove a question that no routing uses; a page keeps at least one question."""
    p, _q = find_question(definition, qid)
    users = referring_questions(definition, {qid})
    if users:
        raise EditError(
            [
                _(
                    "Deze vraag wordt gebruikt in de routering van %(users)s. "
                    "Verwijder eerst die voorwaarde."
                )
                % {"users": ", ".join(question_label(u) for u in users)}
            ]
        )
    if len(definition["pages"][p]["questions"]) == 1:
        raise EditError([_("Dit is de enige vraag op de pagina. Verwijder de pagina als geheel.")])

    def change(new: QuestionnaireDefinition) -> None:
        questions = new["pages"][p]["questions"]
        questions[:] = [q for q in questions if q["id"] != qid]

    return _apply(definition, change)


def move_question(
    definition: QuestionnaireDefinition, qid: str, direction: Direction
) -> QuestionnaireDefinition:
    """Move a question one place up or down; past the edge of its page it goes to the end
    of the previous or the start of the next page. Routing must keep pointing backwards."""
    p, q = find_question(definition, qid)
    pages = definition["pages"]
    questions = pages[p]["questions"]
    step = -1 if direction == "up" else 1
    target = q + step
    if 0 <= target < len(questions):

        def change(new: QuestionnaireDefinition) -> None:
            moved = new["pages"][p]["questions"]
            moved[q], moved[target] = moved[target], moved[q]

    else:
        other = p + step
        if not 0 <= other < len(pages):
            raise EditError([_("Deze vraag staat al aan het begin of eind van de vragenlijst.")])
        if len(questions) == 1:
            raise EditError(
                [_("Dit is de enige vraag op de pagina; verplaats de pagina als geheel.")]
            )

        def change(new: QuestionnaireDefinition) -> None:
            question = new["pages"][p]["questions"].pop(q)
            into = new["pages"][other]["questions"]
            into.insert(len(into) if step < 0 else 0, question)

    return _routing_kept(definition, change)


def _routing_kept(
    definition: QuestionnaireDefinition, change: Callable[[QuestionnaireDefinition], None]
) -> QuestionnaireDefinition:
    """Apply a move; refuse it in words when routing would then point forwards."""
    from .conditions import forward_references

    new = copy.deepcopy(definition)
    change(new)
    broken = forward_references(new)
    if broken:
        raise EditError(
            [
                _(
                    "Dit kan niet: de routering van %(question)s gebruikt dan %(target)s, die "
                    "niet meer op een eerdere pagina staat. Pas eerst de voorwaarde aan."
                )
                % {"question": question_label(broken[0][0]), "target": question_label(broken[0][1])}
            ]
        )
    return require_valid(new)


# ----------------------------------------------------------------------------- pages


def update_page(
    definition: QuestionnaireDefinition, page_id: str, title: str, intro: str = ""
) -> QuestionnaireDefinition:
    """Change a page's title and introduction."""
    if not title.strip():
        raise EditError([_("Geef de pagina een titel.")])

    def change(new: QuestionnaireDefinition) -> None:
        page = new["pages"][find_page(new, page_id)]
        page["title"] = edited_text(page.get("title"), title)
        if intro.strip():
            page["intro"] = edited_text(page.get("intro"), intro)
        else:
            page.pop("intro", None)

    return _apply(definition, change)


def add_page(
    definition: QuestionnaireDefinition, title: str, first: NewQuestion, after: str | None = None
) -> tuple[QuestionnaireDefinition, str]:
    """Add a page with its first question after page ``after`` (None: at the end)."""
    if not title.strip():
        raise EditError([_("Geef de pagina een titel.")])
    question = new_question(definition, first)
    taken = _all_ids(definition) | {question["id"]}
    page: Page = {
        "id": _unique_id("pagina_", taken),
        "title": {"nl": title.strip(), "en": title.strip()},
        "questions": [question],
    }

    def change(new: QuestionnaireDefinition) -> None:
        index = len(new["pages"]) if after is None else find_page(new, after) + 1
        new["pages"].insert(index, page)

    return _apply(definition, change), page["id"]


def remove_page(definition: QuestionnaireDefinition, page_id: str) -> QuestionnaireDefinition:
    """Remove a page whose questions no later routing uses; one page always remains."""
    p = find_page(definition, page_id)
    if len(definition["pages"]) == 1:
        raise EditError([_("Een vragenlijst houdt minstens één pagina.")])
    qids = {q["id"] for q in definition["pages"][p]["questions"]}
    users = referring_questions(definition, qids)
    if users:
        raise EditError(
            [
                _(
                    "Vragen op deze pagina worden gebruikt in de routering van %(users)s. "
                    "Verwijder eerst die voorwaarden."
                )
                % {"users": ", ".join(question_label(u) for u in users)}
            ]
        )

    def change(new: QuestionnaireDefinition) -> None:
        del new["pages"][p]

    return _apply(definition, change)


def move_page(
    definition: QuestionnaireDefinition, page_id: str, direction: Direction
) -> QuestionnaireDefinition:
    """Move a page one place up or down (routing must keep pointing backwards)."""
    p = find_page(definition, page_id)
    target = p + (-1 if direction == "up" else 1)
    if not 0 <= target < len(definition["pages"]):
        raise EditError([_("Deze pagina staat al aan het begin of eind van de vragenlijst.")])

    def change(new: QuestionnaireDefinition) -> None:
        pages = new["pages"]
        pages[p], pages[target] = pages[target], pages[p]

    return _routing_kept(definition, change)
