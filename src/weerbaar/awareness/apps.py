from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwarenessConfig(AppConfig):
    name = "weerbaar.awareness"
    verbose_name = _("Bewustwordingsplanner")

    def ready(self) -> None:
        from weerbaar.organisations.models import Role
        from weerbaar.organisations.permissions import (
            BEHEERDER,
            RIEC,
            register_permission,
        )

        # See the planner (sessions, dates, attendance counts).
        register_permission(
            "awareness.view",
            {BEHEERDER, RIEC, Role.COORDINATOR, Role.SECRETARIS, Role.BURGEMEESTER, Role.LEZER},
        )
        # Plan sessions and record that they were held.
        register_permission("awareness.manage", {BEHEERDER, Role.COORDINATOR, Role.SECRETARIS})

        from .content import register_kinds

        register_kinds()
