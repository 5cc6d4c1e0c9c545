"""Permissions of the results pages (import this module in SurveysConfig.ready()).

* ``survey.results``   aggregated results (nothing under k): who sees scan work in progress;
* ``survey.raw``       free text and the row-level anonymous data set: the scan coordinator;
* ``survey.fieldwork`` invitations, reminders, anonymous links, paper imports: who runs scans.
"""

from __future__ import annotations

from weerbaar.organisations.models import Role
from weerbaar.organisations.permissions import (
    INSIDERS,
    MANAGERS,
    PERMISSIONS,
    register_permission,
)


def register() -> None:
    if "survey.results" not in PERMISSIONS:
        register_permission("survey.results", set(INSIDERS))
    if "survey.raw" not in PERMISSIONS:
        register_permission("survey.raw", {Role.COORDINATOR})
    if "survey.fieldwork" not in PERMISSIONS:
        register_permission("survey.fieldwork", set(MANAGERS))


register()
