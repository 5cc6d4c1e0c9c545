"""Shipped content reads as published text: no internal working references reach users.

Sources appear as citations ("Rekenkamer Borger-Odoorn (2020), §3.1") in a ``source`` field,
never as working names of documents ("seed 004 §3.1", "notes 004 §3A.2") or editorial remarks
("Ontwerpkeuze van de bundelredactie"); pages show names, not identifiers.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from weerbaar.library.models import LibraryVersion
from weerbaar.library.paths import CONTENT_DIR

INTERNAL = re.compile(
    r"\bseeds? ?\d{3}\b|\bnotes \d{3}\b|bundelredactie|bundle editors|(?-i:\bINFERRED\b)",
    re.IGNORECASE,
)
# A citation: an author or body with a year (or "z.j."), optionally followed by a location.
CITATION = re.compile(r"^[^;()]+ \((\d{4}|z\.j\.)\)(, [^;]+)?$")
SHIPPED = sorted(CONTENT_DIR.rglob("*.yaml"))


def strings(node, path=""):
    """Every string value of a YAML document with its path."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield from strings(value, f"{path}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from strings(value, f"{path}[{i}]")
    elif isinstance(node, str):
        yield path, node


def test_there_is_shipped_content_to_check():
    assert len(SHIPPED) >= 10


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: str(p.relative_to(CONTENT_DIR)))
def test_shipped_files_hold_no_internal_references(path: Path):
    # The whole text, comments included: questionnaires are shown as YAML to coordinators.
    found = [
        f"line {n}: {line.strip()[:100]}"
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if INTERNAL.search(line)
    ]
    assert not found, "\n".join(found)


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: str(p.relative_to(CONTENT_DIR)))
def test_every_source_is_a_citation(path: Path):
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    bad = []
    for where, value in strings(document):
        if not where.endswith(".source"):
            continue
        for part in value.split("; "):
            if not CITATION.match(part):
                bad.append(f"{where}: {part}")
    assert not bad, "\n".join(bad[:10])


def test_the_check_recognises_the_references_users_reported():
    for text in ("seed 004 §3.1", "Ontwerpkeuze van de bundelredactie", "(notes 004 §3A.2)"):
        assert INTERNAL.search(text)
    assert not INTERNAL.search("Rekenkamer Borger-Odoorn (2020), §3.1")
    assert CITATION.match("Rekenkamer Borger-Odoorn (2020), §3.1")
    assert not CITATION.match("seed 004 §3.1")


def test_the_functions_page_shows_names_not_identifiers(client_for):
    version = LibraryVersion.objects.order_by("-loaded_at").first()
    body = client_for("lezer").get(f"/bibliotheek/{version.pk}/functies/").content.decode()
    text = re.sub(r"<[^>]+>", " ", body)  # identifiers may stay in id attributes
    for identifier in ("decision_authority", "external_contact", "bankzitter", "vog_p"):
        assert identifier not in text
    wethouder = next(f for f in version.framework.example_functions if f["id"] == "F-wethouder")
    assert wethouder["recommended_screening"] == "none"
    row = re.search(r'<tr id="F-wethouder">.*?</tr>', body, re.S)
    assert row is not None
    assert ">none<" not in row.group(0)
    assert "Beslissingsbevoegdheid en afwegingsruimte" in row.group(0)
