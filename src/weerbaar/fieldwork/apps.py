from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FieldworkConfig(AppConfig):
    name = "weerbaar.fieldwork"
    verbose_name = _("Veldwerk: intake, documenten en gesprekken")

    def ready(self) -> None:
        from .content import register_kinds

        register_kinds()
