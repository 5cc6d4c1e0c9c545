"""Demo step: Gemeente Voorbeeld's action plan in progress, a progress report and the
herhaalmeting a year after the 0-meting (registers and self-assessment carried over, with a
few improvements; the same questionnaires, answered somewhat more positively).
"""

from __future__ import annotations

import datetime

from weerbaar.core.demo import DemoContext, demo_step
from weerbaar.scans.models import ScanStatus

from . import services
from .models import Action, ActionStatus
from .overview import create_progress_report
from .repeat import start_repeat_scan

#: Items that improved between the 0-meting and the herhaalmeting (item id -> new status):
#: awareness (dimension 1) after the training programme, and a few single steps elsewhere.
IMPROVEMENTS = {
    "D1.N1": "voldoet",
    "D1.N2": "voldoet",
    "D1.N3": "voldoet",
    "D3b.N3": "voldoet",
    "D3c.N1": "voldoet_deels",
    "D3d.N1": "voldoet_deels",
    "P1.I1": "voldoet",
    "P1.I2": "voldoet_deels",
    "P4.I1": "voldoet_deels",
}
RANK = {"onbekend": -1, "voldoet_niet": 0, "voldoet_deels": 1, "voldoet": 2}

MANUAL_ACTIONS = [
    (
        "Integriteitsgesprek opnemen in het inwerkprogramma",
        "HR/P&O voegt een gesprek over integriteit en ondermijning toe aan het inwerkprogramma "
        "van nieuwe medewerkers.",
        ["D3d", "D4"],
        ["P4"],
    ),
    (
        "Ondermijning zeswekelijks op de collegeagenda",
        "De gemeentesecretaris en de burgemeester agenderen ondermijning elke zes weken in het "
        "college (aanbeveling 1 van BMC/Pro Facto, 2025).",
        ["D2"],
        ["P1"],
    ),
]


def _days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


@demo_step(order=80)
def build_followup(ctx: DemoContext) -> None:
    baseline = ctx.objects["scan_baseline"]
    coordinator = ctx.objects["user_coordinator"]
    secretaris = ctx.objects["user_secretaris"]
    actiehouder = ctx.objects["user_actiehouder"]
    now = ctx.now
    today = now.date()
    plan_made = now - _days(270)

    actions = services.create_actions_from_recommendations(
        baseline, user=coordinator, now=plan_made
    )
    for title, description, dims, pillars in MANUAL_ACTIONS:
        actions.append(
            services.create_action(
                scan=baseline,
                title=title,
                description=description,
                owner_user=actiehouder if "inwerk" in title else secretaris,
                due_date=today + _days(5 if "inwerk" in title else 60),
                dimension_ids=dims,
                pillar_ids=pillars,
                created_by=coordinator,
                now=plan_made,
            )
        )
    # The plan was made months ago (created_at is set on insert; the demo backdates it).
    Action.objects.filter(pk__in=[a.pk for a in actions]).update(created_at=plan_made)
    # A plan in progress: a third done, some in progress, some overdue.
    offsets = [-150, -90, -45, -20, -8, 25, 40, 75, 120, 160, 200, 240]
    for i, action in enumerate(actions):
        if action.owner_user_id is None:
            action.due_date = today + _days(offsets[i % len(offsets)])
            action.save()
        if i % 3 == 0 and action.due_date and action.due_date < today:
            services.change_status(
                action,
                ActionStatus.IN_PROGRESS,
                note="Gestart.",
                user=actiehouder,
                now=plan_made + _days(30),
            )
            services.change_status(
                action,
                ActionStatus.DONE,
                note="Afgerond en besproken in het MT.",
                user=actiehouder,
                now=now - _days(60 + i),
            )
            services.add_evidence(
                action,
                text="Verslag MT-overleg (fictief)",
                url="https://voorbeeld.example/mt",
                user=actiehouder,
            )
        elif i % 3 == 1:
            services.change_status(
                action,
                ActionStatus.IN_PROGRESS,
                note="Eerste gesprekken gevoerd.",
                user=actiehouder,
                now=plan_made + _days(45),
            )
    if len(actions) > 4:
        services.change_status(
            actions[-3],
            ActionStatus.DROPPED,
            reason="Vervangen door een regionale aanpak van het RIEC.",
            user=coordinator,
            now=now - _days(100),
        )
    ctx.objects["actions"] = actions

    create_progress_report(
        baseline.organisation,
        title="Voortgang opvolging weerbaarheidsscan (tweede kwartaal)",
        summary="Een derde van de acties is gereed; de rest loopt, enkele acties lopen achter.",
        user=secretaris,
        now=now - _days(40),
    )
    late = next((a for a in actions if a.status == ActionStatus.IN_PROGRESS), None)
    if late is not None:
        services.change_status(
            late,
            ActionStatus.DONE,
            note="Gereed na de rapportage.",
            user=actiehouder,
            now=now - _days(10),
        )

    year = baseline.period_start.year + 1
    result = start_repeat_scan(
        baseline,
        title=f"Weerbaarheidsscan {year} (herhaalmeting)",
        period_start=baseline.period_start.replace(year=year),
        period_end=baseline.period_end.replace(year=year),
        user=coordinator,
        description="Herhaalmeting een jaar na de 0-meting.",
    )
    repeat = result.scan
    for item in repeat.assessment_items.filter(item_id__in=list(IMPROVEMENTS)):
        if RANK.get(IMPROVEMENTS[item.item_id], -1) <= RANK.get(item.status, -1):
            continue  # only improvements
        item.status = IMPROVEMENTS[item.item_id]
        item.finding = (item.finding + "\nVerbeterd sinds de 0-meting.").strip()
        item.save()
    _answer_repeat_surveys(ctx, baseline, repeat)
    repeat.status = ScanStatus.ANALYSIS
    repeat.save(update_fields=["status"])
    ctx.objects["scan_repeat"] = repeat


def _answer_repeat_surveys(ctx: DemoContext, baseline, repeat) -> None:
    """Fictional responses to the herhaalmeting: the 0-meting's, a little more positive."""
    from weerbaar.surveys.models import ResponseSet, SurveyStatus

    by_questionnaire = {s.questionnaire_id: s for s in repeat.surveys.all()}
    for old in baseline.surveys.all():
        new = by_questionnaire.get(old.questionnaire_id)
        if new is None:
            continue
        first_values = _first_values(old.definition)
        copies = []
        for response in old.responses.filter(submitted=True):
            answers = dict(response.answers)
            for qid, first in first_values.items():
                value = answers.get(qid)
                if isinstance(value, str) and value != first and ctx.rng.random() < 0.25:
                    answers[qid] = first
            copies.append(
                ResponseSet(
                    survey=new,
                    answers=answers,
                    department=response.department,
                    submitted=True,
                    submitted_on=repeat.period_start + _days(14),
                    source=response.source,
                )
            )
        ResponseSet.objects.bulk_create(copies)
        new.status = SurveyStatus.CLOSED
        new.save()


def _first_values(definition: dict) -> dict[str, str]:
    """Question id -> first answer option, for single-choice and Likert questions."""
    out = {}
    for page in definition.get("pages", []):
        for q in page.get("questions", []):
            if q.get("type") in ("single", "likert") and q.get("options"):
                out[q["id"]] = q["options"][0].get("value")
    return out
