"""A questionnaire described in words, for documents that are frozen once written.

The report's questionnaire appendix and the "only shown if ..." line under a routed result
both come from here. Because a published report keeps its text for ever, every description
is returned in each interface language at once (``{"nl": ..., "en": ...}``, like library
texts); the words themselves come from the translation catalogs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypedDict

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from weerbaar.core.text import translate

Bilingual = dict[str, str]


class QuestionDescription(TypedDict):
    number: str
    text: Any  # bilingual question text
    type: str
    rows: list[Any]  # bilingual row texts (matrix questions)
    options: list[Any]  # bilingual answer labels
    routing: Bilingual  # "Alleen als vraag 8 = ‘Ja’", empty strings without routing


class QuestionnaireDescription(TypedDict):
    key: str
    title: Any
    audience: str
    questions: list[QuestionDescription]


def in_each_language(text: Callable[[], str]) -> Bilingual:
    """``text()`` evaluated once per interface language: ``{"nl": ..., "en": ...}``."""
    out = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            out[code] = text()
    return out


def questions(definition: dict) -> list[dict]:
    """Every question of a questionnaire definition, in order."""
    return [q for page in definition.get("pages", []) for q in page.get("questions", [])]


def question_numbers(definition: dict) -> dict[str, str]:
    """Per question id: the number a respondent sees (the id when it has none)."""
    return {q["id"]: str(q.get("number") or q["id"]) for q in questions(definition)}


def answer_labels(definition: dict) -> dict[str, dict[str, Any]]:
    """Per question id: {answer value: bilingual label} of its options or scale."""
    out: dict[str, dict[str, Any]] = {}
    for q in questions(definition):
        options = list(q.get("options", [])) + list(q.get("scale", []))
        out[q["id"]] = {str(o.get("value")): o.get("label") for o in options}
    return out


def answer_polarity(definition: dict) -> dict[str, dict[str, str]]:
    """Per question id: {answer value: "agree" | "disagree"} for the options (or scale
    points) the questionnaire marks with a ``polarity``; other answers are left out."""
    out: dict[str, dict[str, str]] = {}
    for q in questions(definition):
        options = list(q.get("options", [])) + list(q.get("scale", []))
        out[q["id"]] = {str(o["value"]): o["polarity"] for o in options if o.get("polarity")}
    return out


def routing_in_words(condition: dict | None, definition: dict) -> Bilingual:
    """Routing in words (routering): "Alleen als vraag 8 = ‘Ja’", in each language.

    Answers are named as the respondent saw them; ``{"nl": "", "en": ""}`` without routing."""
    if not condition:
        return in_each_language(str)
    numbers = question_numbers(definition)
    labels = answer_labels(definition)
    return in_each_language(
        lambda: (
            _("Alleen als %(condition)s")
            % {"condition": _condition_text(condition, numbers, labels)}
        )
    )


def _condition_text(c: dict, numbers: dict[str, str], labels: dict[str, dict]) -> str:
    language = translation.get_language() or "nl"
    for key, joiner in (("all", _(" en ")), ("any", _(" of "))):
        if key in c:
            parts = [_condition_text(x, numbers, labels) for x in c[key]]
            return parts[0] if len(parts) == 1 else "(" + joiner.join(parts) + ")"
    qid = c.get("question", "")
    q = _("vraag %(number)s") % {"number": numbers.get(qid, qid or "?")}
    if c.get("row"):
        q = f"{q}{c['row']}"
    names = labels.get(qid, {})

    def name(value: Any) -> str:
        label = names.get(str(value))
        return f"‘{translate(label, language)}’" if label else str(value)

    if "answered" in c:
        return (_("%(q)s is beantwoord") if c["answered"] else _("%(q)s is niet beantwoord")) % {
            "q": q
        }
    if "contains" in c:
        return _("%(q)s omvat %(v)s") % {"q": q, "v": name(c["contains"])}
    if "equals" in c:
        return f"{q} = {name(c['equals'])}"
    if "one_of" in c:
        return f"{q} = " + _(" of ").join(name(v) for v in c["one_of"])
    return q


def _answer_options(q: dict) -> list[Any]:
    """The answers of a question as the appendix lists them (bilingual labels)."""
    if q.get("type") == "grade_matrix":
        low, high = q.get("min", 1), q.get("max", 10)
        return [in_each_language(lambda: _("cijfer %(min)s–%(max)s") % {"min": low, "max": high})]
    if q.get("options_from") == "departments":
        return [in_each_language(lambda: _("(afdelingen van de organisatie)"))]
    if q.get("type") == "matrix":
        return [o.get("label") for o in q.get("scale", [])]
    return [o.get("label") for o in q.get("options", [])]


def questionnaire_appendix(
    definition: dict, *, key: str, title: Any, audience: str
) -> QuestionnaireDescription:
    """A questionnaire as a report appendix: every question with its answers and routing.

    ``key`` and ``title`` are used when the definition has no id or title of its own."""
    numbers = question_numbers(definition)
    described: list[QuestionDescription] = [
        {
            "number": numbers[q["id"]],
            "text": q.get("text"),
            "type": q.get("type", ""),
            "rows": [r.get("text") for r in q.get("rows", [])],
            "options": _answer_options(q),
            "routing": routing_in_words(q.get("show_if"), definition),
        }
        for q in questions(definition)
    ]
    return {
        "key": str(definition.get("id") or key),
        "title": definition.get("title") or title,
        "audience": audience,
        "questions": described,
    }
