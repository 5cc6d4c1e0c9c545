"""Demo step: Gemeente Voorbeeld's screening records and a candidate-wethouder round.

Every function of the current register that requires a screening has recent dates, except
one, whose VOG was last done more than five years ago: the overview shows one overdue
function. The 2026 round of candidate wethouders has its first steps dated.
"""

from __future__ import annotations

import datetime

from weerbaar.core.demo import DemoContext, demo_step

from . import selectors, services
from .content import rules_for
from .models import SCREENING_FIELDS, FunctionScreening

OVERDUE_FUNCTION = "F-vergunningverlener"


@demo_step(order=99)
def build_screening(ctx: DemoContext) -> None:
    voorbeeld = ctx.objects["voorbeeld"]
    today = ctx.now.date()
    recent = today - datetime.timedelta(days=400)
    overdue = selectors.add_years(today, -6)
    rows = selectors.compliance(voorbeeld, today)
    overdue_done = False
    for row in rows:
        if not row.requirements:
            continue
        late = not overdue_done and (
            row.function.library_function_id == OVERDUE_FUNCTION or row is rows[-1]
        )
        day = overdue if late else recent
        overdue_done = overdue_done or late
        required = {r.screening for r in row.requirements}
        FunctionScreening.objects.create(
            function=row.function,
            **{field: day for s, field in SCREENING_FIELDS.items() if s in required},
        )
    rules = rules_for(None)
    round_ = services.create_round(voorbeeld, "Collegevorming 2026", 4)
    first_steps = rules.checklist["steps"][:3]
    services.save_steps(
        round_,
        {
            step["id"]: services.StepInput(
                today - datetime.timedelta(days=60 - 10 * i), step["performed_by"][0], False
            )
            for i, step in enumerate(first_steps)
        },
    )
