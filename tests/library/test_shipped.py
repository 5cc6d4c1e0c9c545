"""Apps read their default documents from the newest shipped bundle, validated."""

from __future__ import annotations

import pytest
import yaml

from weerbaar.library import shipped
from weerbaar.library.loader import LibraryValidationError


@pytest.fixture
def bundle_copy(shipped_bundle_copy):
    return shipped_bundle_copy


def test_a_shipped_document_is_read_as_written(bundle_copy):
    written = yaml.safe_load((bundle_copy / "screening.yaml").read_text(encoding="utf-8"))
    assert shipped.shipped_document("screening.yaml") == written


def test_a_shipped_document_that_breaks_its_schema_is_refused(bundle_copy):
    path = bundle_copy / "report_structure.yaml"
    kind = yaml.safe_load(path.read_text(encoding="utf-8"))["kind"]
    path.write_text(yaml.safe_dump({"kind": kind, "unexpected": True}), encoding="utf-8")
    with pytest.raises(LibraryValidationError):
        shipped.shipped_document("report_structure.yaml")


@pytest.mark.django_db
def test_a_scan_uses_its_pinned_version_before_the_shipped_file(baseline_scan):
    version = baseline_scan.library_version
    pinned = version.document("screening_rules")
    assert shipped.document_for(version, "screening_rules", "screening.yaml") == pinned
    assert shipped.document_for(None, "screening_rules", "screening.yaml") == (
        shipped.shipped_document("screening.yaml")
    )
