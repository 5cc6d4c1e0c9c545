from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SecretarisConfig(AppConfig):
    name = "weerbaar.secretaris"
    verbose_name = _("Werkplek van de gemeentesecretaris")

    def ready(self) -> None:
        from .access import register_permissions
        from .content import register_kinds

        register_permissions()
        register_kinds()
