"""Due and overdue awareness sessions on the overview of the action plan."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _

from weerbaar.actions.overview_items import OverviewItem, register_overview_source
from weerbaar.organisations.models import Organisation

from .services import due_sessions, is_overdue


def awareness_items(organisation: Organisation, today: datetime.date) -> list[OverviewItem]:
    return [
        OverviewItem(
            kind=_("Bewustwordingssessie"),
            title=session.title,
            due_date=session.planned_date,
            url=reverse(
                "awareness:held",
                kwargs={"org": organisation.slug, "awarenesssession_id": session.pk},
            ),
            overdue=is_overdue(session, today),
        )
        for session in due_sessions(organisation, today)
    ]


register_overview_source("awareness", awareness_items)
