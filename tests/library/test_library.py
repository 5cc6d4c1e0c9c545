"""The reference library: shipped content, loading, validation and immutability."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command
from django.core.management.base import CommandError

from weerbaar.library.loader import (
    LibraryValidationError,
    install_bundle,
    read_bundle,
    shipped_bundles,
    validate_path,
)
from weerbaar.library.models import LibraryVersion

SHIPPED = shipped_bundles()[-1]


@pytest.fixture
def bundle_copy(tmp_path) -> Path:
    target = tmp_path / "bundle"
    shutil.copytree(SHIPPED, target)
    return target


def edit_yaml(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_shipped_bundle_is_valid_and_complete():
    bundle = read_bundle(SHIPPED)
    fw_docs = {d.kind: d.data for d in bundle.documents.values()}
    dims = fw_docs["dimensions"]["dimensions"]
    assert [d["id"] for d in dims if d["type"] == "dimension"] == ["D1", "D2", "D3", "D4", "D5"]
    assert len([d for d in dims if d["type"] == "theme"]) == 2
    d3 = next(d for d in dims if d["id"] == "D3")
    assert [s["code"] for s in d3["subelements"]] == ["3a", "3b", "3c", "3d"]
    assert len(fw_docs["pillars"]["pillars"]) == 5
    processes = [p for c in fw_docs["processes"]["categories"] for p in c["processes"]]
    assert sum(1 for p in processes if p.get("seed_vulnerable")) == 8
    assert len(fw_docs["vulnerability_criteria"]["criteria"]) == 8
    attrs = {a["id"] for a in fw_docs["function_attributes"]["attributes"]}
    assert {"eenpitter", "langzitter", "dubbelzitter", "bankzitter"} <= attrs
    assert {s["id"] for s in fw_docs["function_attributes"]["screening_levels"]} >= {"vog", "vog_p"}
    assert len(fw_docs["vpt_steps"]["steps"]) == 10
    assert len(fw_docs["measures"]["measures"]) >= 25
    assert fw_docs["gs_roles"]["roles"]


def test_every_text_is_bilingual():
    bundle = read_bundle(SHIPPED)

    def walk(node):
        if isinstance(node, dict):
            if set(node) == {"nl", "en"}:
                assert node["nl"].strip() and node["en"].strip()
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    for doc in bundle.documents.values():
        walk(doc.data)


@pytest.mark.django_db
def test_loading_is_idempotent():
    before = LibraryVersion.objects.count()
    result = install_bundle(read_bundle(SHIPPED))
    assert result.created is False  # the session setup loaded it already
    assert LibraryVersion.objects.count() == before


def test_broken_file_is_reported_with_file_line_and_field(bundle_copy):
    path = bundle_copy / "pillars.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    # Add an unknown field to the first pillar: a schema error at a known line.
    idx = next(i for i, line in enumerate(lines) if line.strip() == "- id: P1")
    indent = lines[idx + 1][: len(lines[idx + 1]) - len(lines[idx + 1].lstrip())]
    lines.insert(idx + 1, f"{indent}bogus_field: 1")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    errors = validate_path(bundle_copy)
    assert errors
    err = errors[0]
    assert err.file == "pillars.yaml"
    assert err.line == idx + 2
    assert "bogus_field" in err.message
    assert err.field.startswith("pillars[0]")


def test_yaml_syntax_error_names_the_line(bundle_copy):
    path = bundle_copy / "vpt.yaml"
    path.write_text("kind: vpt_steps\nsteps:\n  - id: [unclosed\n", encoding="utf-8")
    errors = validate_path(bundle_copy)
    assert errors[0].file == "vpt.yaml"
    assert errors[0].line is not None
    assert "YAML" in errors[0].message


def test_dangling_reference_is_reported(bundle_copy):
    edit_yaml(bundle_copy / "pillars.yaml", lambda d: d["pillars"][0]["dimensions"].append("D99"))
    errors = validate_path(bundle_copy)
    assert any("D99" in e.message and e.file == "pillars.yaml" for e in errors)


def test_duplicate_id_is_reported(bundle_copy):
    def dup(d):
        d["measures"][1]["id"] = d["measures"][0]["id"]

    edit_yaml(bundle_copy / "measures.yaml", dup)
    errors = validate_path(bundle_copy)
    assert any("used twice" in e.message for e in errors)


@pytest.mark.django_db
def test_broken_bundle_loads_nothing(bundle_copy):
    edit_yaml(bundle_copy / "manifest.yaml", lambda d: d.update(version="2099.1"))
    edit_yaml(bundle_copy / "vpt.yaml", lambda d: d["steps"][0].pop("name"))
    with pytest.raises(LibraryValidationError) as exc:
        install_bundle(read_bundle(bundle_copy))
    assert any(e.field.endswith("steps[0].name") for e in exc.value.errors)
    assert not LibraryVersion.objects.filter(version="2099.1").exists()


@pytest.mark.django_db
def test_changed_content_under_same_version_is_refused(bundle_copy):
    edit_yaml(
        bundle_copy / "gs_roles.yaml",
        lambda d: d["roles"][0]["name"].update(nl="Iets anders"),
    )
    with pytest.raises(LibraryValidationError) as exc:
        install_bundle(read_bundle(bundle_copy))
    assert "new version number" in str(exc.value)


@pytest.mark.django_db
def test_new_version_never_changes_a_scan_of_an_older_version(bundle_copy, baseline_scan):
    old_version = baseline_scan.library_version
    old_norms = [n["id"] for n in baseline_scan.framework.norms]

    def rename(d):
        d["dimensions"][0]["norms"][0]["title"]["nl"] = "Nieuwe titel"

    edit_yaml(bundle_copy / "dimensions.yaml", rename)
    edit_yaml(bundle_copy / "manifest.yaml", lambda d: d.update(version="2099.1"))
    new = install_bundle(read_bundle(bundle_copy)).version
    assert new.pk != old_version.pk
    baseline_scan.refresh_from_db()
    assert baseline_scan.library_version_id == old_version.pk
    assert baseline_scan.framework.norms[0]["title"]["nl"] != "Nieuwe titel"
    assert [n["id"] for n in baseline_scan.framework.norms] == old_norms


def test_library_version_rows_are_immutable(db):
    version = LibraryVersion.objects.first()
    version.documents = {}
    with pytest.raises(ValueError):
        version.save()


def test_rows_that_refer_to_a_version_do_not_carry_its_bundle(baseline_scan):
    """A scan (or a register entry) read with its library version gets the version's facts,
    not the whole reference library: the bundle is read from its own table, once."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from weerbaar.library.models import LibraryContent
    from weerbaar.scans.models import Scan

    query = str(Scan.objects.select_related("library_version").filter(pk=baseline_scan.pk).query)
    assert "library_libraryversion" in query and "documents" not in query
    version = Scan.objects.select_related("library_version").get(pk=baseline_scan.pk)
    stored = LibraryContent.objects.get(version=version.library_version).documents
    assert version.library_version.documents == stored
    with CaptureQueriesContext(connection) as again:
        for _ in range(3):
            scan = Scan.objects.select_related("library_version").get(pk=baseline_scan.pk)
            assert scan.framework.norms
    assert not any("library_librarycontent" in q["sql"] for q in again.captured_queries)


def test_validate_command_reports_and_exits_2(bundle_copy, capsys):
    edit_yaml(bundle_copy / "vpt.yaml", lambda d: d["steps"][0].update(number="een"))
    with pytest.raises(CommandError) as exc:
        call_command("library", "validate", str(bundle_copy))
    assert exc.value.returncode == 2
    assert "vpt.yaml:" in capsys.readouterr().err


def test_validate_command_accepts_the_shipped_bundle(capsys):
    call_command("library", "validate", str(SHIPPED))
    assert "valid" in capsys.readouterr().out


def test_validate_single_file(tmp_path):
    f = tmp_path / "own.yaml"
    f.write_text("kind: gs_roles\nroles: []\n", encoding="utf-8")
    errors = validate_path(f)
    assert errors and errors[0].field == "roles"
    f.write_text("kind: nonsense\n", encoding="utf-8")
    assert "unknown kind" in validate_path(f)[0].message


def test_validate_missing_path():
    assert "no such file" in validate_path(Path("/nonexistent/bundle"))[0].message


@pytest.mark.parametrize(
    "section",
    [
        "dimensies",
        "pijlers",
        "processen",
        "criteria",
        "functies",
        "maatregelen",
        "vpt",
        "gemeentesecretaris",
    ],
)
def test_library_browser_shows_every_section(client_for, section):
    version = LibraryVersion.objects.order_by("-loaded_at").first()
    fw = version.framework
    response = client_for("lezer").get(f"/bibliotheek/{version.pk}/{section}/")
    assert response.status_code == 200
    body = response.content.decode()
    expected = {
        "dimensies": [n["title"]["nl"] for n in fw.norms],
        "pijlers": [i["text"]["nl"] for i in fw.pillar_items],
        "processen": [p["name"]["nl"] for p in fw.processes],
        "criteria": [c["name"]["nl"] for c in fw.criteria]
        + [a["name"]["nl"] for a in fw.action_types],
        "functies": [a["name"]["nl"] for a in fw.function_attributes]
        + [f["name"]["nl"] for f in fw.example_functions],
        "maatregelen": [m["name"]["nl"] for m in fw.measures],
        "vpt": [s["name"]["nl"] for s in fw.vpt_steps],
        "gemeentesecretaris": [r["name"]["nl"] for r in fw.gs_roles],
    }[section]
    from django.utils.html import escape

    missing = [t for t in expected if escape(t) not in body]
    assert not missing, f"not shown: {missing[:3]}"


def test_library_browser_in_english(client_for):
    version = LibraryVersion.objects.order_by("-loaded_at").first()
    client = client_for("lezer")
    client.post("/account/taal/", {"language": "en", "next": "/"})
    body = client.get(f"/bibliotheek/{version.pk}/dimensies/").content.decode()
    from django.utils.html import escape

    assert escape(version.framework.norms[0]["title"]["en"]) in body
    assert "Library" in body


def test_unknown_section_redirects_to_first(client_for):
    version = LibraryVersion.objects.first()
    response = client_for("lezer").get(f"/bibliotheek/{version.pk}/bestaat-niet/")
    assert response.status_code == 302
