from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LibraryConfig(AppConfig):
    name = "weerbaar.library"
    verbose_name = _("Bibliotheek")

    def ready(self) -> None:
        from . import kinds

        kinds.register_builtin_kinds()
