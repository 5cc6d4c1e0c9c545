from django.apps import AppConfig


class BenchConfig(AppConfig):
    name = "weerbaar.bench"
    verbose_name = "Benchmarks"

    def ready(self) -> None:
        # Register the platform's benchmarks (their heavy imports happen when they run).
        from . import report, survey  # noqa: F401
