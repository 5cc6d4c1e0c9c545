from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "weerbaar.api"
    label = "api"
    verbose_name = _("API")

    def ready(self) -> None:
        from weerbaar.organisations.models import Role
        from weerbaar.organisations.permissions import BEHEERDER, register_permission

        # Create and revoke the organisation's API tokens.
        register_permission("api.manage", {BEHEERDER, Role.COORDINATOR})
