"""``weerbaar restore``: an archive of ``weerbaar backup`` into an empty instance.

Order: unpack into a private staging folder and check every checksum; check that the
backup fits this code (same database vendor, no migrations this code does not know) and that
the target is empty (no data in the database, no files in the data folder). Only then the
database and the files are restored, and the audit chain is verified, including the head
noted at backup time. Any refusal before that point leaves the instance unchanged.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor

from weerbaar.audit.verify import ChainReport, verify_chain

from . import archive, database


class RestoreRefused(Exception):
    """The restore was refused before anything was changed."""


@dataclass(frozen=True)
class RestoreResult:
    manifest: dict[str, Any]
    files: int
    audit: ChainReport
    pending_migrations: bool


def _expected_head(manifest: dict[str, Any]) -> tuple[int, str] | None:
    audit = manifest.get("audit")
    head = audit.get("head") if isinstance(audit, dict) else None
    if not head:
        return None
    sequence, _, digest = str(head).partition(":")
    if not sequence.isdigit() or len(digest) != 64:
        raise RestoreRefused(f"the manifest's audit head {head!r} is not SEQUENCE:HASH")
    return int(sequence), digest


def check_fits(manifest: dict[str, Any], using: str, root: Path) -> None:
    """Refuse a backup this instance cannot take (raises :class:`RestoreRefused`)."""
    described = manifest.get("database")
    if not isinstance(described, dict):
        raise RestoreRefused("the manifest does not describe the database")
    backup_vendor = described.get("vendor")
    target_vendor = database.vendor(using)
    if backup_vendor != target_vendor:
        raise RestoreRefused(
            f"the backup holds a {backup_vendor} database; this instance uses {target_vendor}"
        )
    member = database.DUMP_NAMES[target_vendor]
    if described.get("member") != member or member not in manifest["members"]:
        raise RestoreRefused(f"the manifest does not name the database member {member}")
    migrations = manifest.get("migrations")
    if not isinstance(migrations, dict) or not all(
        isinstance(names, list) and all(isinstance(n, str) for n in names)
        for names in migrations.values()
    ):
        raise RestoreRefused("the manifest's migrations are not a list of names per app")
    unknown = database.unknown_migrations(migrations, using)
    if unknown:
        raise RestoreRefused(
            f"the backup was made by a newer version of Weerbaar "
            f"({manifest.get('weerbaar_version')}): this code does not have the migrations "
            f"{', '.join(unknown)}. Install that version (or newer) and restore again."
        )
    used = database.tables_with_data(using)
    if used:
        raise RestoreRefused(
            "the database is not empty (data in "
            f"{', '.join(used[:5])}{', …' if len(used) > 5 else ''}): restore only into a "
            "new, empty database (see docs/operations.md)"
        )
    if root.exists() and any(root.iterdir()):
        raise RestoreRefused(f"the data folder {root} is not empty: restore only into an empty one")


def restore_backup(
    path: Path, using: str = DEFAULT_DB_ALIAS, data_root: Path | None = None
) -> RestoreResult:
    """Restore ``path`` into the empty database ``using`` and the empty data folder."""
    root = data_root or database.data_dir()
    with tempfile.TemporaryDirectory(prefix="weerbaar-restore-") as tmp:
        staging = Path(tmp)
        try:
            manifest = archive.unpack_verified(path, staging)
        except archive.ArchiveError as exc:
            raise RestoreRefused(str(exc)) from None
        check_fits(manifest, using, root)
        expected_head = _expected_head(manifest)
        database.load(using, staging / database.DUMP_NAMES[database.vendor(using)])
        files = 0
        unpacked = staging / "data"
        if unpacked.exists():
            root.mkdir(parents=True, exist_ok=True)
            for source in sorted(unpacked.rglob("*")):
                if source.is_file():
                    target = root / source.relative_to(unpacked)
                    target.parent.mkdir(parents=True, exist_ok=True)
                    shutil.move(source, target)
                    files += 1
    report = verify_chain(using, expected_head)
    return RestoreResult(manifest, files, report, _has_pending_migrations(using))


def _has_pending_migrations(using: str) -> bool:
    executor = MigrationExecutor(connections[using])
    return bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))
