"""Comparing a herhaalmeting with the scan before it, and trends over a chain of scans.

:func:`compare_scans` is the entry point for other apps (the report of a herhaalmeting
includes its result); it only reads.

What is compared (docs/follow-up.md explains the choices):

* **per dimension** — the share of its norms (including sub-element norms) assessed
  ``voldoet`` in the self-assessment, as a proportion of the number of norms;
* **per norm** — its verdict then and now (better / same / worse), with the survey items that
  map to it;
* **per survey item** — for questionnaires fielded in both scans, the share of the first
  substantive answer category (e.g. "Mee eens", "Ja") among substantive answers, taken from the
  results engine and so under the same minimum cell size k: a suppressed figure is never
  compared;
* **per RIEC pillar** — the maturity phase then and now.

Each share difference has a 95 % Newcombe hybrid score interval; where it includes zero the
verdict is "geen echte verandering".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, TypedDict

from weerbaar.assessment.maturity import pillar_maturity
from weerbaar.assessment.services import statuses
from weerbaar.surveys.results.services import survey_results as released_results
from weerbaar.surveys.services import results_released
from weerbaar.surveys.types import SurveyResults

from .stats import Interval, Verdict, newcombe_difference, verdict

STATUS_RANK = {"voldoet": 2, "voldoet_deels": 1, "voldoet_niet": 0}


@dataclass(frozen=True)
class Proportion:
    count: int
    n: int

    @property
    def share(self) -> float:
        return self.count / self.n if self.n else 0.0

    @property
    def pct(self) -> float:
        return round(100 * self.share, 1)


@dataclass
class Change:
    """The change of one share between two scans (in percentage points, with a 95 % CI)."""

    key: str
    label: Any
    previous: Proportion | None
    current: Proportion | None
    interval: Interval | None = None
    verdict: str = Verdict.NOT_COMPARABLE
    detail: Any = ""  # e.g. the answer category whose share is compared
    group: str = ""  # dimension or questionnaire id
    number: str = ""  # question number of a survey item
    maps_to: list[str] = field(default_factory=list)  # norm ids a survey item maps to

    @property
    def points(self) -> float | None:
        return None if self.interval is None else round(self.interval.estimate * 100, 1)

    @property
    def lower_points(self) -> float | None:
        return None if self.interval is None else round(self.interval.lower * 100, 1)

    @property
    def upper_points(self) -> float | None:
        return None if self.interval is None else round(self.interval.upper * 100, 1)

    @property
    def no_real_change(self) -> bool:
        return self.verdict == Verdict.NO_REAL_CHANGE


def make_change(
    key: str, label: Any, previous: Proportion | None, current: Proportion | None, **kw
) -> Change:
    interval = None
    if previous is not None and current is not None and previous.n > 0 and current.n > 0:
        interval = newcombe_difference(current.count, current.n, previous.count, previous.n)
    return Change(key, label, previous, current, interval, verdict(interval), **kw)


@dataclass
class NormChange:
    norm_id: str
    code: str
    label: Any
    dimension_id: str
    previous_status: str | None
    current_status: str | None
    direction: str  # "better", "same", "worse", "unknown"
    survey_items: list[Change] = field(default_factory=list)


@dataclass
class PillarChange:
    pillar_id: str
    label: Any
    previous_level: int | None
    current_level: int | None
    previous_phase: Any = None
    current_phase: Any = None

    @property
    def direction(self) -> str:
        if self.previous_level is None or self.current_level is None:
            return "unknown"
        if self.current_level > self.previous_level:
            return "better"
        if self.current_level < self.previous_level:
            return "worse"
        return "same"


@dataclass
class Comparison:
    previous_scan_id: int
    current_scan_id: int
    previous_title: str
    current_title: str
    dimensions: list[Change] = field(default_factory=list)
    norms: list[NormChange] = field(default_factory=list)
    survey_items: list[Change] = field(default_factory=list)
    pillars: list[PillarChange] = field(default_factory=list)
    questionnaires: dict[str, Any] = field(default_factory=dict)  # id -> bilingual title

    @property
    def survey_groups(self) -> list[tuple[Any, list[Change]]]:
        """Survey item changes per questionnaire: (title, changes)."""
        groups: dict[str, list[Change]] = {}
        for c in self.survey_items:
            groups.setdefault(c.group, []).append(c)
        return [(self.questionnaires.get(g, g), items) for g, items in groups.items()]

    def to_dict(self) -> dict:
        """JSON-serialisable form (e.g. for a report's frozen snapshot)."""

        def change(c: Change) -> dict:
            return {
                "key": c.key,
                "label": c.label,
                "detail": c.detail,
                "group": c.group,
                "number": c.number,
                "previous": None if c.previous is None else [c.previous.count, c.previous.n],
                "current": None if c.current is None else [c.current.count, c.current.n],
                "points": c.points,
                "lower_points": c.lower_points,
                "upper_points": c.upper_points,
                "verdict": c.verdict,
            }

        return {
            "previous_scan_id": self.previous_scan_id,
            "current_scan_id": self.current_scan_id,
            "previous_title": self.previous_title,
            "current_title": self.current_title,
            "questionnaires": self.questionnaires,
            "dimensions": [change(c) for c in self.dimensions],
            "survey_items": [change(c) for c in self.survey_items],
            "norms": [
                {
                    "id": n.norm_id,
                    "code": n.code,
                    "label": n.label,
                    "dimension": n.dimension_id,
                    "previous": n.previous_status,
                    "current": n.current_status,
                    "direction": n.direction,
                    "survey_items": [c.key for c in n.survey_items],
                }
                for n in self.norms
            ],
            "pillars": [
                {
                    "id": p.pillar_id,
                    "label": p.label,
                    "previous_level": p.previous_level,
                    "current_level": p.current_level,
                    "previous_phase": p.previous_phase,
                    "current_phase": p.current_phase,
                    "direction": p.direction,
                }
                for p in self.pillars
            ],
        }


# ----------------------------------------------------------------------------- inputs


def assessment_statuses(scan) -> dict[str, str]:
    """Status per norm / pillar item id (``onbekend`` where not assessed)."""
    return statuses(scan)


def dimension_norms(framework) -> list[tuple[dict, list[dict]]]:
    """(dimension or theme, its norms including those of its sub-elements)."""
    out = []
    for d in framework.dimensions_and_themes:
        norms = list(d.get("norms", []))
        for s in d.get("subelements", []):
            norms.extend(s.get("norms", []))
        out.append((d, norms))
    return out


def dimension_share(framework, statuses: dict[str, str], dimension_id: str) -> Proportion | None:
    for d, norms in dimension_norms(framework):
        if d["id"] == dimension_id:
            if not norms:
                return None
            met = sum(1 for n in norms if statuses.get(n["id"]) == "voldoet")
            return Proportion(met, len(norms))
    return None


@dataclass
class QuestionnaireResults:
    """The engine's results (under k) of one questionnaire of a scan, with its title and the
    ids of its background questions (e.g. the department: no measure of resilience)."""

    title: Any  # bilingual text, or the survey's title
    results: SurveyResults
    background: list[str]


#: Survey results per scan pk, shared by the caller for one page.
ResultsCache = dict[int, dict[str, QuestionnaireResults]]


class HeadlineShare(TypedDict):
    """The first substantive answer category of a survey item and its count."""

    count: int | None
    n: int | None  # substantive answers (None when suppressed)
    category: Any  # bilingual label of the category
    text: Any  # bilingual statement or question text
    number: str
    maps_to: list[str]


def survey_results(scan, cache: ResultsCache | None = None) -> dict[str, QuestionnaireResults]:
    """Results per questionnaire id of the scan's surveys (engine output, under k).

    ``cache`` (a dict shared by the caller for one page) avoids computing a scan twice.
    """
    if cache is not None and scan.pk in cache:
        return cache[scan.pk]
    out: dict[str, QuestionnaireResults] = {}
    for survey in scan.surveys.all().order_by("pk"):
        qid = (survey.definition or {}).get("id") or survey.questionnaire.key
        if qid in out or not survey.definition.get("pages") or not results_released(survey):
            continue  # results exist only after the field period closed
        # The same figures every results page shows: the stored tallies, suppressed at the
        # organisation's k and never below what was first released.
        results = released_results(survey)
        if not results["n_respondents"]:
            continue
        out[qid] = QuestionnaireResults(
            title=survey.definition.get("title") or survey.title,
            results=results,
            # Background questions (e.g. the department) are no measure of resilience.
            background=[
                q["id"]
                for page in survey.definition["pages"]
                for q in page.get("questions", [])
                if q.get("options_from")
            ],
        )
    if cache is not None:
        cache[scan.pk] = out
    return out


def headline_shares(questionnaire: QuestionnaireResults) -> dict[str, HeadlineShare]:
    """Per item id: the first substantive category's count of the substantive answers."""
    out: dict[str, HeadlineShare] = {}
    background = set(questionnaire.background)
    for item in questionnaire.results.get("items", []):
        if item.get("question") in background:
            continue
        cats = item.get("categories")
        if not cats or "mean" in item:  # grades are means, not shares
            continue
        bases = item.get("bases")
        n = bases.get("substantive") if bases else None
        first = next((c for c in cats if c.get("substantive", True)), None)
        if first is None:
            continue
        out[item["id"]] = {
            "count": first.get("count"),
            "n": n,
            "category": first.get("label"),
            "text": item.get("row_text") or item.get("text"),
            "number": item.get("number", ""),
            "maps_to": item.get("maps_to", []),
        }
    return out


def _proportion(entry: HeadlineShare | None) -> Proportion | None:
    if not entry:
        return None
    count, n = entry["count"], entry["n"]
    if count is None or not n:
        return None
    return Proportion(int(count), int(n))


def pillar_levels(scan) -> dict[str, dict]:
    """Per RIEC pillar id: the maturity level, phase name and pillar name of ``scan``.

    Level and phase are ``None`` for a pillar none of whose items has a verdict yet: nothing
    was measured, so no phase is claimed (pages say "nog niet beoordeeld").
    """
    return {
        r["pillar"]["id"]: {
            "level": r["result"].level if r["assessed"] else None,
            "phase": (r.get("phase") or {}).get("name") if r["assessed"] else None,
            "label": r["pillar"]["name"],
        }
        for r in pillar_maturity(scan)
    }


# ----------------------------------------------------------------------------- comparison


def compare_scans(previous, current, *, cache: ResultsCache | None = None) -> Comparison:
    """Compare ``current`` (e.g. a herhaalmeting) with ``previous``. Reads only."""
    fw = current.framework
    before, now = assessment_statuses(previous), assessment_statuses(current)
    comparison = Comparison(previous.pk, current.pk, previous.title, current.title)

    for d, _norms in dimension_norms(fw):
        comparison.dimensions.append(
            make_change(
                d["id"],
                d["name"],
                dimension_share(previous.framework, before, d["id"]),
                dimension_share(fw, now, d["id"]),
                detail="voldoet",
                group=d["id"],
            )
        )

    prev_results = survey_results(previous, cache)
    curr_results = survey_results(current, cache)
    items: list[Change] = []
    for qid, results in curr_results.items():
        if qid not in prev_results:
            continue
        comparison.questionnaires[qid] = results.title
        old = headline_shares(prev_results[qid])
        new = headline_shares(results)
        for item_id, entry in new.items():
            if item_id not in old:
                continue
            change = make_change(
                f"{qid}:{item_id}",
                entry["text"],
                _proportion(old[item_id]),
                _proportion(entry),
                detail=entry["category"],
                group=qid,
                number=entry["number"],
                maps_to=list(entry["maps_to"]),
            )
            items.append(change)
    comparison.survey_items = items

    for norm in fw.norms:
        p, c = before.get(norm["id"]), now.get(norm["id"])
        rp, rc = STATUS_RANK.get(p or ""), STATUS_RANK.get(c or "")
        if rp is None or rc is None:
            direction = "unknown"
        else:
            direction = "better" if rc > rp else "worse" if rc < rp else "same"
        comparison.norms.append(
            NormChange(
                norm["id"],
                norm.get("code", ""),
                norm["title"],
                norm.get("subelement") or norm["dimension"],
                p,
                c,
                direction,
                [i for i in items if norm["id"] in i.maps_to],
            )
        )

    levels_before, levels_now = pillar_levels(previous), pillar_levels(current)
    for pillar in fw.pillars:
        b, n = levels_before.get(pillar["id"], {}), levels_now.get(pillar["id"], {})
        comparison.pillars.append(
            PillarChange(
                pillar["id"],
                pillar["name"],
                b.get("level"),
                n.get("level"),
                b.get("phase"),
                n.get("phase"),
            )
        )
    return comparison


# ----------------------------------------------------------------------------- trends


def scan_chain(scan, limit: int = 12) -> list:
    """The scan and its predecessors (via ``previous_scan``), oldest first."""
    chain = [scan]
    seen = {scan.pk}
    while chain[-1].previous_scan_id and len(chain) < limit:
        prev = chain[-1].previous_scan
        if prev is None or prev.pk in seen:
            break
        chain.append(prev)
        seen.add(prev.pk)
    return list(reversed(chain))


@dataclass
class TrendSeries:
    key: str
    label: Any
    values: list[float | None]  # percentages, one per scan (None: not available)
    phase_names: list[str] = field(default_factory=list)  # pillars: the phase per scan, by page


@dataclass
class Trend:
    scans: list
    dimensions: list[TrendSeries]
    survey_items: list[TrendSeries]
    pillars: list[TrendSeries] = field(default_factory=list)  # maturity level per scan


def trends(scan, *, cache: ResultsCache | None = None) -> Trend:
    """Per dimension and per survey item: the share over the chain of scans ending at ``scan``."""
    chain = scan_chain(scan)
    fw = scan.framework
    statuses = [assessment_statuses(s) for s in chain]
    dims = []
    for d, _norms in dimension_norms(fw):
        values = []
        for s, st in zip(chain, statuses, strict=True):
            p = dimension_share(s.framework, st, d["id"])
            values.append(None if p is None else p.pct)
        dims.append(TrendSeries(d["id"], d["name"], values))
    shares = [
        {qid: headline_shares(r) for qid, r in survey_results(s, cache).items()} for s in chain
    ]
    items: dict[str, TrendSeries] = {}
    for i, per_scan in enumerate(shares):
        for qid, entries in per_scan.items():
            for item_id, entry in entries.items():
                key = f"{qid}:{item_id}"
                series = items.setdefault(key, TrendSeries(key, entry["text"], [None] * len(chain)))
                p = _proportion(entry)
                series.values[i] = None if p is None else p.pct
    complete = [s for s in items.values() if sum(v is not None for v in s.values) >= 2]
    levels = [pillar_levels(s) for s in chain]
    pillars = [
        TrendSeries(
            p["id"],
            p["name"],
            [lv.get(p["id"], {}).get("level") for lv in levels],
        )
        for p in fw.pillars
    ]
    return Trend(chain, dims, complete, pillars)
