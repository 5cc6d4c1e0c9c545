"""Framework mappings are data: validated references, shipped overlap, cross-library ids."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.library.uploads import MAPPING, bundle_files, dump
from weerbaar.library.loader import (
    LibraryValidationError,
    current_version,
    read_bundle,
    shipped_bundles,
    version_ids,
)

SHIPPED = shipped_bundles()[-1]


def write_bundle(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir()
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def errors_of(path: Path, external=None) -> list:
    with pytest.raises(LibraryValidationError) as exc:
        read_bundle(path, external)
    return exc.value.errors


def test_shipped_mapping_links_the_riec_pillars_to_norms():
    bundle = read_bundle(SHIPPED)
    mapping = next(d for d in bundle.documents.values() if d.kind == "framework_mapping")
    items = {m["item"] for m in mapping.data["mappings"]}
    assert {"P2.I2", "P3.I4", "P4.I4"} <= items


@pytest.mark.django_db
def test_overlaps_by_norm_of_the_shipped_version():
    overlaps = current_version().framework.overlaps_by_norm
    assert any(o["item"] == "P2.I2" and o["strength"] == "gelijk" for o in overlaps["D3b.N5"])
    assert all(o["group"]["nl"] for links in overlaps.values() for o in links)


def test_a_mapping_onto_an_unknown_norm_is_refused_with_its_line(tmp_path):
    target = tmp_path / "bundle"
    shutil.copytree(SHIPPED, target)
    path = target / "frameworks" / "riec_pillars_mapping.yaml"
    text = path.read_text(encoding="utf-8").replace("{norm: T2.N4,", "{norm: T9.N9,", 1)
    path.write_text(text, encoding="utf-8")
    line = next(n for n, t in enumerate(text.splitlines(), 1) if "T9.N9" in t)
    [error] = errors_of(target)
    assert error.file == "frameworks/riec_pillars_mapping.yaml"
    assert error.line == line and error.code == "unknown_reference"
    assert "'T9.N9' is not a known norm id" in error.message


def test_a_mapping_of_an_unknown_item_or_strength_is_refused(tmp_path):
    mapping = {
        **MAPPING,
        "mappings": [
            {"item": "RC.P9.I9", "norms": [{"norm": "D1.N5", "strength": "gelijk"}]},
            {"item": "RC.P1.I1", "norms": [{"norm": "D1.N5", "strength": "ongeveer"}]},
        ],
    }
    bundle = write_bundle(tmp_path / "b", bundle_files(mapping=mapping))
    errors = errors_of(bundle)
    assert [e.code for e in errors] == ["schema_enum"]  # the schema first
    mapping["mappings"][1]["norms"][0]["strength"] = "deels"
    (bundle / "koppeling.yaml").write_text(dump(mapping), encoding="utf-8")
    codes = sorted(e.code for e in errors_of(bundle, {"norm": {"D1.N5"}}))
    assert codes == ["unknown_reference"]


@pytest.mark.django_db
def test_references_to_the_reference_framework_resolve_from_outside(tmp_path):
    bundle = write_bundle(tmp_path / "b", bundle_files())
    assert {e.code for e in errors_of(bundle)} == {"unknown_reference"}  # norms not in it
    loaded = read_bundle(bundle, version_ids(current_version()))
    assert loaded.identifier == "regio-checklist"


@pytest.mark.django_db
def test_library_page_lists_the_overlap_per_norm(client_for):
    from django.urls import reverse

    version = current_version()
    url = reverse("library:section", kwargs={"version_id": version.pk, "section": "kaders"})
    body = client_for("lezer").get(url).content.decode()
    assert "Overlap met de normen" in body
    assert "<strong>P2.I2</strong>" in body and "gelijk" in body
