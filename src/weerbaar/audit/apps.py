from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "weerbaar.audit"
    verbose_name = _("Auditlog")

    def ready(self) -> None:
        from . import signals  # noqa: F401  (connects the audit signal handlers)
