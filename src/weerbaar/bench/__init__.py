"""Benchmarks: ``weerbaar bench <name> [options]`` runs one (they are not timed tests).

Each benchmark registers itself with its own command-line options::

    def report_arguments(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--respondents", type=int, default=20_000)

    @register_bench("report", help="Report of a large scan", arguments=report_arguments)
    def bench_report(out: Output, options: dict[str, Any]) -> int:
        ...  # write lines to ``out``; return 0 when every target is met

The benchmarks of the platform live in this package (``survey``, ``report``); an app may add
its own in a ``bench`` module (autodiscovered).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from weerbaar.core.registry import Registry


class Output(Protocol):
    """Where a benchmark writes its lines (one figure per line, the summary line last)."""

    def write(self, line: str) -> None: ...


type BenchFunction = Callable[[Output, dict[str, Any]], int]


@dataclass(frozen=True)
class Benchmark:
    name: str
    help: str
    run: BenchFunction
    arguments: Callable[[argparse.ArgumentParser], None] | None = None


BENCHMARKS: Registry[Benchmark] = Registry("benchmarks", discover="bench")


def register_bench(
    name: str,
    help: str = "",
    arguments: Callable[[argparse.ArgumentParser], None] | None = None,
) -> Callable[[BenchFunction], BenchFunction]:
    """Register the decorated function as benchmark ``name`` with its own ``arguments``."""

    def register(func: BenchFunction) -> BenchFunction:
        BENCHMARKS.register(name, Benchmark(name, help, func, arguments))
        return func

    return register


def benchmarks() -> dict[str, Benchmark]:
    """Every registered benchmark by name."""
    return dict(BENCHMARKS.items())
