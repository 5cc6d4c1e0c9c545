from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "weerbaar.audit"
    verbose_name = _("Auditlog")

    def ready(self) -> None:
        from . import checks, signals  # noqa: F401  (signals: connects the audit handlers)

        checks.register()
