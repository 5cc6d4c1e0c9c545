"""Changing a survey's title, and removing a survey while it holds no responses or invitations
(both audited)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from weerbaar.core.locking import claim_version
from weerbaar.scans.removal import HeldData, describe, held_data

from .models import Survey

#: Rows that only guard the open link against replays; they go with the survey.
SURVEY_OWN_ROWS = frozenset({"surveys.OpenLinkNonce"})


def survey_data(survey: Survey) -> list[HeldData]:
    """What ``survey`` holds: responses, drafts, invitations, imports (empty: removable)."""
    return held_data(survey, SURVEY_OWN_ROWS)


def remove_survey(survey: Survey, *, expected_version: int | None = None) -> None:
    """Remove ``survey`` while it holds no data; a clear refusal otherwise."""
    with transaction.atomic():
        claim_version(survey, expected_version)
        found = survey_data(survey)
        if found:
            raise ValidationError(
                _(
                    "Deze enquête bevat al gegevens (%(data)s) en kan daarom niet worden "
                    "verwijderd. Alleen een enquête zonder antwoorden en uitnodigingen kan weg."
                )
                % {"data": describe(found)}
            )
        survey.delete()


def rename_survey(survey: Survey, title: str) -> Survey:
    """Give ``survey`` a new title (what respondents and reports show)."""
    title = title.strip()
    if not title:
        raise ValidationError({"title": _("Geef de enquête een titel.")})
    if title != survey.title:
        survey.title = title
        survey.save(update_fields=["title"])
    return survey
