"""What the benchmarks print about the machine they ran on."""

from __future__ import annotations

import os
import resource


def loadavg() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:  # pragma: no cover
        return "n/a"


def machine() -> str:
    model = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as fh:
            for line in fh:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:  # pragma: no cover
        pass
    mem = ""
    try:
        with open("/proc/meminfo") as fh:
            mem = f", {int(fh.readline().split()[1]) / 1024 / 1024:.1f} GB memory"
    except (OSError, ValueError, IndexError):  # pragma: no cover
        pass
    return f"{os.cpu_count()} CPUs ({model}){mem}; load average {loadavg()}"


def peak_rss_mb() -> float:
    """Peak resident set size of this process (``ru_maxrss`` is in kilobytes on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
