from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "weerbaar.core"
    verbose_name = "Weerbaar"

    def ready(self) -> None:
        from . import checks

        checks.register()
