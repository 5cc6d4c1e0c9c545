"""Documents of the newest shipped bundle, for apps whose scan's pinned version lacks them.

An app registers the kind of its document (schema in the app); :func:`shipped_document`
reads the file once per process and validates it as the library validates every document
on loading, and :func:`document_for` prefers the document of a scan's pinned version.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

from .paths import latest_shipped_bundle

if TYPE_CHECKING:
    from .models import LibraryVersion


@cache
def shipped_document(filename: str) -> dict[str, Any]:
    """The document ``filename`` of the newest shipped bundle, validated against its kind.

    Raises :class:`~weerbaar.library.loader.LibraryValidationError` when it does not
    validate (a defect of the shipped content, found by the content tests).
    """
    from .loader import read_valid_document

    return read_valid_document(latest_shipped_bundle() / filename).data


def document_for(version: LibraryVersion | None, kind: str, filename: str) -> dict[str, Any]:
    """The document of ``kind`` in ``version`` (a scan's pinned version), else the shipped
    bundle's ``filename``."""
    if version is not None:
        doc = version.document(kind)
        if doc:
            return doc
    return shipped_document(filename)
