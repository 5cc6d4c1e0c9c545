"""The benchmark server: gunicorn as ``weerbaar serve`` runs it, in its own process group.

It uses :mod:`.server_settings` (the production settings plus the submit floor's URL) so that
the floor and the answering pages are served by the same processes in the same run.
"""

from __future__ import annotations

import ctypes
import os
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

from weerbaar.core.serving import gunicorn_command


def _stop_with_parent() -> None:
    """In the server process: receive SIGTERM when the benchmark process dies (Linux)."""
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
    except OSError:  # not Linux: the benchmark stops the server itself
        return
    libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def free_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = int(s.getsockname()[1])
    s.close()
    return port


class BenchServer:
    """``with BenchServer(workers, threads) as server:`` … ``server.port``; ``kill()`` is a
    kill -9 of the master and every worker; ``start()`` again after it."""

    def __init__(self, workers: int, threads: int) -> None:
        self.workers = workers
        self.threads = threads
        self.port = free_port()
        self.proc: subprocess.Popen[bytes] | None = None
        self.log_path = Path(tempfile.gettempdir()) / f"weerbaar-bench-{self.port}.log"

    def start(self) -> None:
        from django.conf import settings

        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "weerbaar.bench.server_settings",
            "WEERBAAR_SECRET_KEY": settings.SECRET_KEY,
            "WEERBAAR_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "WEERBAAR_LOG_LEVEL": "ERROR",
        }
        env.pop("WEERBAAR_DEBUG", None)
        env.pop("WEERBAAR_TESTING", None)
        cmd = gunicorn_command(
            f"127.0.0.1:{self.port}",
            self.workers,
            self.threads,
            access_log=False,
            log_level="warning",
        )
        log = self.log_path.open("ab")
        # The command is this Python's gunicorn with fixed arguments: no untrusted input.
        self.proc = subprocess.Popen(  # noqa: S603
            cmd,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: kill() reaches every worker
            preexec_fn=_stop_with_parent,  # noqa: PLW1509 (no threads started yet at fork)
        )
        log.close()
        self._wait()

    def _wait(self, timeout: float = 60) -> None:
        assert self.proc is not None
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the server stopped during start-up (log: {self.log_path})")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("the server did not start")

    def worker_pids(self) -> list[int]:
        if self.proc is None:
            return []
        pids = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == self.proc.pid:
                pids.append(int(entry.name))
        return pids

    def cpu_seconds(self) -> float:
        """CPU time (user + system) used so far by the master and its workers."""
        if self.proc is None:
            return 0.0
        ticks = 0
        for pid in [self.proc.pid, *self.worker_pids()]:
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            ticks += int(fields[11]) + int(fields[12])  # utime, stime
        return ticks / os.sysconf("SC_CLK_TCK")

    def worker_rss_mb(self) -> list[float]:
        """Resident memory of each worker process (VmRSS)."""
        sizes = []
        for pid in self.worker_pids():
            try:
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        sizes.append(int(line.split()[1]) / 1024)
            except OSError:
                continue
        return sizes

    def kill(self) -> None:
        """kill -9 of the whole server (master and workers), as a crash would."""
        assert self.proc is not None
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(20)
        self.proc = None

    def stop(self) -> None:
        if self.proc is None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(20)
        self.proc = None

    def __enter__(self) -> BenchServer:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
