"""Who may do what in the field work.

- The document inventory and the session list (who by function, when) are scan data in
  progress: read with ``scan.view_work``, changed with ``scan.manage``.
- Interview notes are confidential (need-to-know): a gemeentesecretaris reads them, a
  scancoördinator only of the sessions they hold (``interviewers``); only interviewers
  write them. The beheerder, the RIEC adviser and every other role never read them.
- The afdelingshoofd fills in the intake of the one department their membership is scoped
  to, and sees nothing else (see :func:`weerbaar.organisations.permissions.department_of`).
"""

from __future__ import annotations

from typing import Any

from weerbaar.organisations.models import Role
from weerbaar.organisations.permissions import department_of, roles_for

from .models import DepartmentIntake, InterviewSession


def may_read_notes(user: Any, session: InterviewSession) -> bool:
    roles = roles_for(user, session.scan.organisation)
    if Role.SECRETARIS in roles:
        return True
    return Role.COORDINATOR in roles and session.interviewers.filter(pk=user.pk).exists()


def may_write_notes(user: Any, session: InterviewSession) -> bool:
    roles = roles_for(user, session.scan.organisation)
    return Role.COORDINATOR in roles and session.interviewers.filter(pk=user.pk).exists()


def may_fill_intake(user: Any, intake: DepartmentIntake) -> bool:
    department = department_of(user, intake.scan.organisation)
    return department is not None and department.pk == intake.department_id
