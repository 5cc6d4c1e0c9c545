"""Fixtures for the self-assessment tests: a fresh scan and a throwaway file storage."""

from __future__ import annotations

import datetime

import pytest

from weerbaar.scans.models import Scan


@pytest.fixture
def evidence_storage(settings, tmp_path):
    """Uploaded files go to a temporary folder (outside any web root) during the test."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "data"), "base_url": None},
        },
    }
    return tmp_path / "data"


@pytest.fixture
def fresh_scan(voorbeeld, baseline_scan):
    """An empty scan of Gemeente Voorbeeld on the same library version."""
    return Scan.objects.create(
        organisation=voorbeeld,
        title="Testscan",
        library_version=baseline_scan.library_version,
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 3, 1),
    )
