"""The state of one conversion: the chosen language, the report, and what routing may name."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from weerbaar.surveys.i18n import bilingual
from weerbaar.surveys.types import Text

from .common import EXPRESSION, Report, plain_text
from .reader import LssQuestion, Texts


@dataclass
class Target:
    """What a LimeSurvey variable (``Q1``, ``Q2_SQ001``, ``Q3_other``) is in Weerbaar."""

    question: str  # Weerbaar question id
    kind: str  # values | contains | numeric | text
    row: str | None = None
    values: dict[str, str] = field(default_factory=dict)  # LimeSurvey code -> Weerbaar value
    option: str | None = None  # a multiple-choice option (kind "contains")
    scale: list[int] = field(default_factory=list)  # the whole numbers a numeric row can take
    page: int = -1  # index of the Weerbaar page (set when the page is known)


@dataclass
class Context:
    language: str
    report: Report
    english: bool  # the survey has English texts too
    by_name: dict[str, Target] = field(default_factory=dict)  # expression-manager names
    by_field: dict[tuple[str, str], Target] = field(default_factory=dict)  # (qid, suffix)
    by_qid: dict[str, str] = field(default_factory=dict)  # qid -> question code
    notes: list[str] = field(default_factory=list)  # about the routing being converted

    def text(self, texts: Texts, fallback: str, code: str = "") -> Text:
        """A bilingual Weerbaar text: the chosen language, English where the survey has it."""
        raw = texts.get(self.language, "")
        if code and EXPRESSION.search(raw):
            self.report.changed(
                code,
                _(
                    "De tekst bevat een LimeSurvey-expressie tussen accolades; die wordt "
                    "letterlijk overgenomen en niet berekend."
                ),
            )
        nl = plain_text(raw) or plain_text(next((t for t in texts.values() if t), "")) or fallback
        en = plain_text(texts.get("en", "")) if self.english else ""
        return {"nl": nl, "en": en or nl}

    def attribute_text(self, question: LssQuestion, name: str) -> Text | None:
        """A language-dependent attribute (a header, a label) as a bilingual text."""
        values = question.attributes.get(name, {})
        nl = plain_text(values.get(self.language) or values.get("") or "")
        if not nl:
            return None
        en = plain_text(values.get("en", "")) if self.english else ""
        return {"nl": nl, "en": en or nl}

    def optional_text(self, texts: Texts) -> Text | None:
        if not plain_text(texts.get(self.language, "")):
            return None
        return self.text(texts, "")

    def label(self, message: str) -> Text:
        """A fixed answer label (``gettext_noop`` source) in both languages."""
        return bilingual(message)

    def register(self, question: LssQuestion, suffix: str, target: Target) -> None:
        """Make a variable of ``question`` available to routing: as ``CODE`` or
        ``CODE_SUFFIX`` (relevance) and as field ``(qid, suffix)`` (2.x conditions)."""
        name = question.code + (f"_{suffix}" if suffix else "")
        self.by_name[name] = target
        self.by_field[(question.qid, suffix)] = target
