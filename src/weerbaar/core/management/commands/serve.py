"""``weerbaar serve``: the production web server (gunicorn)."""

from __future__ import annotations

import os
import sys

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve Weerbaar with gunicorn (production server)."

    def add_arguments(self, parser):
        parser.add_argument("--bind", default=os.environ.get("WEERBAAR_BIND", "127.0.0.1:8000"))
        parser.add_argument(
            "--workers", type=int, default=int(os.environ.get("WEERBAAR_WORKERS", "3"))
        )
        parser.add_argument(
            "--threads", type=int, default=int(os.environ.get("WEERBAAR_THREADS", "4"))
        )

    def handle(self, *args, bind: str, workers: int, threads: int, **options):
        cmd = [
            sys.executable,
            "-m",
            "gunicorn",
            "weerbaar.wsgi:application",
            "--bind",
            bind,
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--access-logfile",
            "-",
            "--logger-class",
            "weerbaar.core.logprivacy.AccessLogger",
        ]
        self.stdout.write(f"Serving on http://{bind}/")
        self.stdout.flush()
        os.execv(sys.executable, cmd)  # noqa: S606 (replace this process by the server)
