"""``weerbaar gs agenda ORG --format json``: the prepared ondermijning item for the college
(the newest one, or with ``--live`` the data as it would be prepared now, without storing);
``weerbaar gs remind``: one pass of the agenda reminders (the background worker runs it).

Counts below the organisation's k are printed as ``{"value": null, "suppressed": true}``.
The self-scan is private to its author and is never printed.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from weerbaar.audit.context import acting_as
from weerbaar.core.management.options import parse_now
from weerbaar.organisations.models import Organisation

from ...agenda import next_due, prepare_data
from ...models import AgendaItem
from ...reminders import run_reminders


def item_json(item: AgendaItem) -> dict[str, Any]:
    return {
        "id": item.pk,
        "title": item.title,
        "meeting_date": item.meeting_date.isoformat(),
        "status": item.status,
        "prepared_at": item.prepared_at.isoformat() if item.prepared_at else None,
        "introduction": item.introduction,
        "decisions_needed": item.decisions_needed,
        "decision": item.decision,
        "decided_on": item.decided_on.isoformat() if item.decided_on else None,
        "resulting_actions": [
            {"id": a.pk, "title": a.title, "status": a.status}
            for a in item.resulting_actions.order_by("pk")
        ],
        "data": item.data,
    }


class Command(BaseCommand):
    help = "The gemeentesecretaris' college agenda item ('agenda') or a reminder pass ('remind')."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="mode", required=True)
        agenda = sub.add_parser("agenda", help="print the prepared agenda item's data")
        agenda.add_argument("organisation", help="the organisation's slug")
        agenda.add_argument(
            "--live", action="store_true", help="prepare the data now (nothing is stored)"
        )
        agenda.add_argument("--format", choices=["json"], default="json")
        remind = sub.add_parser("remind", help="send the agenda reminders that are due")
        remind.add_argument("--now", help="pretend it is this moment (ISO)")

    def handle(self, *args, mode: str, **options):
        if mode == "remind":
            now = parse_now(options.get("now"))
            with acting_as(None, label="gs"):
                result = run_reminders(now=now)
            self.stdout.write(
                f"Agenda reminders: {result.sent} sent, {result.failed} failed, "
                f"{result.skipped} without recipient."
            )
            return
        organisation = Organisation.objects.filter(slug=options["organisation"]).first()
        if organisation is None:
            raise CommandError(f"No organisation with slug {options['organisation']!r}.")
        item = AgendaItem.objects.filter(organisation=organisation).first()
        if options["live"] or item is None:
            meeting = next_due(organisation, timezone.localdate())
            out: dict[str, Any] = {
                "organisation": organisation.slug,
                "item": None,
                "meeting_date": meeting.isoformat(),
                "data": dict(prepare_data(organisation, meeting)),
            }
        else:
            out = {"organisation": organisation.slug, "item": item_json(item)}
        self.stdout.write(json.dumps(out, indent=2, ensure_ascii=False))
