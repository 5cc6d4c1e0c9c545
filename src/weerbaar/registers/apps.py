from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistersConfig(AppConfig):
    name = "weerbaar.registers"
    verbose_name = _("Registers van kwetsbare processen en functies")

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from weerbaar.scans.models import Scan

        from . import signals
        from .method import register_method_kind

        register_method_kind()
        post_save.connect(
            signals.carry_forward_on_new_scan, sender=Scan, dispatch_uid="registers_carry_forward"
        )
