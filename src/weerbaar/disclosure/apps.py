from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisclosureConfig(AppConfig):
    name = "weerbaar.disclosure"
    verbose_name = _("Openbaarmaking")

    def ready(self) -> None:
        from . import permissions

        permissions.register()
