"""Fixtures for the report tests: the demo's published report and helpers."""

from __future__ import annotations

import pytest

from weerbaar.reports.collect import collect_report_data
from weerbaar.reports.models import Report, ReportVersion
from weerbaar.reports.services import normalised_snapshot


@pytest.fixture
def demo_report(baseline_scan) -> Report:
    return Report.objects.get(scan=baseline_scan)


@pytest.fixture
def demo_version(baseline_scan) -> ReportVersion:
    return ReportVersion.objects.filter(scan=baseline_scan).order_by("-number").first()


@pytest.fixture
def draft_snapshot(baseline_scan, demo_report) -> dict:
    return normalised_snapshot(collect_report_data(baseline_scan, demo_report).to_json())


@pytest.fixture(autouse=True)
def report_storage(settings, tmp_path):
    """Rendered downloads are cached in the default storage: keep them in a temp folder."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "data"},
        },
    }
    return tmp_path / "data"
