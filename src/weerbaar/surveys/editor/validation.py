"""Checking an edited questionnaire with the same validator as the YAML import, and the
YAML text derived from a definition.

The stored ``definition`` is the one truth of a questionnaire; its YAML ``source`` is derived
from it (:func:`source_for`), except that an imported text keeps its own layout and comments
while it reads back as exactly that definition.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from typing import Any, cast

import yaml
from django.utils.translation import gettext as _

from weerbaar.library.loader import LibraryError

from .. import questionnaire as qn
from ..types import QuestionnaireDefinition

DISPLAY = "vragenlijst.yaml"


class EditError(Exception):
    """An edit was refused; ``messages`` says why, in Dutch, ready to show."""

    def __init__(self, messages: list[str]) -> None:
        self.messages = messages
        super().__init__("; ".join(messages))


@dataclass(frozen=True)
class Problem:
    """One validation problem in words: where (in Dutch) and the validator's message."""

    where: str
    message: str


def problems_of(
    definition: QuestionnaireDefinition, known_ids: set[str] | None = None
) -> list[LibraryError]:
    """Every schema and semantic error of ``definition`` (the YAML import's validator)."""
    return qn.validate(copy.deepcopy(definition), None, DISPLAY, known_ids)


_PATH = re.compile(r"pages\[(\d+)\](?:\.questions\[(\d+)\])?")


def describe_problems(
    definition: QuestionnaireDefinition, errors: list[LibraryError]
) -> list[Problem]:
    """The problems with their place named as the coordinator sees it (page, question)."""
    out = []
    for error in errors:
        where = ""
        match = _PATH.match(error.field or "")
        if match:
            page_no = int(match.group(1))
            where = _("pagina %(n)s") % {"n": page_no + 1}
            if match.group(2) is not None:
                where += ", " + _("vraag %(n)s") % {"n": int(match.group(2)) + 1}
                question = _question_at(definition, page_no, int(match.group(2)))
                if question is not None:
                    where += f" ({question['id']})"
        out.append(Problem(where=where, message=error.message))
    return out


def _question_at(definition: QuestionnaireDefinition, page: int, index: int) -> Any:
    try:
        return definition["pages"][page]["questions"][index]
    except (IndexError, KeyError, TypeError):
        return None


def require_valid(
    definition: QuestionnaireDefinition, known_ids: set[str] | None = None
) -> QuestionnaireDefinition:
    """``definition`` if it validates; otherwise :class:`EditError` with every problem."""
    errors = problems_of(definition, known_ids)
    if errors:
        lines = [
            f"{p.where}: {p.message}" if p.where else p.message
            for p in describe_problems(definition, errors)
        ]
        raise EditError(
            [
                _("De wijziging is niet toegepast: de vragenlijst zou dan niet meer geldig zijn."),
                *lines,
            ]
        )
    return definition


def dump_yaml(definition: QuestionnaireDefinition) -> str:
    """The YAML text of a definition (what the export downloads after an edit)."""
    return yaml.safe_dump(
        cast(dict[str, Any], definition), allow_unicode=True, sort_keys=False, width=100
    )


def source_for(definition: QuestionnaireDefinition, source: str) -> str:
    """The YAML text that goes with ``definition``: ``source`` while it reads back as exactly
    this definition (an import keeps its comments), else a text generated from it."""
    if source:
        try:
            if yaml.safe_load(source) == definition:
                return source
        except yaml.YAMLError:
            pass
    return dump_yaml(definition)
