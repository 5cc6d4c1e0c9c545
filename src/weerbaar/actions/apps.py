from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActionsConfig(AppConfig):
    name = "weerbaar.actions"
    verbose_name = _("Opvolging")

    def ready(self) -> None:
        from weerbaar.organisations.models import Role
        from weerbaar.organisations.permissions import (
            ALL_ROLES,
            BEHEERDER,
            RIEC,
            register_permission,
        )

        managers = {BEHEERDER, RIEC, Role.COORDINATOR, Role.SECRETARIS}
        # Manage the whole action plan: create, edit, assign, see every action.
        register_permission("action.manage", managers)
        # See and update one's own actions (owner by name or by role).
        register_permission("action.view_own", managers | {Role.ACTIEHOUDER})
        # Read progress reports (college, council and rekenkamer included).
        register_permission("progress.view", set(ALL_ROLES))
