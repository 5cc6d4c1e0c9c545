from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentConfig(AppConfig):
    name = "weerbaar.assessment"
    verbose_name = _("Zelfevaluatie")

    def ready(self) -> None:
        from weerbaar.core.urlkwargs import register_kwarg

        from . import content

        content.register_kinds()
        register_kwarg("assessment_group", lambda organisation: "D1")
