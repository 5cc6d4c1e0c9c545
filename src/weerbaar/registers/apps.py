from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistersConfig(AppConfig):
    name = "weerbaar.registers"
    verbose_name = _("Registers van kwetsbare processen en functies")

    def ready(self) -> None:
        from .method import register_method_kind

        register_method_kind()
