"""`weerbaar bench`: a registry of benchmarks, each with its own options."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from weerbaar.bench import BENCHMARKS, benchmarks, register_bench
from weerbaar.bench.municipality import build_municipality
from weerbaar.bench.survey import measure_results
from weerbaar.core.registry import DuplicateKey


@pytest.fixture
def fake_bench():
    calls = []

    def arguments(parser):
        parser.add_argument("--respondents", type=int, default=1)

    @register_bench("unit-test-bench", help="a test benchmark", arguments=arguments)
    def fake(out, options):
        calls.append(options["respondents"])
        out.write("fake: ok")
        return 0

    yield calls
    BENCHMARKS.unregister("unit-test-bench")


def test_bench_dispatches_on_a_registry_of_subcommands(fake_bench):
    assert {"survey", "report", "unit-test-bench"} <= set(benchmarks())
    out = io.StringIO()
    call_command("bench", "unit-test-bench", "--respondents", "3", stdout=out)
    assert fake_bench == [3] and "fake: ok" in out.getvalue()
    with pytest.raises(CommandError, match="invalid choice"):
        call_command("bench", "nope")


def test_list_names_every_benchmark(fake_bench):
    out = io.StringIO()
    call_command("bench", "--list", stdout=out)
    lines = out.getvalue().splitlines()
    assert "unit-test-bench: a test benchmark" in lines
    assert any(line.startswith("survey: ") for line in lines)
    assert fake_bench == []


def test_each_benchmark_has_its_own_options():
    """Survey-only flags belong to the survey benchmark, not to every benchmark."""
    with pytest.raises(CommandError, match="unrecognized arguments: --concurrency"):
        call_command("bench", "report", "--concurrency", "3")


def test_a_second_benchmark_under_a_taken_name_is_an_error():
    with pytest.raises(DuplicateKey):

        @register_bench("survey", help="another survey benchmark")
        def other(out, options):
            return 0


def test_bench_survey_part_a_on_a_small_municipality(db):
    """The benchmark's generator and measurement work (no timing asserted here)."""
    _org, scan, survey = build_municipality(60)
    assert survey.responses.filter(submitted=True).count() == 60
    seconds, peak_mb = measure_results(scan)
    assert seconds > 0 and peak_mb > 0


def test_bench_survey_prints_its_figures_and_the_summary_line_last(db):
    out = io.StringIO()
    call_command("bench", "survey", "--respondents", "30", "--skip-load", stdout=out)
    lines = out.getvalue().splitlines()
    assert any(line.startswith("results of the scan (30 respondents): ") for line in lines)
    assert lines[-2] == "page submits: not measured: skipped (--skip-load)"
    assert lines[-1].startswith("survey-bench: results_s=")
    assert lines[-1].endswith("submits_per_s=n/a p95_ms=n/a lost=n/a")
