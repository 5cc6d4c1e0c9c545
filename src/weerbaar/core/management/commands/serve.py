"""``weerbaar serve``: the production web server (gunicorn)."""

from __future__ import annotations

import os
import sys

from django.core.management.base import BaseCommand

from weerbaar.core.serving import default_threads, default_workers, gunicorn_command


class Command(BaseCommand):
    help = "Serve Weerbaar with gunicorn (production server)."

    def add_arguments(self, parser):
        parser.add_argument("--bind", default=os.environ.get("WEERBAAR_BIND", "127.0.0.1:8000"))
        parser.add_argument("--workers", type=int, default=default_workers())
        parser.add_argument("--threads", type=int, default=default_threads())

    def handle(self, *args, bind: str, workers: int, threads: int, **options):
        cmd = gunicorn_command(bind, workers, threads)
        self.stdout.write(f"Serving on http://{bind}/")
        self.stdout.flush()
        os.execv(sys.executable, cmd)  # noqa: S606 (replace this process by the server)
