"""Shared pieces of the LimeSurvey import: identifiers, plain text and the report.

Weerbaar ids are derived from LimeSurvey codes by fixed rules, so that a response export
(whose columns are named by those codes) maps onto an imported questionnaire without
guessing: a code that is a valid id stays as it is, any other (``1``, ``-oth-``) gets the
prefix ``x_`` (LimeSurvey codes never contain an underscore after a digit start, so the
two cannot meet). Derived questions join codes with ``_``: ``Q5_SQ001`` for one
subquestion of a multiple numeric question, ``Q1_comment`` for the comment of a list.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any, Literal

ID_PATTERN = re.compile(r"^[A-Za-z][A-Za-z0-9_.-]*$")
MAX_ID = 80
OTHER_VALUE = "andere"  # the "Andere, namelijk" option (6 characters: no LimeSurvey code)
EXPRESSION = re.compile(r"\{[^{}]*\}")


def wb_id(code: str) -> str:
    """The Weerbaar id for a LimeSurvey code (question, subquestion or answer code)."""
    code = code.strip()
    if ID_PATTERN.match(code) and len(code) <= MAX_ID:
        return code
    return ("x_" + re.sub(r"[^A-Za-z0-9_.-]", "_", code))[:MAX_ID]


def joined(*codes: str) -> str:
    """The id of a question derived from several codes (``Q5`` and ``SQ001``: ``Q5_SQ001``)."""
    return wb_id("_".join(c.strip() for c in codes))


class _Stripper(HTMLParser):
    BREAKS = frozenset({"br", "p", "div", "li", "tr", "h1", "h2", "h3", "h4"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag in ("script", "style"):
            self.skip += 1
        elif tag in self.BREAKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self.skip = max(0, self.skip - 1)
        elif tag in self.BREAKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def plain_text(value: str) -> str:
    """LimeSurvey's HTML as plain text: tags and scripts removed, entities decoded,
    white space collapsed (paragraphs kept as line breaks)."""
    if "<" not in value and "&" not in value:
        text = value
    else:
        stripper = _Stripper()
        stripper.feed(value)
        stripper.close()
        text = html.unescape("".join(stripper.parts))
    lines = [" ".join(line.split()) for line in text.replace("\r", "\n").split("\n")]
    return "\n".join(line for line in lines if line)


Kind = Literal["changed", "not_imported"]


@dataclass
class Finding:
    """Something of the LimeSurvey survey that was changed or could not be imported."""

    kind: Kind
    code: str  # the LimeSurvey question code ("" for the survey as a whole)
    message: str

    def as_dict(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message}


@dataclass
class Created:
    """One Weerbaar question made from a LimeSurvey question."""

    page: str
    question: str
    type: str
    from_code: str
    from_type: str

    def as_dict(self) -> dict[str, str]:
        return {
            "page": self.page,
            "question": self.question,
            "type": self.type,
            "from_code": self.from_code,
            "from_type": self.from_type,
        }


@dataclass
class Report:
    """What an import creates, changes and leaves out; nothing is dropped silently."""

    release: str = ""
    db_version: int = 0
    language: str = ""
    languages: list[str] = field(default_factory=list)
    created: list[Created] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    def changed(self, code: str, message: str) -> None:
        self.findings.append(Finding("changed", code, message))

    def not_imported(self, code: str, message: str) -> None:
        self.findings.append(Finding("not_imported", code, message))

    @property
    def changes(self) -> list[Finding]:
        return [f for f in self.findings if f.kind == "changed"]

    @property
    def left_out(self) -> list[Finding]:
        return [f for f in self.findings if f.kind == "not_imported"]

    def as_dict(self) -> dict[str, Any]:
        return {
            "source": {
                "limesurvey": self.release,
                "db_version": self.db_version,
                "language": self.language,
                "languages": self.languages,
            },
            "created": [c.as_dict() for c in self.created],
            "changed": [f.as_dict() for f in self.changes],
            "not_imported": [f.as_dict() for f in self.left_out],
        }
