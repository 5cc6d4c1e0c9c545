"""``weerbaar bench NAME [options]``: run a registered benchmark (see :mod:`weerbaar.bench`).

Each benchmark brings its own options: ``weerbaar bench survey --help``.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from weerbaar.bench import benchmarks


class _Out:
    """Writes each line at once, so a long benchmark shows its progress."""

    def __init__(self, stdout) -> None:
        self.stdout = stdout

    def write(self, line: str) -> None:
        self.stdout.write(line)
        self.stdout.flush()


class Command(BaseCommand):
    help = "Run a benchmark: `weerbaar bench survey` (others: see `weerbaar bench --list`)."

    def add_arguments(self, parser):
        parser.add_argument("--list", action="store_true", help="List the benchmarks")
        subparsers = parser.add_subparsers(dest="name", metavar="NAME", title="benchmarks")
        for name, bench in sorted(benchmarks().items()):
            sub = subparsers.add_parser(name, help=bench.help, description=bench.help)
            if bench.arguments is not None:
                bench.arguments(sub)

    def handle(self, *args, name: str | None = None, **options):
        if options["list"] or not name:
            for key, bench in sorted(benchmarks().items()):
                self.stdout.write(f"{key}: {bench.help}")
            if not name:
                return
        code = benchmarks()[name].run(_Out(self.stdout), options)
        if code:
            # Not every target was met: exit non-zero, keeping the summary as the last line.
            raise SystemExit(code)
