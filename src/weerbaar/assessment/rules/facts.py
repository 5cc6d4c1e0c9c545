"""Typed facts about a scan that recommendation rules are evaluated against.

Fact types and their fields (the rule validator refuses unknown fields and wrongly typed
values):

``assessment`` (one per norm and pillar item; verdict of the self-assessment)
    item_id, kind (norm / pillar_item), code, status (voldoet / voldoet_deels /
    voldoet_niet / onbekend)
``process`` (one per entry of the process register)
    money_flows, money_flow_size, described, undermining_addressed, discretion, one field
    per control type with its best recorded state (``none`` when not recorded), and
    four_eyes_staffable (false when a function of the register that works in this process
    — through the library's example function — has four-eyes marked impossible or a single
    incumbent), staffing_note
``function`` (one per entry of the function register)
    incumbents, eenpitter, langzitter, dubbelzitter, bankzitter, has_mandate,
    decision_authority, financial_flows, external_contact, information_access,
    external_hires, screening_required, screening_done, screening_done_external,
    screening_on_change, screening_gap, rotation_possible, rotation_state,
    four_eyes_possible, four_eyes_state, compensating_state
``survey_figure`` (one per available survey figure)
    question (e.g. ``Q9c``), percentage (0–100), respondents, percentage_label

Each fact type is one :class:`FactSource` in :data:`FACT_SOURCES`: its fields, the source a
proposal cites and the function that collects its facts. An app adds a fact type in its own
``rule_facts`` module (discovered on first use)::

    register_fact_source(FactSource(
        kind="incident", fields={"severity": NUMBER}, source=_("incidentregister"),
        collect=incident_facts,  # (scan, CollectContext) -> list[Fact]
    ))
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from weerbaar.core.registry import Registry
from weerbaar.registers.models import FunctionEntry, ProcessEntry
from weerbaar.surveys.results import services as survey_results

if TYPE_CHECKING:
    from weerbaar.scans.models import Scan

STATUSES = ["voldoet", "voldoet_deels", "voldoet_niet", "onbekend"]
CONTROL_STATES = ["absent", "on_paper", "in_practice", "effective"]
CONTROL_VALUES = ["none", *CONTROL_STATES]
CONTROL_TYPES = [
    "four_eyes",
    "segregation_of_duties",
    "two_signatures",
    "rotation",
    "bibob_check",
    "authorisations",
    "privacy_rules",
    "cash_procedures",
    "screening",
    "training",
    "reporting_procedure",
    "inventory",
    "policy",
    "other",
]
PRACTICE = ["yes", "partly", "no", "not_applicable"]
SCREENING = ["none", "vog", "vog_p"]


@dataclass(frozen=True)
class FieldType:
    kind: str  # "bool", "number", "str", "enum"
    choices: tuple[str, ...] = ()

    def accepts(self, value: Any) -> bool:
        if self.kind == "bool":
            return isinstance(value, bool)
        if self.kind == "number":
            return isinstance(value, (int, float)) and not isinstance(value, bool)
        if self.kind == "str":
            return isinstance(value, str)
        return value in self.choices


BOOL = FieldType("bool")
NUMBER = FieldType("number")
STR = FieldType("str")


def enum(values: list[str]) -> FieldType:
    return FieldType("enum", tuple(values))


ASSESSMENT_FIELDS: dict[str, FieldType] = {
    "item_id": STR,
    "kind": enum(["norm", "pillar_item"]),
    "code": STR,
    "status": enum(STATUSES),
}
PROCESS_FIELDS: dict[str, FieldType] = {
    "money_flows": BOOL,
    "money_flow_size": enum(["", "small", "medium", "large", "cash"]),
    "described": enum(["yes", "partly", "no"]),
    "undermining_addressed": BOOL,
    "discretion": enum(["none", "limited", "large"]),
    "four_eyes_staffable": BOOL,
    "staffing_note": STR,
    **{t: enum(CONTROL_VALUES) for t in CONTROL_TYPES},
}
FUNCTION_FIELDS: dict[str, FieldType] = {
    "incumbents": NUMBER,
    "eenpitter": BOOL,
    "langzitter": BOOL,
    "dubbelzitter": BOOL,
    "bankzitter": BOOL,
    "has_mandate": BOOL,
    "decision_authority": enum(["none", "prepares", "decides"]),
    "financial_flows": BOOL,
    "external_contact": BOOL,
    "information_access": enum(["normal", "sensitive", "broad"]),
    "external_hires": BOOL,
    "screening_required": enum(SCREENING),
    "screening_done": enum(PRACTICE),
    "screening_done_external": enum(PRACTICE),
    "screening_on_change": enum(PRACTICE),
    "screening_gap": BOOL,
    "rotation_possible": BOOL,
    "rotation_state": enum(CONTROL_STATES),
    "four_eyes_possible": BOOL,
    "four_eyes_state": enum(CONTROL_STATES),
    "compensating_state": enum(CONTROL_STATES),
}
SURVEY_FIGURE_FIELDS: dict[str, FieldType] = {
    "question": STR,
    "percentage": NUMBER,
    "respondents": NUMBER,
    "percentage_label": STR,
}


def in_every_language(text: Any, **params: Any) -> dict[str, str]:
    """``{"nl": ..., "en": ...}`` of a translatable text: citations are stored for both."""
    out = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            out[language] = str(text) % params if params else str(text)
    return out


@dataclass(frozen=True)
class Fact:
    """One typed fact: what a rule looks at, and what a proposal cites."""

    type: str
    subject_key: str  # stable key of the subject: "process:12", "norm:D3c.N1", "survey:Q9c"
    library_id: str  # library item id of the subject ("" when none)
    label: Any  # str or bilingual {nl, en}
    values: dict[str, Any] = field(default_factory=dict)

    def citation(self, fields: list[str]) -> dict:
        source = FACT_SOURCES[self.type]
        return {
            "type": self.type,
            "key": self.subject_key,
            "library_id": self.library_id,
            "label": self.label,
            "source": in_every_language(source.source),
            "values": {
                f: self.values.get(f) for f in [*fields, *source.cited_always] if f in self.values
            },
        }


@dataclass(frozen=True)
class CollectContext:
    """What a fact source may need besides the scan.

    ``survey_figures`` ({question: percentage or (percentage, respondents)}) overrides the
    survey figures read from the survey results (``None``: read them).
    """

    survey_figures: Mapping[str, Any] | None = None


@dataclass(frozen=True)
class FactSource:
    """One fact type of the recommendation rules: its fields and where its facts come from."""

    kind: str
    fields: dict[str, FieldType]
    collect: Callable[[Scan, CollectContext], list[Fact]]
    source: Any  # translatable label of the source, cited with every proposal
    cited_always: tuple[str, ...] = ()  # cited with every proposal besides the rule's fields


FACT_SOURCES: Registry[FactSource] = Registry("rule fact sources", discover="rule_facts")


def register_fact_source(source: FactSource) -> FactSource:
    """Add a fact type; a second, different source of one kind raises ``DuplicateKey``."""
    return FACT_SOURCES.register(source.kind, source)


def fact_fields(kind: str) -> dict[str, FieldType] | None:
    """The typed fields of facts of ``kind``; ``None`` for an unknown kind."""
    source = FACT_SOURCES.get(kind)
    return source.fields if source is not None else None


def assessment_facts(scan: Scan, context: CollectContext | None = None) -> list[Fact]:
    from ..services import item_label, statuses

    fw = scan.framework
    out = []
    for item_id, status in statuses(scan).items():
        norm = fw.norm_index.get(item_id)
        code = norm["code"] if norm else item_id
        kind = "norm" if norm else "pillar_item"
        out.append(
            Fact(
                "assessment",
                f"{kind}:{item_id}",
                item_id,
                item_label(fw, item_id),
                {"item_id": item_id, "kind": kind, "code": code, "status": status},
            )
        )
    return out


def survey_figure_fact(question: str, percentage: float, respondents: int | None = None) -> Fact:
    """A survey figure as a fact, e.g. ``survey_figure_fact("Q9c", 42.0)``: 42 % know where
    to report signals of subversion (staff survey question 9c)."""
    label = in_every_language(_("Medewerkersenquête, vraag %(number)s"), number=question[1:])
    pct = float(percentage)
    return Fact(
        "survey_figure",
        f"survey:{question}",
        "",
        label,
        {
            "question": question,
            "percentage": pct,
            "respondents": respondents if respondents is not None else 0,
            "percentage_label": f"{pct:.0f}%",
        },
    )


def reporting_awareness_fact(percentage: float, respondents: int | None = None) -> Fact:
    """Q9c: the share of staff who know where to report signals of subversion."""
    return survey_figure_fact("Q9c", percentage, respondents)


def survey_figures_from_results(
    scan, specs: dict | None = None
) -> dict[str, tuple[float, int | None]]:
    """Survey figures the rules use, read from the scan's survey results.

    ``specs`` (the ``survey_figures`` of the rules document) maps a code such as ``Q9c`` to
    the result item, answer category and base to read. Suppressed figures (fewer than k
    answers) are never used. Returns ``{code: (percentage, respondents)}``.
    """
    if specs is None:
        from ..content import document_for

        specs = document_for(scan, "recommendation_rules").get("survey_figures", {})
    if not specs:
        return {}
    results = survey_results.scan_results(scan)
    out: dict[str, tuple[float, int | None]] = {}
    for result in results:
        survey_info = result.get("survey")
        audience = survey_info.get("audience") if survey_info else None
        for item in result.get("items", []):
            for code, spec in specs.items():
                if item.get("id") != spec["item"] or audience != spec["audience"]:
                    continue
                if item.get("suppressed"):
                    continue
                for category in item.get("categories", []):
                    if category.get("value") != spec["category"]:
                        continue
                    percentages = category.get("pct") or {}
                    # Every base of Percentages holds a float or None; the key comes from
                    # the rules document, so mypy cannot pick the field.
                    pct = cast("float | None", percentages.get(spec.get("base", "answered")))
                    if pct is not None:
                        out[code] = (float(pct), item.get("n"))
    return out


def _linked_functions(process, functions, fw) -> list:
    """Functions of the register that work in ``process`` according to the library."""
    if not process.library_process_id:
        return []
    by_id = {f["id"]: f for f in fw.example_functions}
    linked = []
    for fn in functions:
        example = by_id.get(fn.library_function_id)
        if example and process.library_process_id in example.get("processes", []):
            linked.append(fn)
    return linked


def process_facts(scan: Scan, context: CollectContext | None = None) -> list[Fact]:
    fw = scan.framework
    functions = list(FunctionEntry.objects.filter(scan=scan))
    out = []
    for p in ProcessEntry.objects.filter(scan=scan).prefetch_related("controls"):
        values: dict[str, Any] = {
            "money_flows": p.money_flows,
            "money_flow_size": p.money_flow_size or "",
            "described": p.described,
            "undermining_addressed": p.undermining_addressed,
            "discretion": p.discretion,
        }
        for t in CONTROL_TYPES:
            values[t] = p.control_state(t) or "none"
        blockers = [
            fn
            for fn in _linked_functions(p, functions, fw)
            if not fn.four_eyes_possible or fn.incumbents <= 1
        ]
        values["four_eyes_staffable"] = not blockers
        values["staffing_note"] = "; ".join(f"‘{fn.name}’ (n={fn.incumbents})" for fn in blockers)
        out.append(Fact("process", f"process:{p.pk}", p.library_process_id, p.name, values))
    return out


def function_facts(scan: Scan, context: CollectContext | None = None) -> list[Fact]:
    out = []
    for f in FunctionEntry.objects.filter(scan=scan).select_related("scan__library_version"):
        values = {
            "incumbents": f.incumbents,
            "eenpitter": f.is_eenpitter,
            "langzitter": f.is_langzitter,
            "dubbelzitter": f.is_dubbelzitter,
            "bankzitter": f.is_bankzitter,
            "has_mandate": f.has_mandate,
            "decision_authority": f.decision_authority,
            "financial_flows": f.financial_flows,
            "external_contact": f.external_contact,
            "information_access": f.information_access,
            "external_hires": f.external_hires,
            "screening_required": f.screening_required,
            "screening_done": f.screening_done,
            "screening_done_external": f.screening_done_external,
            "screening_on_change": f.screening_on_change,
            "screening_gap": f.screening_gap,
            "rotation_possible": f.rotation_possible,
            "rotation_state": f.rotation_state,
            "four_eyes_possible": f.four_eyes_possible,
            "four_eyes_state": f.four_eyes_state,
            "compensating_state": f.compensating_state,
        }
        out.append(Fact("function", f"function:{f.pk}", f.library_function_id, f.name, values))
    return out


def survey_figure_facts(scan: Scan, context: CollectContext | None = None) -> list[Fact]:
    """Survey figures as facts: the context's override, else read from the survey results."""
    override = context.survey_figures if context is not None else None
    figures = survey_figures_from_results(scan) if override is None else override
    out = []
    for question, value in figures.items():
        pct, n = value if isinstance(value, (tuple, list)) else (value, None)
        out.append(survey_figure_fact(question, pct, n))
    return out


register_fact_source(
    FactSource("assessment", ASSESSMENT_FIELDS, assessment_facts, _("zelfevaluatie"))
)
register_fact_source(FactSource("process", PROCESS_FIELDS, process_facts, _("procesregister")))
register_fact_source(FactSource("function", FUNCTION_FIELDS, function_facts, _("functieregister")))
register_fact_source(
    FactSource(
        "survey_figure",
        SURVEY_FIGURE_FIELDS,
        survey_figure_facts,
        _("medewerkersenquête"),
        cited_always=("respondents",),
    )
)


def collect_facts(scan: Scan, survey_figures: Mapping[str, Any] | None = None) -> list[Fact]:
    """Every fact about a scan, from every registered fact source in registration order.

    ``survey_figures`` ({question: percentage or (pct, n)}) overrides the figures taken from
    the survey results.
    """
    context = CollectContext(survey_figures=survey_figures)
    out: list[Fact] = []
    for kind, source in FACT_SOURCES.items():
        facts = source.collect(scan, context)
        wrong = sorted({f.type for f in facts if f.type != kind})
        if wrong:
            raise ImproperlyConfigured(
                f"rule fact source {kind!r} returned facts of type {', '.join(wrong)}"
            )
        out += facts
    return out
