"""``weerbaar backup``: the database and the data folder in one archive with a manifest."""

from __future__ import annotations

import datetime
import platform
import re
import tempfile
from importlib import metadata
from pathlib import Path
from typing import Any

from django.db import DEFAULT_DB_ALIAS
from django.utils import timezone

from weerbaar.audit.verify import verify_chain

from . import archive, database


def default_name(now: datetime.datetime | None = None) -> str:
    moment = (now or timezone.now()).astimezone(datetime.UTC)
    return f"weerbaar-backup-{moment:%Y%m%dT%H%M%SZ}.tar.gz"


def library_versions() -> dict[str, str]:
    """Versions of Weerbaar's direct dependencies as installed (and of Python)."""
    versions = {"python": platform.python_version()}
    for requirement in metadata.requires("weerbaar") or []:
        if "extra ==" in requirement:
            continue
        match = re.match(r"[A-Za-z0-9_.\-]+", requirement)
        if match is None:
            continue
        name = match.group(0)
        try:
            versions[name.lower()] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name.lower()] = "not installed"
    return dict(sorted(versions.items()))


def audit_state(using: str) -> dict[str, Any]:
    """The audit chain at backup time: its head is checked again after a restore."""
    report = verify_chain(using)
    return {
        "ok": not report.problem,
        "events": report.events,
        "head": f"{report.last_sequence}:{report.last_hash}" if report.events else None,
        "problem": report.problem,
    }


def data_files(root: Path) -> list[tuple[str, Path]]:
    """(archive name, path) of every stored file; links are not followed."""
    if not root.exists():
        return []
    files = []
    for path in sorted(root.rglob("*")):
        if path.is_symlink() or not path.is_file():
            continue
        files.append(("data/" + path.relative_to(root).as_posix(), path))
    return files


def create_backup(
    output: Path, using: str = DEFAULT_DB_ALIAS, data_root: Path | None = None
) -> dict[str, Any]:
    """Write the archive to ``output`` (mode 0600) and return its manifest."""
    if output.exists():
        raise archive.ArchiveError(f"{output} exists already; choose another --output")
    root = data_root or database.data_dir()
    vendor = database.vendor(using)
    if vendor not in database.DUMP_NAMES:
        raise database.DatabaseToolError(f"backing up a {vendor} database is not supported")
    manifest: dict[str, Any] = {
        "format": archive.FORMAT,
        "format_version": archive.FORMAT_VERSION,
        "weerbaar_version": metadata.version("weerbaar"),
        "created_at": timezone.now().isoformat(),
        "database": {"vendor": vendor, "member": database.DUMP_NAMES[vendor]},
        "migrations": database.applied_migrations(using),
        "libraries": library_versions(),
        "audit": audit_state(using),
    }
    with tempfile.TemporaryDirectory(prefix="weerbaar-backup-", dir=output.parent) as tmp:
        dump = Path(tmp) / "database"
        database.dump(using, dump)
        files = [(database.DUMP_NAMES[vendor], dump), *data_files(root)]
        return archive.write_archive(output, files, manifest)
