"""System check: published report files can be kept.

A published version is served from its stored file (:mod:`weerbaar.reports.files`). When the
file storage cannot be written, downloads still work — each one renders the report again and
the failure is logged — but slowly; ``weerbaar check`` says so before anyone notices.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.core import checks
from django.core.files.storage import FileSystemStorage, storages


def check_report_storage(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    storage = storages["default"]
    if not isinstance(storage, FileSystemStorage):
        return []
    location = Path(storage.location)
    existing = next((p for p in (location, *location.parents) if p.exists()), None)
    if existing is None or not (existing.is_dir() and os.access(existing, os.W_OK | os.X_OK)):
        return [
            checks.Warning(
                f"The file storage {location} is not writable: published reports cannot be "
                "kept and are rendered again on every download.",
                hint="Give the service's user write access to the data folder "
                "(WEERBAAR_DATA_DIR, by default WEERBAAR_VAR_DIR/data; see docs/operations.md).",
                id="weerbaar.reports.W001",
            )
        ]
    return []
