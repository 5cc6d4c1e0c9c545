from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotesConfig(AppConfig):
    name = "weerbaar.notes"
    verbose_name = _("Vertrouwelijke notities")

    def ready(self) -> None:
        from django.core import checks

        from .checks import check_note_keys
        from .permissions import register

        register()
        checks.register(check_note_keys)
