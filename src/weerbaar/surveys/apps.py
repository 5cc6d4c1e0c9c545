from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "weerbaar.surveys"
    verbose_name = _("Enquêtes")

    def ready(self) -> None:
        from .questionnaire import register_questionnaire_kind

        register_questionnaire_kind()
        from .results import permissions  # noqa: F401  (registers the results permissions)
