"""Collecting the report data (rapportgegevens verzamelen) of a scan.

Fills a :class:`~weerbaar.reports.data.ReportData` from the other capabilities through their
public modules: the survey results engine (``weerbaar.surveys.results``), the registers'
vulnerability profile (``weerbaar.registers.selectors``) and the self-assessment
(``weerbaar.assessment``). Each source is read defensively: when a capability is missing
or fails, its part of the report says "no data yet" (a notice) instead of breaking the
report. Survey figures are only ever taken *after* the engine's k-suppression.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.utils import timezone, translation

from weerbaar.core.text import translate

from .data import (
    SCHEMA_VERSION,
    VERDICT_LABELS,
    Chapter,
    Comparison,
    FunctionRow,
    Method,
    NormResult,
    PillarMaturity,
    ProcessRow,
    QuestionnaireAppendix,
    RecommendationItem,
    RegisterData,
    ReportData,
    SubElement,
    SurveyCategory,
    SurveyItem,
    SurveyMethod,
    content_hash,
)

logger = logging.getLogger(__name__)

DEFAULT_K = 5

STATUS_LABELS = {
    "voldoet": {"nl": "Voldoet", "en": "Meets"},
    "voldoet_deels": {"nl": "Voldoet deels", "en": "Partly meets"},
    "voldoet_niet": {"nl": "Voldoet niet", "en": "Does not meet"},
    "onbekend": {"nl": "Onbekend", "en": "Unknown"},
}
STATUSES = list(STATUS_LABELS)

AGREE = {"eens", "zeer_eens", "ja", "ja_enkele", "ja_meerdere", "ja_een", "ken_duidelijk", "chosen"}
DISAGREE = {"oneens", "zeer_oneens", "nee", "ken_niet", "bestaat_niet"}

NOTICE_TEXTS = {
    "surveys_missing": {
        "nl": "Er zijn nog geen enquêteresultaten: de enquêtes van deze scan ontbreken nog.",
        "en": "There are no survey results yet: this scan has no surveys yet.",
    },
    "surveys_failed": {
        "nl": "De enquêteresultaten konden niet worden opgehaald.",
        "en": "The survey results could not be retrieved.",
    },
    "register_missing": {
        "nl": "Er zijn nog geen gegevens over kwetsbare processen en functies.",
        "en": "There is no data on vulnerable processes and functions yet.",
    },
    "assessment_missing": {
        "nl": "De zelfevaluatie is nog niet ingevuld.",
        "en": "The self-assessment has not been filled in yet.",
    },
    "maturity_missing": {
        "nl": "Er is nog geen volwassenheidsfase per RIEC-pijler bepaald.",
        "en": "No maturity phase per RIEC pillar has been derived yet.",
    },
    "register_failed": {
        "nl": "Het register van kwetsbare processen en functies kon niet worden gelezen.",
        "en": "The register of vulnerable processes and functions could not be read.",
    },
    "assessment_failed": {
        "nl": "De zelfevaluatie kon niet worden gelezen.",
        "en": "The self-assessment could not be read.",
    },
    "maturity_failed": {
        "nl": "De volwassenheid per RIEC-pijler kon niet worden bepaald.",
        "en": "The maturity per RIEC pillar could not be derived.",
    },
    "recommendations_failed": {
        "nl": "De overgenomen aanbevelingen konden niet worden gelezen.",
        "en": "The adopted recommendations could not be read.",
    },
    "comparison_failed": {
        "nl": "De vergelijking met de vorige scan kon niet worden gemaakt.",
        "en": "The comparison with the previous scan could not be made.",
    },
}


def survey_k(scan=None) -> int:
    """The minimum cell size k of the survey results (kleinste celgrootte) for a scan."""
    organisation_k = getattr(getattr(scan, "organisation", None), "k", None)
    if isinstance(organisation_k, int) and organisation_k > 0:
        return organisation_k
    value = getattr(settings, "WEERBAAR_SURVEY_K", None)
    if isinstance(value, int) and value > 0:
        return value
    return DEFAULT_K


def _safe(getter: Callable[[], Any], default: Any, notices: list, key: str) -> Any:
    try:
        return getter()
    except Exception:
        logger.exception("report: collecting %s failed", key)
        notices.append(NOTICE_TEXTS.get(key, {"nl": key, "en": key}))
        return default


# ----------------------------------------------------------------------------- surveys


def scan_surveys(scan) -> list:
    surveys = getattr(scan, "surveys", None)
    if surveys is None:
        return []
    return list(surveys.select_related("questionnaire").order_by("audience", "pk"))


def survey_results(survey, k: int) -> dict:
    """The engine's results of one survey (after suppression), via its public entry point."""
    try:
        from weerbaar.surveys.results.services import survey_results as results_of
    except ImportError:  # an older surveys app: call the pure engine the same way
        results_of = None
    if results_of is not None:
        return results_of(survey)
    from weerbaar.surveys.results import compute_results

    responses = survey.responses.filter(submitted=True).values_list("answers", "department_id")
    departments = survey.scan.organisation.departments.all()
    return compute_results(
        survey.definition,
        ((a, None if d is None else str(d)) for a, d in responses.iterator(chunk_size=2000)),
        k=k,
        department_labels={str(d.pk): d.name for d in departments},
    )


def _category_group(value: str, substantive: bool) -> str:
    if not substantive:
        return "unknown"
    if value == "not_chosen":
        return "rest"
    if value in AGREE:
        return "agree"
    if value in DISAGREE:
        return "disagree"
    return "other"


def survey_item(item: dict, audience: str, routing: Any = "") -> SurveyItem | None:
    """One engine result item as a report item; None for free-text items (never shown)."""
    qtype = item.get("type")
    if qtype == "text":
        return None
    text = item.get("text")
    if item.get("row_text") is not None:
        # A matrix row is a statement of its own (seed 004 shows the statement, not the stem).
        text = item["row_text"]
    if item.get("option_label") is not None:
        text = _join(text, item["option_label"])
    number = item.get("number") or ""
    if item.get("row"):
        number = f"{number}{_row_suffix(item)}"
    categories_src = item.get("categories") or []
    if item.get("reverse"):
        # Reverse-coded statement: show the negated label with mirrored answers (seed 004 Q19a).
        text = item["reverse"].get("label") or text
        categories_src = item["reverse"].get("categories") or categories_src
    if item.get("presentation_label") and not item.get("reverse"):
        text = item["presentation_label"]
    if qtype == "likert" and item.get("collapsed"):
        categories_src = collapsed_categories(item, categories_src)
    kind = {"grade_matrix": "grade", "multiple": "multiple", "number": "open"}.get(
        qtype, "categorical"
    )
    bases = item.get("bases") or {}
    categories = []
    for c in categories_src:
        pct = (c.get("pct") or {}).get("answered")
        categories.append(
            SurveyCategory(
                value=str(c.get("value")),
                label=c.get("label"),
                count=c.get("count"),
                pct=pct,
                substantive=bool(c.get("substantive", True)),
                group=_category_group(str(c.get("value")), bool(c.get("substantive", True))),
            )
        )
    return SurveyItem(
        id=f"{audience}:{item.get('id')}",
        survey=audience,
        number=str(number),
        text=text,
        kind=kind,
        n=item.get("n"),
        base="answered",
        base_n=bases.get("answered"),
        suppressed=bool(item.get("suppressed")),
        categories=categories,
        mean=item.get("mean"),
        maps_to=list(item.get("maps_to") or []),
        routing=routing,
    )


def collapsed_categories(item: dict, categories: list[dict]) -> list[dict]:
    """A 5-point scale as seed 004 reports it: (zeer) eens / (zeer) oneens / weet niet.

    Uses the engine's collapsed groups (suppressed on their own); a share is only computed
    from two published numbers (the group's count and the published base)."""
    answered = (item.get("bases") or {}).get("answered")
    out = []
    for group in item.get("collapsed") or []:
        count = group.get("count")
        pct = round(100.0 * count / answered, 1) if count is not None and answered else None
        out.append(
            {
                "value": "eens" if group.get("group") == "agree" else "oneens",
                "label": group.get("label"),
                "count": count,
                "pct": {"answered": pct},
                "substantive": True,
            }
        )
    return out + [c for c in categories if c.get("substantive") is False]


def _row_suffix(item: dict) -> str:
    row = str(item.get("row", ""))
    return row if len(row) <= 2 else f" ({row})"


def _join(a: Any, b: Any) -> Any:
    if isinstance(a, dict) or isinstance(b, dict):
        return {
            lang: f"{translate(a, lang)} — {translate(b, lang)}".strip(" —")
            for lang in ("nl", "en")
        }
    return f"{a} — {b}"


def describe_condition(
    condition: dict | None, numbers: dict[str, str], labels: dict[str, dict] | None = None
) -> dict:
    """Routing in words (routering): "Alleen als vraag 8 = Ja".

    ``labels``: per question id, its answer values' bilingual labels (to name answers as the
    respondent saw them); values without a label are shown as they are."""
    if not condition:
        return {"nl": "", "en": ""}
    labels = labels or {}
    return {
        "nl": "Alleen als " + _cond_text(condition, numbers, labels, "nl"),
        "en": "Only if " + _cond_text(condition, numbers, labels, "en"),
    }


def answer_labels(questions: list[dict]) -> dict[str, dict]:
    """Per question id: {answer value: bilingual label} of its options or scale."""
    out: dict[str, dict] = {}
    for q in questions:
        options = list(q.get("options", [])) + list(q.get("scale", []))
        out[q["id"]] = {str(o.get("value")): o.get("label") for o in options}
    return out


def _cond_text(c: dict, numbers: dict[str, str], labels: dict, lang: str) -> str:
    for key, word in (
        ("all", {"nl": " en ", "en": " and "}),
        ("any", {"nl": " of ", "en": " or "}),
    ):
        if key in c:
            parts = [_cond_text(x, numbers, labels, lang) for x in c[key]]
            return parts[0] if len(parts) == 1 else "(" + word[lang].join(parts) + ")"
    qid = c.get("question", "")
    q = ("vraag " if lang == "nl" else "question ") + numbers.get(qid, qid or "?")
    if c.get("row"):
        q = f"{q}{c['row']}"
    names = labels.get(qid, {})

    def name(value: Any) -> str:
        label = names.get(str(value))
        return f"‘{translate(label, lang)}’" if label else str(value)

    if "answered" in c:
        if lang == "nl":
            return f"{q} {'is' if c['answered'] else 'is niet'} beantwoord"
        return f"{q} {'is' if c['answered'] else 'is not'} answered"
    if "contains" in c:
        return f"{q} {'omvat' if lang == 'nl' else 'includes'} {name(c['contains'])}"
    if "equals" in c:
        return f"{q} = {name(c['equals'])}"
    if "one_of" in c:
        joiner = " of " if lang == "nl" else " or "
        return f"{q} = " + joiner.join(name(v) for v in c["one_of"])
    return q


def questionnaire_appendix(survey) -> QuestionnaireAppendix:
    definition = survey.definition or {}
    questions = [q for page in definition.get("pages", []) for q in page.get("questions", [])]
    numbers = {q["id"]: str(q.get("number") or q["id"]) for q in questions}
    labels = answer_labels(questions)
    out = []
    for q in questions:
        options = [o.get("label") for o in q.get("options", [])]
        if q.get("type") == "matrix":
            options = [o.get("label") for o in q.get("scale", [])]
        if q.get("options_from") == "departments":
            options = [{"nl": "(afdelingen van de organisatie)", "en": "(the departments)"}]
        if q.get("type") == "grade_matrix":
            options = [
                {
                    "nl": f"cijfer {q.get('min', 1)}–{q.get('max', 10)}",
                    "en": f"grade {q.get('min', 1)}–{q.get('max', 10)}",
                }
            ]
        out.append(
            {
                "number": numbers[q["id"]],
                "text": q.get("text"),
                "type": q.get("type"),
                "rows": [r.get("text") for r in q.get("rows", [])],
                "options": options,
                "routing": describe_condition(q.get("show_if"), numbers, labels),
            }
        )
    return QuestionnaireAppendix(
        key=str(definition.get("id") or survey.questionnaire_id),
        title=definition.get("title") or survey.title,
        audience=survey.audience,
        questions=out,
    )


def _previous_map(items: list[SurveyItem]) -> dict[str, dict]:
    return {
        i.id: {
            "n": i.n,
            "mean": i.mean,
            "pct": {c.value: c.pct for c in i.categories},
        }
        for i in items
    }


def response_figures(survey, results: dict) -> tuple[int | None, int, float | None, list]:
    """(invited, responses, response rate %, per department) of a survey, from the surveys
    app's response rates (suppressed per department under k)."""
    n = int(results.get("n_respondents") or 0)
    try:
        from weerbaar.surveys.results.services import response_rates
    except ImportError:
        response_rates = None
    if response_rates is not None and survey.mode == "personal":
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
    invited = survey.invitations.count() if survey.mode == "personal" else None
    return invited or None, n, round(100.0 * n / invited, 1) if invited else None, []


def previous_figures(previous, k: int) -> dict[str, dict]:
    """Survey figures of the previous scan: from its last published report when there is one
    (what was published stays the reference), otherwise from its current data."""
    from .models import ReportVersion

    version = ReportVersion.objects.filter(scan=previous).order_by("-number").first()
    if version is not None:
        return {
            i["id"]: {
                "n": i.get("n"),
                "mean": i.get("mean"),
                "pct": {c["value"]: c.get("pct") for c in i.get("categories", [])},
            }
            for i in version.snapshot.get("result_tables", [])
        }
    try:
        return _previous_map(collect_survey_items(previous, k)[0])
    except Exception:
        logger.exception("report: survey figures of the previous scan failed")
        return {}


def compare_register_and_pillars(previous, register: RegisterData, pillars: list) -> None:
    """Add the previous scan's process scores and pillar phases (published version first)."""
    from .models import ReportVersion

    version = ReportVersion.objects.filter(scan=previous).order_by("-number").first()
    if version is not None:
        prev_register = version.snapshot.get("register") or {}
        prev_scores = {p["name"]: p.get("score") for p in prev_register.get("processes", [])}
        prev_levels = {p["id"]: p.get("level") for p in version.snapshot.get("pillars", [])}
    else:
        prev_scores = {p.name: p.score for p in collect_register(previous).processes}
        prev_levels = {p.id: p.level for p in collect_pillars(previous)}
    for row in register.processes:
        row.previous_score = prev_scores.get(row.name)
    for pillar in pillars:
        pillar.previous_level = prev_levels.get(pillar.id)


def collect_survey_items(scan, k: int) -> tuple[list[SurveyItem], list, list[SurveyMethod]]:
    """Report items, questionnaire appendices and response figures of a scan's surveys."""
    items: list[SurveyItem] = []
    appendices = []
    methods = []
    for survey in scan_surveys(scan):
        results = survey_results(survey, k)
        definition = survey.definition or {}
        qindex = {q["id"]: q for page in definition.get("pages", []) for q in page["questions"]}
        numbers = {qid: str(q.get("number") or qid) for qid, q in qindex.items()}
        labels = answer_labels(list(qindex.values()))
        for raw in results.get("items", []):
            q = qindex.get(raw.get("question"), {})
            routing = describe_condition(q.get("show_if"), numbers, labels)
            item = survey_item(raw, survey.audience, routing if routing.get("nl") else "")
            if item is not None:
                items.append(item)
        appendices.append(questionnaire_appendix(survey))
        invited, n, rate, departments = response_figures(survey, results)
        period = ""
        if survey.opens_at or survey.closes_at:
            start = survey.opens_at.date().isoformat() if survey.opens_at else "…"
            end = survey.closes_at.date().isoformat() if survey.closes_at else "…"
            period = f"{start} – {end}"
        methods.append(
            SurveyMethod(
                key=str(definition.get("id") or ""),
                audience=survey.audience,
                title=survey.title,
                invited=invited or None,
                responses=n,
                response_rate=rate,
                period=period,
                suppressed=bool(results.get("suppressed")),
                departments=departments,
            )
        )
    return items, appendices, methods


# ----------------------------------------------------------------------------- registers


def round_half_up(value: float) -> int:
    """Whole-number score as tables show it (0.5 rounds up, like the register pages)."""
    return int(math.floor(value + 0.5))


def choice_labels(choices) -> dict[str, dict]:
    """Bilingual labels of a TextChoices enum."""
    out: dict[str, dict] = {}
    for lang in ("nl", "en"):
        with translation.override(lang):
            for value, label in choices.choices:
                out.setdefault(value, {})[lang] = str(label)
    return out


def collect_register(scan) -> RegisterData:
    from weerbaar.registers.models import ControlState
    from weerbaar.registers.selectors import vulnerability_profile

    profile = vulnerability_profile(scan)
    state_labels = choice_labels(ControlState)
    criteria = [{"id": c["id"], "name": c["name"], "short": c["id"]} for c in profile.criteria]
    processes = []
    for row in profile.ranked_processes:
        b = row.breakdown
        processes.append(
            ProcessRow(
                name=str(row.entry.name),
                department=row.entry.owner_department,
                score=round_half_up(b.score),
                band=b.band.name,
                band_id=b.band.id,
                cells=[
                    {"criterion": cell["criterion"]["id"], "score": cell["score"]}
                    for cell in row.cells
                ],
                controls=[
                    {"name": c.name, "state": state_labels.get(c.value, c.value)}
                    for c in b.control_contributions
                ],
            )
        )
    functions = []
    for row in profile.ranked_functions:
        b = row.breakdown
        e = row.entry
        screening = ""
        if e.screening_required and e.screening_required != "none":
            screening = f"{e.get_screening_required_display()} / {e.get_screening_done_display()}"
        functions.append(
            FunctionRow(
                name=e.name,
                department=e.department,
                score=round_half_up(b.score),
                band=b.band.name,
                band_id=b.band.id,
                flags=[f["name"] for f in row.flags],
                screening=str(screening),
            )
        )
    return RegisterData(
        available=bool(processes or functions),
        criteria=criteria,
        processes=processes,
        functions=functions,
        note=getattr(profile.method, "summary", None),
    )


# ----------------------------------------------------------------------------- assessment


def collect_assessment(scan) -> dict[str, dict]:
    """Per norm or pillar item id: status, finding, evidence text and evidence list."""
    from weerbaar.assessment.services import saved_items

    out = {}
    for item_id, item in saved_items(scan).items():
        evidence = [
            {"kind": "link", "title": link.title or link.url, "ref": link.url}
            for link in item.links.all()
        ] + [
            {
                "kind": "document",
                "title": doc.description or doc.original_name,
                "ref": doc.original_name,
            }
            for doc in item.documents.all()
        ]
        out[item_id] = {
            "status": item.status,
            "finding": item.finding,
            "evidence_text": item.evidence_text,
            "evidence": evidence,
        }
    return out


def collect_pillars(scan) -> list[PillarMaturity]:
    from weerbaar.assessment.maturity import pillar_maturity

    rows = pillar_maturity(scan)
    out = []
    for row in rows:
        phases = row.get("phases") or []
        result = row["result"]
        out.append(
            PillarMaturity(
                id=row["pillar"]["id"],
                name=row["pillar"]["name"],
                level=result.level,
                max_level=max((p["level"] for p in phases), default=5),
                phase_name=(row.get("phase") or {}).get("name"),
                score=round(result.score, 3),
                counts={str(k): int(v) for k, v in result.counts.items()},
            )
        )
    return out


def collect_recommendations(scan, report) -> list[RecommendationItem]:
    out: list[RecommendationItem] = []
    fw = scan.framework
    recs = getattr(scan, "recommendations", None)
    if recs is not None:
        for rec in recs.filter(status="accepted").order_by("pk"):
            measure = fw.measure_index.get(rec.measure_id) or {}
            triggers = []
            for t in rec.triggers or []:
                if isinstance(t, dict):
                    triggers.append(translate(t.get("label"), "nl") or str(t.get("key", "")))
            out.append(
                RecommendationItem(
                    number=0,
                    text=rec.text,
                    reason=rec.reason,
                    source="rule",
                    measure=translate(measure.get("name"), "nl") if measure else rec.measure_id,
                    triggers=[t for t in triggers if t],
                )
            )
    if report is not None:
        for text in report.own_recommendations or []:
            if str(text).strip():
                out.append(RecommendationItem(number=0, text=str(text).strip(), source="own"))
    for i, rec in enumerate(out, start=1):
        rec.number = i
    return out


def suggested_verdict(counts: dict[str, int]) -> str:
    """A verdict level suggested by the self-assessment of the chapter's norms."""
    total = sum(counts.values())
    known = total - counts.get("onbekend", 0)
    if not total or known == 0:
        return "geen_oordeel"
    score = (counts.get("voldoet", 0) + 0.5 * counts.get("voldoet_deels", 0)) / known
    if score >= 0.85:
        return "voldoende"
    if score >= 0.5:
        return "op_onderdelen"
    if score >= 0.2:
        return "beperkt"
    return "onvoldoende"


# ----------------------------------------------------------------------------- chapters


def chapter_of(item_id: str, fw) -> str | None:
    """The dimension or theme a library id (dimension, sub-element or norm) belongs to."""
    norm = fw.norm_index.get(item_id)
    if norm:
        return norm["dimension"]
    dim = fw.dimension_index.get(item_id)
    if dim:
        return dim.get("parent") or dim["id"]
    return None


def _norm_result(norm: dict, assessed: dict[str, dict]) -> NormResult:
    a = assessed.get(norm["id"]) or {}
    status = a.get("status") or "onbekend"
    return NormResult(
        id=norm["id"],
        code=str(norm.get("code", "")),
        title=norm.get("title"),
        description=norm.get("description"),
        status=status,
        status_label=STATUS_LABELS.get(status, {"nl": status, "en": status}),
        finding=a.get("finding", ""),
        evidence_text=a.get("evidence_text", ""),
        evidence=a.get("evidence", []),
    )


def build_chapters(fw, assessed, items: list[SurveyItem], report) -> list[Chapter]:
    by_chapter: dict[str, list[SurveyItem]] = {}
    for item in items:
        if item.kind == "open":
            continue
        seen = set()
        for target in item.maps_to:
            ch = chapter_of(target, fw)
            if ch and ch not in seen:
                seen.add(ch)
                by_chapter.setdefault(ch, []).append(item)
    chapters = []
    for d in fw.dimensions_and_themes:
        norms = [_norm_result(n, assessed) for n in d.get("norms", [])]
        subs = [
            SubElement(
                id=s["id"],
                code=str(s.get("code", "")),
                name=s.get("name"),
                norm=s.get("norm"),
                norms=[_norm_result(n, assessed) for n in s.get("norms", [])],
            )
            for s in d.get("subelements", [])
        ]
        counts = dict.fromkeys(STATUSES, 0)
        for n in norms + [n for s in subs for n in s.norms]:
            counts[n.status] = counts.get(n.status, 0) + 1
        draft = report.section(d["id"]) if report is not None else {}
        level = draft.get("verdict_level") or suggested_verdict(counts)
        if level not in VERDICT_LABELS:
            level = "geen_oordeel"
        chapters.append(
            Chapter(
                id=d["id"],
                number=str(d.get("number", "")),
                type=d.get("type", "dimension"),
                name=d.get("name"),
                definition=d.get("definition"),
                norm=d.get("norm"),
                norms=norms,
                subelements=subs,
                survey_items=by_chapter.get(d["id"], []),
                show_register=d["id"] == "D3",
                assessment_counts=counts,
                findings_text=str(draft.get("findings") or ""),
                verdict_level=level,
                verdict_label=VERDICT_LABELS[level],
                verdict=str(draft.get("verdict") or ""),
            )
        )
    return chapters


def has_data(scan) -> bool:
    """Whether a scan has anything to report: responses, register entries or assessments."""
    checks = [
        lambda: scan.surveys.filter(responses__submitted=True).exists(),
        lambda: scan.process_entries.exists() or scan.function_entries.exists(),
        lambda: scan.assessment_items.exists(),
    ]
    for check in checks:
        try:
            if check():
                return True
        except Exception:  # a capability still in progress: not a data source yet
            logger.debug("report: data check failed", exc_info=True)
    return False


def collect_report_data(scan, report=None, *, include_previous: bool = True) -> ReportData:
    """Assemble the report data of a scan (with the draft texts of ``report``)."""
    fw = scan.framework
    org = scan.organisation
    notices: list = []
    k = survey_k(scan)

    items, appendices, survey_methods = _safe(
        lambda: collect_survey_items(scan, k), ([], [], []), notices, "surveys_failed"
    )
    if not survey_methods and not any(n is NOTICE_TEXTS["surveys_failed"] for n in notices):
        notices.append(NOTICE_TEXTS["surveys_missing"])

    comparison = Comparison(available=False)
    previous = getattr(scan, "previous_scan", None) if include_previous else None
    if previous is not None:
        prev = previous_figures(previous, k)
        if prev:
            for item in items:
                item.previous = prev.get(item.id)
            comparison = Comparison(
                available=True,
                previous_title=previous.title,
                previous_period=f"{previous.period_start} – {previous.period_end}",
            )

    register = _safe(
        lambda: collect_register(scan), RegisterData(False), notices, "register_failed"
    )
    if not register.available:
        notices.append(NOTICE_TEXTS["register_missing"])
    assessed = _safe(lambda: collect_assessment(scan), {}, notices, "assessment_failed")
    if not assessed:
        notices.append(NOTICE_TEXTS["assessment_missing"])
    pillars = _safe(lambda: collect_pillars(scan), [], notices, "maturity_failed")
    if not pillars:
        notices.append(NOTICE_TEXTS["maturity_missing"])
    recommendations = _safe(
        lambda: collect_recommendations(scan, report), [], notices, "recommendations_failed"
    )
    if previous is not None:
        _safe(
            lambda: compare_register_and_pillars(previous, register, pillars),
            None,
            notices,
            "comparison_failed",
        )
        if any(p.previous_score is not None for p in register.processes) or any(
            p.previous_level is not None for p in pillars
        ):
            comparison.available = True
            comparison.previous_title = previous.title
            comparison.previous_period = f"{previous.period_start} – {previous.period_end}"
    chapters = build_chapters(fw, assessed, items, report)

    norms_total = len(fw.norms)
    norms_assessed = sum(
        1
        for nid in fw.norm_index
        if (assessed.get(nid) or {}).get("status", "onbekend") != "onbekend"
    )
    sources = [
        {
            "nl": "Enquête onder medewerkers en raadsleden (anoniem)",
            "en": "Survey of staff and council members (anonymous)",
        },
        {
            "nl": "Register van kwetsbare processen en functies",
            "en": "Register of vulnerable processes and functions",
        },
        {
            "nl": "Zelfevaluatie tegen de normen van het referentiekader en de RIEC-pijlers",
            "en": "Self-assessment against the norms of the reference framework and the "
            "RIEC pillars",
        },
    ]
    method = Method(
        k=k,
        period_start=scan.period_start.isoformat(),
        period_end=scan.period_end.isoformat(),
        sources=sources,
        surveys=survey_methods,
        processes=len(register.processes),
        functions=len(register.functions),
        norms_assessed=norms_assessed,
        norms_total=norms_total,
        notes=[
            {
                "nl": f"Aantallen kleiner dan {k} worden niet getoond (‘< {k}’), en ook geen "
                "aantallen waaruit zij zijn terug te rekenen. Percentages hebben als noemer "
                "het aantal respondenten dat de vraag beantwoordde (n).",
                "en": f"Counts below {k} are not shown ('< {k}'), nor counts from which they "
                "could be derived. Percentages use the number of respondents who answered "
                "the question (n) as their base.",
            }
        ],
    )
    now = timezone.now()
    library_label = f"{getattr(scan.library_version, 'version', '')}".strip() or str(
        scan.library_version
    )
    data_part = {
        "items": [i.__dict__ for i in items],
        "register": register.__dict__,
        "assessed": assessed,
        "pillars": [p.__dict__ for p in pillars],
        "recommendations": [r.__dict__ for r in recommendations if r.source == "rule"],
    }
    data_version = content_hash(_plain(data_part))[:16]
    title = (report.title if report else "") or f"Weerbaarheid tegen ondermijning — {org.name}"
    subtitle = (report.subtitle if report else "") or scan.title
    place_date = (report.place_date if report else "") or f"{org.name}, {now.date().isoformat()}"
    return ReportData(
        schema=SCHEMA_VERSION,
        language="nl",
        organisation=org.name,
        organisation_slug=org.slug,
        scan_id=scan.pk,
        scan_title=scan.title,
        scan_kind=scan.kind,
        title=title,
        subtitle=subtitle,
        place_date=place_date,
        library_version=library_label,
        data_version=data_version,
        generated_at=now.isoformat(timespec="seconds"),
        summary=(report.summary if report else "") or "",
        method=method,
        chapters=chapters,
        pillars=pillars,
        register=register,
        conclusions=(report.conclusions if report else "") or "",
        recommendations=recommendations,
        questionnaires=appendices,
        result_tables=items,
        comparison=comparison,
        notices=notices,
    )


def _plain(value: Any) -> Any:
    """Dataclasses and nested values as plain JSON-able data (for hashing)."""
    from dataclasses import asdict, is_dataclass

    if is_dataclass(value) and not isinstance(value, type):
        return asdict(value)
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value
