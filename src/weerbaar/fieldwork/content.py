"""The kinds of document of the document study as library content.

Kind ``fieldwork_document_kinds`` (schema ``schemas/document_kinds.yaml``, registered in
:meth:`FieldworkConfig.ready`). A scan reads the document of its pinned library version and,
when that version predates it, the newest shipped bundle's ``fieldwork_document_kinds.yaml``.
A document of the inventory stores the id of its kind; labels are shown in the user's
language.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, TypedDict

from weerbaar.core.text import translate
from weerbaar.library.kinds import register_kind
from weerbaar.library.shipped import document_for

if TYPE_CHECKING:
    from weerbaar.scans.models import Scan

KIND = "fieldwork_document_kinds"
DOCUMENT_NAME = "fieldwork_document_kinds.yaml"
SCHEMA_PATH = Path(__file__).parent / "schemas" / "document_kinds.yaml"


def register_kinds() -> None:
    # No id group: ids are unique across a bundle, and the stored id "bibob" is also a VOG P
    # domain of the screening rules. The content tests check the ids are unique in the file.
    register_kind(KIND, SCHEMA_PATH)


class DocumentKind(TypedDict):
    id: str
    name: dict[str, str]  # {"nl": ..., "en": ...}
    description: dict[str, str]
    source: str


def document_kinds(scan: Scan | None) -> list[DocumentKind]:
    """The kinds of document of the scan's library version (else the shipped ones), in order."""
    version = scan.library_version if scan is not None else None
    return list(document_for(version, KIND, DOCUMENT_NAME)["document_kinds"])


def kind_ids(scan: Scan | None) -> set[str]:
    return {k["id"] for k in document_kinds(scan)}


def kind_label(scan: Scan | None, kind_id: str) -> str:
    """The kind's name in the active language (the stored id if the library lacks it)."""
    for kind in document_kinds(scan):
        if kind["id"] == kind_id:
            return translate(kind["name"])
    return kind_id


def kind_choices(scan: Scan | None) -> list[tuple[str, str]]:
    return [(k["id"], translate(k["name"])) for k in document_kinds(scan)]
