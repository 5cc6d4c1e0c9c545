"""The maturity method and the recommendation rules are library data with schemas."""

from __future__ import annotations

import shutil

import pytest
import yaml

from weerbaar.assessment import content
from weerbaar.assessment.content import DOCUMENTS, app_document, schema_errors
from weerbaar.library.kinds import get_kind
from weerbaar.library.loader import LibraryValidationError, read_bundle
from weerbaar.library.paths import latest_shipped_bundle


def test_kinds_are_registered():
    assert get_kind("maturity_method") is not None
    assert get_kind("recommendation_rules") is not None


@pytest.mark.parametrize("kind", sorted(DOCUMENTS))
def test_shipped_documents_match_their_schema(kind):
    assert schema_errors(kind, app_document(kind)) == []


def test_schema_refuses_a_rule_without_citation_text():
    doc = app_document("recommendation_rules")
    broken = {**doc, "rules": [{k: v for k, v in doc["rules"][0].items() if k != "rationale"}]}
    assert any("rationale" in e for e in schema_errors("recommendation_rules", broken))


def test_schema_refuses_code_in_conditions():
    doc = app_document("recommendation_rules")
    rule = {**doc["rules"][0], "when": {"eval": "__import__('os').system('x')"}}
    assert schema_errors("recommendation_rules", {**doc, "rules": [rule]})


def bundle_with_assessment_documents(tmp_path, edit=None):
    """A copy of the shipped bundle (which lists this app's documents), optionally edited."""
    target = tmp_path / "bundle"
    shutil.copytree(latest_shipped_bundle(), target)
    manifest = yaml.safe_load((target / "manifest.yaml").read_text(encoding="utf-8"))
    assert set(DOCUMENTS.values()) <= set(manifest["files"])
    if edit:
        edit(target)
    return target


def test_documents_load_into_the_library_bundle(tmp_path):
    bundle = read_bundle(bundle_with_assessment_documents(tmp_path))
    kinds = {d.kind for d in bundle.documents.values()}
    assert {"maturity_method", "recommendation_rules"} <= kinds


def test_bundle_refuses_a_rule_with_an_unknown_measure(tmp_path):
    def edit(target):
        path = target / "recommendation_rules.yaml"
        path.write_text(
            path.read_text(encoding="utf-8").replace("[M-vog-p]", "[M-bestaat-niet]"),
            encoding="utf-8",
        )

    with pytest.raises(LibraryValidationError) as exc:
        read_bundle(bundle_with_assessment_documents(tmp_path, edit))
    assert "M-bestaat-niet" in str(exc.value)


@pytest.mark.django_db
def test_scan_uses_its_library_version_document_when_present(baseline_scan, monkeypatch):
    custom = {**app_document("maturity_method"), "id": "MM-anders"}
    monkeypatch.setattr(
        type(baseline_scan.library_version),
        "document",
        lambda self, kind: custom if kind == "maturity_method" else {},
    )
    assert content.document_for(baseline_scan, "maturity_method")["id"] == "MM-anders"
    assert content.document_for(baseline_scan, "recommendation_rules")["id"] == "RR-2026"
