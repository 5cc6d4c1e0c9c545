"""A LimeSurvey survey (see :mod:`.reader`) as a Weerbaar questionnaire definition.

Question groups become pages; each question becomes the nearest Weerbaar question type
(:mod:`.questions`); conditions and relevance become ``show_if`` (:mod:`.conditions`).
Weerbaar routes on answers of earlier pages only, so a page is split where a question
depends on one before it in the same group. Boilerplate texts become the page's intro.
Everything that is changed or cannot be expressed is in the :class:`~.common.Report`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from weerbaar.surveys.types import ConditionGroup, Page, Question, QuestionnaireDefinition, Text

from .common import Created, Report, plain_text, wb_id
from .conditions import Unsupported, from_conditions, from_relevance
from .context import Context
from .questions import CONVERTERS
from .reader import DUTCH, LssGroup, LssQuestion, LssSurvey, choose_language

# Attributes whose behaviour Weerbaar does not have: (attribute, message).
IGNORED_ATTRIBUTES = (
    ("array_filter", gettext_noop("Het filter op rijen (array_filter) is niet overgenomen.")),
    (
        "array_filter_exclude",
        gettext_noop("Het filter op rijen (array_filter_exclude) is niet overgenomen."),
    ),
    ("random_order", gettext_noop("De willekeurige volgorde is niet overgenomen.")),
    ("min_answers", gettext_noop("Het minimum aantal antwoorden is niet overgenomen.")),
    ("max_answers", gettext_noop("Het maximum aantal antwoorden is niet overgenomen.")),
    ("em_validation_q", gettext_noop("De validatie-expressie is niet overgenomen.")),
)


@dataclass
class Placed:
    question: LssQuestion
    made: list[Question]


@dataclass
class Builder:
    ctx: Context
    survey: LssSurvey
    pages: list[Page] = field(default_factory=list)
    page_of: dict[str, int] = field(default_factory=dict)  # Weerbaar question id -> page
    carried_intro: list[Text] = field(default_factory=list)

    def new_page(self, group: LssGroup, part: int, intro: list[Text]) -> Page:
        name = self.ctx.text(group.names, _("Pagina %(n)s") % {"n": len(self.pages) + 1})
        if part > 1:
            name = {lang: f"{text} ({part})" for lang, text in name.items()}
        page: Page = {"id": f"p{len(self.pages) + 1}", "title": name, "questions": []}
        texts = [t for t in [*self.carried_intro, *intro] if t]
        self.carried_intro = []
        if texts:
            page["intro"] = {lang: "\n".join(t[lang] for t in texts) for lang in ("nl", "en")}
        self.pages.append(page)
        return page


def _referenced(item: Any) -> Iterator[str]:
    if isinstance(item, dict):
        if "question" in item:
            yield item["question"]
        for key in ("all", "any"):
            for sub in item.get(key, []):
                yield from _referenced(sub)


def _expression_of(survey: LssSurvey, q: LssQuestion) -> str:
    rows = survey.conditions.get(q.qid, [])
    if rows:
        return "; ".join(f"{r.cfieldname} {r.method} {r.value!r}" for r in rows)
    return q.relevance


def _routing(survey: LssSurvey, q: LssQuestion, ctx: Context) -> ConditionGroup | None:
    rows = survey.conditions.get(q.qid, [])
    if rows:
        return from_conditions(rows, ctx, survey.sid)
    return from_relevance(q.relevance, ctx)


def _combine(*groups: ConditionGroup | None) -> ConditionGroup | None:
    """All of the groups; an ``all`` group is merged into the result, not nested."""
    present = [g for g in groups if g]
    if len(present) < 2:
        return present[0] if present else None
    items: list[Any] = []
    for group in present:
        items.extend(group.get("all", [group]))
    return {"all": items}


def _convert_group(group: LssGroup, ctx: Context) -> tuple[list[Placed], list[Text]]:
    placed: list[Placed] = []
    texts: list[Text] = []
    description = ctx.optional_text(group.descriptions)
    if description:
        texts.append(description)
    for q in group.questions:
        if q.attribute("hidden") == "1":
            ctx.report.not_imported(
                q.code,
                _("Een verborgen vraag wordt niet overgenomen (de deelnemer ziet haar niet)."),
            )
            continue
        if q.type == "X":
            text = ctx.optional_text(q.texts)
            if text:
                texts.append(text)
            ctx.report.changed(q.code, _("De teksttonende vraag wordt tekst boven de pagina."))
            continue
        convert = CONVERTERS.get(q.type)
        if convert is None:
            ctx.report.not_imported(
                q.code, _("Onbekend vraagtype “%(type)s”.") % {"type": q.type[:5]}
            )
            continue
        for attribute, message in IGNORED_ATTRIBUTES:
            if q.attribute(attribute) not in ("", "0"):
                ctx.report.changed(q.code, _(message))
        if q.type not in ("K", "Q", ";", ":", "1") and any(
            s.relevance not in ("", "1") for s in q.subquestions
        ):
            ctx.report.changed(
                q.code, _("Voorwaarden op afzonderlijke subvragen zijn niet overgenomen.")
            )
        placed.append(Placed(q, convert(q, ctx)))
    return placed, texts


def _group_routing(group: LssGroup, ctx: Context) -> ConditionGroup | None:
    try:
        return from_relevance(group.relevance, ctx)
    except Unsupported as problem:
        name = plain_text(group.names.get(ctx.language, "")) or group.gid
        ctx.report.not_imported(
            name,
            _("Routering van de vraaggroep niet overgenomen (%(reason)s): %(expr)s")
            % {"reason": problem, "expr": group.relevance[:200]},
        )
        return None


def build_definition(
    survey: LssSurvey, audience: str = "staff"
) -> tuple[QuestionnaireDefinition, Report]:
    """The Weerbaar questionnaire for a LimeSurvey survey, and the report of the import."""
    language = choose_language(survey)
    report = Report(survey.release, survey.db_version, language, list(survey.languages))
    if language not in DUTCH:
        report.changed(
            "",
            _("De vragenlijst heeft geen Nederlandse tekst; de basistaal “%(lang)s” is gebruikt.")
            % {"lang": language},
        )
    elif len(survey.languages) > 1:
        report.changed(
            "",
            _("Nederlands (“%(lang)s”) is gekozen uit de talen %(all)s.")
            % {"lang": language, "all": ", ".join(survey.languages)},
        )
    ctx = Context(language, report, english="en" in survey.languages and language != "en")
    ctx.by_qid = {q.qid: q.code for q in survey.questions()}
    converted = [(group, *_convert_group(group, ctx)) for group in survey.groups]
    builder = Builder(ctx, survey)
    used: set[str] = set()
    for group, placed, texts in converted:
        group_condition = _group_routing(group, ctx) if group.relevance not in ("", "1") else None
        placed = _unique(placed, used, report)
        if not placed:
            builder.carried_intro.extend(texts)
            continue
        part = 1
        page = builder.new_page(group, part, texts)
        for item in placed:
            condition = _question_routing(builder, item, group_condition)
            refs = set(_referenced(condition))
            if page["questions"] and any(
                builder.page_of.get(r) == len(builder.pages) - 1 for r in refs
            ):
                part += 1
                page = builder.new_page(group, part, [])
                report.changed(
                    item.question.code,
                    _(
                        "De pagina is voor deze vraag gesplitst: Weerbaar routeert alleen op "
                        "antwoorden van eerdere pagina's."
                    ),
                )
            for question in item.made:
                if condition:
                    question["show_if"] = condition
                page["questions"].append(question)
                report.created.append(
                    Created(
                        page["id"],
                        question["id"],
                        question["type"],
                        item.question.code,
                        item.question.type,
                    )
                )
                builder.page_of[question["id"]] = len(builder.pages) - 1
    if builder.carried_intro:
        report.not_imported("", _("Tekst na de laatste vraag is niet overgenomen."))
    if not builder.pages:
        report.not_imported("", _("De vragenlijst bevat geen vragen die Weerbaar kan overnemen."))
    definition = _definition(survey, ctx, audience, builder.pages)
    return definition, report


def _unique(placed: list[Placed], used: set[str], report: Report) -> list[Placed]:
    out = []
    for item in placed:
        ids = [q["id"] for q in item.made]
        if used & set(ids) or len(set(ids)) != len(ids):
            report.not_imported(
                item.question.code,
                _("De code van deze vraag valt samen met die van een andere vraag."),
            )
            continue
        used.update(ids)
        if item.made:
            out.append(item)
    return out


def _question_routing(
    builder: Builder, item: Placed, group_condition: ConditionGroup | None
) -> ConditionGroup | None:
    ctx, q = builder.ctx, item.question
    ctx.notes.clear()
    try:
        own = _routing(builder.survey, q, ctx)
    except Unsupported as problem:
        ctx.report.not_imported(
            q.code,
            _(
                "Routering niet overgenomen (%(reason)s); de vraag wordt altijd getoond. "
                "Voorwaarde: %(expr)s"
            )
            % {"reason": problem, "expr": _expression_of(builder.survey, q)[:200]},
        )
        own = None
    for note in ctx.notes if own else []:
        ctx.report.changed(q.code, note)
    condition = _combine(group_condition, own)
    later = [r for r in _referenced(condition) if r not in builder.page_of]
    if later:
        ctx.report.not_imported(
            q.code,
            _(
                "Routering niet overgenomen: de voorwaarde gebruikt een latere vraag (%(ids)s); "
                "de vraag wordt altijd getoond."
            )
            % {"ids": ", ".join(sorted(set(later)))},
        )
        return None
    return condition


def _definition(
    survey: LssSurvey, ctx: Context, audience: str, pages: list[Page]
) -> QuestionnaireDefinition:
    title = ctx.text(survey.titles, _("LimeSurvey-vragenlijst %(sid)s") % {"sid": survey.sid})
    intro = ctx.optional_text(survey.welcomes) or ctx.optional_text(survey.descriptions) or title
    closing = ctx.optional_text(survey.endtexts) or ctx.label(
        gettext_noop("Bedankt voor uw deelname aan deze enquête.")
    )
    return {
        "kind": "questionnaire",
        "id": wb_id(f"limesurvey_{survey.sid or 'import'}"),
        "version": "1",
        "audience": str(audience),
        "title": title,
        "intro": intro,
        "closing": closing,
        "source": (
            f"LimeSurvey {survey.release} (DBVersion {survey.db_version}, survey {survey.sid})"
        ),
        "pages": pages,
    }
