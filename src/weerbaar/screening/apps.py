from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScreeningConfig(AppConfig):
    name = "weerbaar.screening"
    verbose_name = _("Screening van kwetsbare functies")

    def ready(self) -> None:
        from . import content, permissions

        content.register_kinds()
        permissions.register()
