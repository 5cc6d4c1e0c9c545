"""``weerbaar backup [--output FILE]``: database and data folder in one archive (mode 0600)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS

from weerbaar.maintenance.archive import ArchiveError
from weerbaar.maintenance.backup import create_backup, default_name
from weerbaar.maintenance.database import DatabaseToolError


class Command(BaseCommand):
    help = "Write the database, the data folder and a manifest with checksums to one archive."
    requires_system_checks: list[str] = []  # a backup must not stop on unrelated checks

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output", type=Path, help="archive to write (default: weerbaar-backup-<UTC>.tar.gz)"
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args: Any, **options: Any) -> None:
        output = (options["output"] or Path(default_name())).resolve()
        if not output.parent.is_dir():
            raise CommandError(f"the folder {output.parent} does not exist")
        try:
            manifest = create_backup(output, using=options["database"])
        except (ArchiveError, DatabaseToolError) as exc:
            raise CommandError(str(exc)) from None
        audit = manifest["audit"]
        if not audit["ok"]:
            self.stderr.write(f"Warning: the audit chain is broken: {audit['problem']}")
        self.stdout.write(
            f"Backup written to {output}: {manifest['database']['vendor']} database, "
            f"{len(manifest['members']) - 1} files; audit head {audit['head'] or '-'}."
        )
