"""Who may see and do what with what leaves a survey beyond the suppressed results.

* ``research.page``     the research-file page of a survey: the gemeentesecretaris (grants),
  the coördinator and the beheerder (see who has a grant) and the external researcher (only
  the surveys granted to them: other surveys are not found);
* ``research.grant``    give or withdraw a researcher's access: the gemeentesecretaris;
* ``research.download`` the row-level research file: the researcher, with a grant;
* ``survey.texts``      read and redact free texts: the scancoördinator;
* ``survey.release``    a deliberate release of one whole-survey count below k: the
  gemeentesecretaris and the scancoördinator.
"""

from __future__ import annotations

from weerbaar.organisations.models import Role
from weerbaar.organisations.permissions import BEHEERDER, PERMISSIONS, RIEC, register_permission


def register() -> None:
    wanted: dict[str, set[str]] = {
        "research.page": {BEHEERDER, RIEC, Role.SECRETARIS, Role.COORDINATOR, Role.ONDERZOEKER},
        "research.grant": {Role.SECRETARIS},
        "research.download": {Role.ONDERZOEKER},
        "survey.texts": {Role.COORDINATOR},
        "survey.release": {Role.SECRETARIS, Role.COORDINATOR},
    }
    for name, roles in wanted.items():
        if name not in PERMISSIONS:
            register_permission(name, roles)
