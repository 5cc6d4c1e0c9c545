"""Demo step: the workspace of Gemeente Voorbeeld's secretaris — this year's and last year's
self-scan (private; this year's scores contributed anonymously to the regional comparison),
one college agenda item with the college's decision and an action that followed from it,
and two portfolios with processes and functions from the register."""

from __future__ import annotations

import datetime

from weerbaar.core.demo import DemoContext, demo_step

from . import agenda, portfolios, selfscan
from .models import Cadence, Portfolio, WorkspaceSettings

SCORES_LAST_YEAR = {"ZS-college": 2, "ZS-organisatie": 3, "ZS-extern": 2}
SCORES = {"ZS-college": 3, "ZS-organisatie": 4, "ZS-extern": 2}
ACTIVITIES = [
    "ZS-college.A1",
    "ZS-college.A2",
    "ZS-college.A6",
    "ZS-organisatie.A1",
    "ZS-organisatie.A2",
    "ZS-organisatie.A5",
    "ZS-organisatie.A13",
    "ZS-extern.A4",
]
PORTFOLIOS = [
    (
        "Wethouder Economie en Vergunningen",
        "Economie, horeca en vergunningen",
        ("vergunning", "horeca", "inkoop", "aanbested"),
    ),
    (
        "Wethouder Sociaal Domein",
        "Zorg, jeugd en inkomen",
        ("jeugd", "wmo", "subsid", "uitkering"),
    ),
]


@demo_step(order=95)
def build_workspace(ctx: DemoContext) -> None:
    org = ctx.objects["voorbeeld"]
    secretaris = ctx.objects["user_secretaris"]
    now = ctx.now
    today = now.date()
    WorkspaceSettings.objects.create(organisation=org, cadence_weeks=Cadence.QUARTERLY)
    selfscan.save_answers(org, secretaris, today.year - 1, SCORES_LAST_YEAR, ACTIVITIES[:4])
    role_scan = selfscan.save_answers(org, secretaris, today.year, SCORES, ACTIVITIES)
    # Contributed anonymously to the region (the other municipalities follow in regional).
    selfscan.contribute(role_scan)

    item = agenda.create_item(
        org,
        title="Ondermijning: stand van zaken derde kwartaal",
        meeting_date=today - datetime.timedelta(days=20),
        user=secretaris,
        now=now - datetime.timedelta(days=27),
    )
    item.introduction = (
        "Het plan van aanpak loopt; een deel van de acties is over de streefdatum. "
        "De grootste resterende kwetsbaarheden liggen bij vergunningen en inkoop."
    )
    item.decisions_needed = (
        "1. Het college neemt kennis van de voortgang.\n"
        "2. Het college besluit de vergunningverlening horeca als eerste te versterken."
    )
    item.save()
    agenda.record_decision(
        item,
        "Het college neemt kennis van de voortgang en vraagt om een voorstel voor vier-ogen "
        "bij de vergunningverlening horeca.",
        today - datetime.timedelta(days=20),
    )
    agenda.add_resulting_action(
        item,
        title="Voorstel vier-ogen bij de vergunningverlening horeca",
        due_date=today + datetime.timedelta(days=45),
        owner_role="coordinator",
        user=secretaris,
        now=now,
    )

    scan = agenda.register_scan(org)
    if scan is None:
        return
    process_list = list(scan.process_entries.all())
    function_list = list(scan.function_entries.all())
    # One scan instance for every entry: the library version is read once.
    for process in process_list:
        process.scan = scan
    for function in function_list:
        function.scan = scan
    for position, (holder, name, words) in enumerate(PORTFOLIOS):
        chosen_p = [p for p in process_list if any(w in p.name.lower() for w in words)]
        chosen_f = [f for f in function_list if any(w in f.name.lower() for w in words)]
        portfolio = Portfolio(organisation=org, position=position)
        portfolios.save_portfolio(
            portfolio,
            holder_title=holder,
            name=name,
            processes=chosen_p[:4] or process_list[position : position + 2],
            functions=chosen_f[:3] or function_list[position : position + 1],
        )
