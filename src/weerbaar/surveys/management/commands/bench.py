"""``weerbaar bench NAME``: run a registered benchmark (see weerbaar.surveys.bench)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError


class _Out:
    def __init__(self, stdout):
        self.stdout = stdout

    def write(self, line: str) -> None:
        self.stdout.write(line)
        self.stdout.flush()


class Command(BaseCommand):
    help = "Run a benchmark: `weerbaar bench survey` (others: see `weerbaar bench --list`)."

    def add_arguments(self, parser):
        parser.add_argument("name", nargs="?", help="Benchmark to run")
        parser.add_argument("--list", action="store_true", help="List the benchmarks")
        parser.add_argument("--respondents", type=int, help="survey: respondents (20000)")
        parser.add_argument("--load-respondents", type=int, help="survey: simulated (600)")
        parser.add_argument("--concurrency", type=int, help="survey: concurrent (100)")
        parser.add_argument("--limit", type=float, help="survey: time limit of the load (s)")
        parser.add_argument("--workers", type=int, help="survey: gunicorn workers (2)")
        parser.add_argument("--threads", type=int, help="survey: threads per worker (4)")
        parser.add_argument(
            "--rate", type=float, help="survey: offered page submits/s (220; 0 = saturation)"
        )
        parser.add_argument("--skip-load", action="store_true", help="survey: only part (a)")

    def handle(self, *args, name=None, **options):
        from weerbaar.surveys.bench import benches

        registry = benches()
        if options["list"] or not name:
            for key, (_func, text) in sorted(registry.items()):
                self.stdout.write(f"{key}: {text}")
            if not name:
                return
        if name not in registry:
            raise CommandError(
                f"Unknown benchmark {name!r}; choose one of: {', '.join(sorted(registry))}.",
                returncode=2,
            )
        func, _text = registry[name]
        code = func(_Out(self.stdout), options)
        if code:
            # Not every target was met: exit non-zero, keeping the summary as the last line.
            raise SystemExit(code)
