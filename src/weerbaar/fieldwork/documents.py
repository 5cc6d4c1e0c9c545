"""The document inventory of a scan: documents requested and received, coded to norms.

A file is checked by its content (:func:`weerbaar.core.uploads.check_upload`) and only ever
offered as a download (never rendered as HTML).
"""

from __future__ import annotations

from typing import IO

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from weerbaar.core.locking import claim_version
from weerbaar.core.uploads import DOCUMENT_CONTENT_TYPES, check_upload, delete_file_on_commit

from .content import kind_ids
from .models import FieldDocument
from .norms import check_norm_ids


def check_document_file(upload: IO[bytes]) -> str:
    """The file's kind (pdf, docx, xlsx, odt); anything else raises ``ValidationError``."""
    try:
        return check_upload(upload, DOCUMENT_CONTENT_TYPES.keys())
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from exc


@transaction.atomic
def save_document(
    document: FieldDocument,
    *,
    norm_ids: list[str],
    upload: UploadedFile | None = None,
    expected_version: int | None = None,
) -> FieldDocument:
    """Save a document of the inventory with the norms it addresses and an optional file.

    Raises :class:`~weerbaar.core.locking.ConflictError` when someone else saved it after
    ``expected_version``; ``ValidationError`` for a kind the scan's library does not know,
    unknown norms, a bad file or dates out of order (nothing is saved then).
    """
    errors: dict[str, list[str]] = {}
    if document.kind not in kind_ids(document.scan):
        errors["kind"] = [_("Kies een soort document uit de lijst.")]
    try:
        document.norm_ids = check_norm_ids(document.scan, norm_ids)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if (
        document.requested_on
        and document.received_on
        and document.received_on < document.requested_on
    ):
        errors["received_on"] = [_("De ontvangstdatum ligt vóór de datum van opvragen.")]
    if errors:
        raise ValidationError(errors)
    if upload is not None:
        document.file_type = check_document_file(upload)
    if document.pk:
        claim_version(document, expected_version)
    if upload is not None:
        if document.file:
            delete_file_on_commit(document.file)
        document.file.save(upload.name or "document", upload, save=False)
    document.save()
    return document


@transaction.atomic
def delete_document(document: FieldDocument) -> None:
    """Delete the document; its file goes once the deletion is committed."""
    if document.file:
        delete_file_on_commit(document.file)
    document.delete()
