from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "weerbaar.reports"
    verbose_name = _("Rapportage")

    def ready(self) -> None:
        from weerbaar.core.urlkwargs import register_kwarg
        from weerbaar.organisations.permissions import INSIDERS, MANAGERS, register_permission

        # See the draft report (concept) and its live data; edit and publish it.
        register_permission("report.view_draft", set(INSIDERS))
        register_permission("report.edit", set(MANAGERS))
        register_kwarg("report_format", lambda organisation: "html")

        from django.core import checks

        from .checks import check_report_storage
        from .structure import register_structure_kind

        checks.register(check_report_storage)

        register_structure_kind()
