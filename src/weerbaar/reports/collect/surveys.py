"""The survey part of the report: results after suppression, response and the appendix.

Survey figures are only ever taken from ``weerbaar.surveys.results.services`` *after* the
engine's k-suppression; a withheld count stays ``None`` and is never recomputed here.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy

from weerbaar.core.text import translate
from weerbaar.disclosure.services import ReleaseNote, release_notes, report_texts
from weerbaar.surveys.describe import answer_polarity, questionnaire_appendix, routing_in_words
from weerbaar.surveys.questiontypes import question_type
from weerbaar.surveys.results.services import response_rates, survey_results
from weerbaar.surveys.types import CategoryResult, ResultItem, SurveyResults

from ..data import QuestionnaireAppendix, SurveyCategory, SurveyItem, SurveyMethod
from ..labels import frozen

RELEASE_MARK = gettext_lazy(
    "Bewust vrijgegeven: %(count)s van %(base)s (onder de kleinste celgrootte), besluit van "
    "%(date)s."
)
RELEASE_METHOD_NOTE = gettext_lazy(
    "Vraag %(number)s, %(survey)s: het aantal %(count)s van %(base)s is kleiner dan de "
    "kleinste celgrootte en is bewust vrijgegeven (besluit van %(date)s, met vastgelegde "
    "reden). Het geldt voor de hele enquête; uitsplitsingen blijven onderdrukt."
)

# The engine reports each option of a multiple-choice question as chosen / not chosen.
CHOSEN, NOT_CHOSEN = "chosen", "not_chosen"


def survey_k(scan) -> int:
    """The minimum cell size k (kleinste celgrootte) the report's figures were protected with.

    Each survey fixes its k when it opens (and may only raise it); the report states the
    largest k of the scan's surveys, or the organisation's k when there are none."""
    return max((s.effective_k for s in scan.surveys.all()), default=scan.organisation.k)


def scan_surveys(scan) -> list:
    return list(scan.surveys.select_related("questionnaire").order_by("audience", "pk"))


def category_group(value: str, substantive: bool, polarity: dict[str, str]) -> str:
    """Colour and order group of an answer: agree | disagree | unknown | rest | other.

    ``polarity``: the question's answer values marked agree or disagree in the
    questionnaire (``polarity`` of an option)."""
    if not substantive:
        return "unknown"
    if value == NOT_CHOSEN:
        return "rest"
    if value == CHOSEN:
        return "agree"
    return polarity.get(value, "other")


def survey_item(
    item: ResultItem, audience: str, routing: Any = "", polarity: dict[str, str] | None = None
) -> SurveyItem | None:
    """One engine result item as a report item; None for free-text items (never shown)."""
    # How the report shows the item is its question type's ``report_kind``: a stacked bar of
    # answer categories, a grade distribution, ..., or nothing at all (free text).
    kind = question_type(item["type"]).report_kind
    if kind is None:
        return None
    polarity = polarity or {}
    text: Any = item.get("text")
    if item.get("row_text") is not None:
        # A matrix row is a statement of its own (seed 004 shows the statement, not the stem).
        text = item["row_text"]
    if item.get("option_label") is not None:
        text = _join(text, item["option_label"])
    number = item.get("number") or ""
    if item.get("row"):
        number = f"{number}{_row_suffix(item)}"
    categories_src = item.get("categories") or []
    reverse = item.get("reverse")
    if reverse:
        # Reverse-coded statement: show the negated label with mirrored answers (seed 004 Q19a).
        text = reverse.get("label") or text
        categories_src = reverse.get("categories") or categories_src
    if item.get("presentation_label") and not reverse:
        text = item["presentation_label"]
    if item.get("collapsed"):
        categories = collapsed_categories(item, categories_src, polarity)
    else:
        categories = [report_category(c, polarity) for c in categories_src]
    bases = item.get("bases")
    return SurveyItem(
        id=f"{audience}:{item.get('id')}",
        survey=audience,
        number=str(number),
        text=text,
        kind=kind,
        n=item.get("n"),
        base="answered",
        base_n=bases.get("answered") if bases else None,
        suppressed=bool(item.get("suppressed")),
        categories=categories,
        mean=item.get("mean"),
        maps_to=list(item.get("maps_to") or []),
        routing=routing,
    )


def report_category(category: CategoryResult, polarity: dict[str, str]) -> SurveyCategory:
    """One answer category of an engine result item as a category of a report item."""
    value = str(category.get("value"))
    substantive = bool(category.get("substantive", True))
    pct = category.get("pct")
    return SurveyCategory(
        value=value,
        label=category.get("label"),
        count=category.get("count"),
        pct=pct.get("answered") if pct else None,
        substantive=substantive,
        group=category_group(value, substantive, polarity),
    )


def collapsed_categories(
    item: ResultItem, categories: list[CategoryResult], polarity: dict[str, str]
) -> list[SurveyCategory]:
    """A 5-point scale as seed 004 reports it: (zeer) eens / (zeer) oneens / weet niet.

    Uses the engine's collapsed groups (suppressed on their own); a share is only computed
    from two published numbers (the group's count and the published base)."""
    bases = item.get("bases")
    answered = bases.get("answered") if bases else None
    out = []
    for group in item.get("collapsed") or []:
        count = group.get("count")
        pct = round(100.0 * count / answered, 1) if count is not None and answered else None
        agree = group.get("group") == "agree"
        out.append(
            SurveyCategory(
                value="eens" if agree else "oneens",
                label=group.get("label"),
                count=count,
                pct=pct,
                substantive=True,
                group="agree" if agree else "disagree",
            )
        )
    not_substantive = [c for c in categories if c.get("substantive") is False]
    return out + [report_category(c, polarity) for c in not_substantive]


def _row_suffix(item: ResultItem) -> str:
    row = str(item.get("row", ""))
    return row if len(row) <= 2 else f" ({row})"


def _join(a: Any, b: Any) -> Any:
    if isinstance(a, dict) or isinstance(b, dict):
        return {
            lang: f"{translate(a, lang)} — {translate(b, lang)}".strip(" —")
            for lang in ("nl", "en")
        }
    return f"{a} — {b}"


def apply_releases(item: SurveyItem, raw: ResultItem, releases: list[ReleaseNote]) -> None:
    """Show a deliberately released whole-survey count, marked next to the figure."""
    for release in releases:
        if release["item"] != raw.get("id"):
            continue
        for category in item.categories:
            if category.value == release["value"] and category.count is None:
                category.count = release["count"]
                category.pct = round(100.0 * release["count"] / release["base"], 1)
        mark = frozen(
            RELEASE_MARK, count=release["count"], base=release["base"], date=release["decided_on"]
        )
        if item.routing:
            item.routing = {
                lang: f"{translate(item.routing, lang)} {mark[lang]}" for lang in ("nl", "en")
            }
        else:
            item.routing = mark


def collect_free_texts(scan) -> list[dict]:
    """The free texts a report may show: redacted, after closing, items with ≥ k texts."""
    return [
        {
            "survey": survey.audience,
            "number": block["number"],
            "question": block["question"],
            "texts": block["texts"],
        }
        for survey in scan_surveys(scan)
        for block in report_texts(survey)
    ]


def release_method_notes(scan) -> list:
    """A note in the method chapter for every deliberate release of the scan's surveys."""
    notes = []
    for survey in scan_surveys(scan):
        releases = release_notes(survey)
        if not releases:
            continue
        numbers = {
            it["id"]: str(it.get("number") or it["id"]) for it in survey_results(survey)["items"]
        }
        for release in releases:
            notes.append(
                frozen(
                    RELEASE_METHOD_NOTE,
                    number=numbers.get(release["item"], release["item"]),
                    survey=survey.title,
                    count=release["count"],
                    base=release["base"],
                    date=release["decided_on"],
                )
            )
    return notes


def response_figures(survey, results: SurveyResults) -> tuple[int | None, int, float | None, list]:
    """(invited, responses, response rate %, per department) of a survey, from the surveys
    app's response rates (suppressed per department under k). Anonymous link surveys have
    no invitations, hence no response rate."""
    n = int(results.get("n_respondents") or 0)
    if survey.mode != "personal":
        return None, n, None, []
    rates = response_rates(survey)
    overall = rates.get("overall") or {}
    departments = [
        {
            "label": str(d.get("label", "")),
            "invited": d.get("invited"),
            "submitted": d.get("submitted"),
            "rate": d.get("rate"),
        }
        for d in rates.get("departments") or []
    ]
    return overall.get("invited") or None, n, overall.get("rate"), departments


def _period(survey) -> str:
    if not (survey.opens_at or survey.closes_at):
        return ""
    start = survey.opens_at.date().isoformat() if survey.opens_at else "…"
    end = survey.closes_at.date().isoformat() if survey.closes_at else "…"
    return f"{start} – {end}"


def collect_survey_items(
    scan,
) -> tuple[list[SurveyItem], list[QuestionnaireAppendix], list[SurveyMethod]]:
    """Report items, questionnaire appendices and response figures of a scan's surveys."""
    items: list[SurveyItem] = []
    appendices = []
    methods = []
    for survey in scan_surveys(scan):
        results = survey_results(survey)
        releases = release_notes(survey)
        definition = survey.definition or {}
        qindex = {q["id"]: q for page in definition.get("pages", []) for q in page["questions"]}
        polarity = answer_polarity(definition)
        for raw in results.get("items", []):
            qid = raw["question"]
            routing = routing_in_words(qindex.get(qid, {}).get("show_if"), definition)
            item = survey_item(
                raw,
                survey.audience,
                routing if routing.get("nl") else "",
                polarity.get(qid, {}),
            )
            if item is not None:
                apply_releases(item, raw, releases)
                items.append(item)
        appendices.append(
            QuestionnaireAppendix(
                **questionnaire_appendix(
                    definition,
                    key=str(survey.questionnaire_id),
                    title=survey.title,
                    audience=survey.audience,
                )
            )
        )
        invited, n, rate, departments = response_figures(survey, results)
        methods.append(
            SurveyMethod(
                key=str(definition.get("id") or ""),
                audience=survey.audience,
                title=survey.title,
                invited=invited or None,
                responses=n,
                response_rate=rate,
                period=_period(survey),
                suppressed=bool(results.get("suppressed")),
                departments=departments,
            )
        )
    return items, appendices, methods
