"""``weerbaar restore FILE``: an archive of ``weerbaar backup`` into an empty instance."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS

from weerbaar.maintenance.database import DatabaseToolError
from weerbaar.maintenance.restore import RestoreRefused, restore_backup


class Command(BaseCommand):
    help = (
        "Restore a backup archive into an empty instance: checksums first, then the database "
        "and the data folder, then the audit chain is verified."
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", type=Path)
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args: Any, archive: Path, **options: Any) -> None:
        if not archive.is_file():
            raise CommandError(f"{archive} is not a file")
        try:
            result = restore_backup(archive, using=options["database"])
        except RestoreRefused as exc:
            raise CommandError(f"restore refused, nothing was changed: {exc}") from None
        except DatabaseToolError as exc:
            raise CommandError(f"restoring the database failed: {exc}") from None
        self.stdout.write(
            f"Restored the backup of {result.manifest['created_at']} "
            f"(Weerbaar {result.manifest['weerbaar_version']}): database and {result.files} files."
        )
        if result.pending_migrations:
            self.stdout.write("The backup is older than this code: run `weerbaar migrate` now.")
        if not result.audit.ok:
            problem = result.audit.problem or ", ".join(result.audit.missing_guards)
            raise CommandError(f"restored, but the audit chain does not verify: {problem}")
        self.stdout.write(
            f"audit chain intact: {result.audit.events} events; "
            f"head {result.audit.last_sequence}:{result.audit.last_hash}"
        )
