"""The stored files of an approved version (PDF, DOCX, HTML), outside the web root.

An approved version is rendered once, at approval, and from then on served from its stored
file: a later change of the renderer never alters what was approved. A file that is missing
(storage restored without it, or a version approved before files were stored) is rendered
once and kept.
"""

from __future__ import annotations

import logging

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from . import render
from .models import ReportVersion

logger = logging.getLogger(__name__)


def version_facts(version: ReportVersion) -> dict:
    return {"version_number": version.number, "content_hash": version.content_hash}


def storage_name(version: ReportVersion, fmt: str, language: str) -> str:
    # The version's own number is printed in the file: two versions never share one.
    org = version.scan.organisation_id
    return f"reports/{org}/{version.pk}-{version.content_hash}.{language}.{fmt}"


def _save(name: str, data: bytes) -> None:
    try:
        if not default_storage.exists(name):
            default_storage.save(name, ContentFile(data))
    except OSError:
        logger.warning("report file not writable: %s", name)


def store(version: ReportVersion, formats: tuple[str, ...] = render.FORMATS) -> list[str]:
    """Render the version in its own language and store each format; the names stored."""
    names = []
    for fmt in formats:
        name = storage_name(version, fmt, version.language)
        _save(name, render.render(version.snapshot, fmt, version.language, version_facts(version)))
        names.append(name)
    return names


def read(version: ReportVersion, fmt: str, language: str) -> bytes:
    """The stored file of a version; rendered and kept first when it is not there yet."""
    name = storage_name(version, fmt, language)
    try:
        if default_storage.exists(name):
            with default_storage.open(name, "rb") as fh:
                return fh.read()
    except OSError:
        logger.warning("report file unreadable: %s", name)
    data = render.render(version.snapshot, fmt, language, version_facts(version))
    _save(name, data)
    return data
