"""The gunicorn command line of the production server (``weerbaar serve``, the benchmarks).

One place for the worker model, so that what is measured is what is served. On the 2-core
reference machine the best measured model is :data:`DEFAULT_WORKERS` processes of
:data:`DEFAULT_THREADS` ``gthread`` threads each (see docs/performance.md); both can be set per
machine with ``WEERBAAR_WORKERS`` / ``WEERBAAR_THREADS``.
"""

from __future__ import annotations

import os
import sys

DEFAULT_WORKERS = 2
DEFAULT_THREADS = 4
WORKER_CLASS = "gthread"
KEEP_ALIVE_S = 30
BACKLOG = 2048


def default_workers() -> int:
    return int(os.environ.get("WEERBAAR_WORKERS", str(DEFAULT_WORKERS)))


def default_threads() -> int:
    return int(os.environ.get("WEERBAAR_THREADS", str(DEFAULT_THREADS)))


def gunicorn_command(
    bind: str,
    workers: int,
    threads: int,
    *,
    access_log: bool = True,
    log_level: str = "info",
) -> list[str]:
    """The gunicorn command line (this Python's gunicorn) serving ``weerbaar.wsgi``."""
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
        "--worker-class",
        WORKER_CLASS,
        "--keep-alive",
        str(KEEP_ALIVE_S),
        "--backlog",
        str(BACKLOG),
        "--log-level",
        log_level,
        "--logger-class",
        "weerbaar.core.logprivacy.AccessLogger",
    ]
    if access_log:
        cmd += ["--access-logfile", "-"]
    return cmd
