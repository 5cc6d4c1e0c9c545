"""Demo step: Gemeente Voorbeeld's awareness planner, one session per target group.

Some sessions were held (attendance as counts), the next ones are planned from the cadence;
one is due within two weeks and one is overdue, so both show on the action overview.
"""

from __future__ import annotations

import datetime

from weerbaar.core.demo import DemoContext, demo_step

from . import services
from .models import Cadence
from .services import SessionPlan

#: (target group id, title, cadence, planned days from today, held: (days ago, invited, present))
SESSIONS = [
    (
        "nieuw_personeel",
        "Introductie ondermijning vóór de eed of belofte",
        Cadence.QUARTERLY,
        -62,
        (60, 11, 9),
    ),
    (
        "kwetsbare_functies",
        "Signalen herkennen bij vergunningen en inkoop",
        Cadence.YEARLY,
        10,
        None,
    ),
    ("leidinggevenden", "Leidinggeven aan een weerbare organisatie", Cadence.YEARLY, -20, None),
    (
        "raad",
        "Ondermijning en de rol van de raad",
        Cadence.YEARLY,
        -155,
        (150, 33, 21),
    ),
    (
        "college",
        "Bestuurlijke weerbaarheid van het college",
        Cadence.HALF_YEARLY,
        90,
        None,
    ),
]


def _days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


@demo_step(order=89)
def build_awareness(ctx: DemoContext) -> None:
    voorbeeld = ctx.objects["voorbeeld"]
    coordinator = ctx.objects["user_coordinator"]
    today = ctx.now.date()
    practice = ctx.objects["practices"]["awareness"]
    for group, title, cadence, planned, held in SESSIONS:
        materials = [practice] if group == "nieuw_personeel" else []
        session = services.plan_session(
            voorbeeld,
            SessionPlan(group, title, cadence, today + _days(planned), materials),
            user=coordinator,
        )
        if held is not None:
            days_ago, invited, present = held
            services.record_held(
                session,
                held_date=today - _days(days_ago),
                invited_count=invited,
                attendance_count=present,
                user=coordinator,
                now=ctx.now,
            )
