"""``weerbaar audit verify``: check the audit log's hash chain.

``weerbaar audit grants ROLE`` prints the PostgreSQL privileges for the application's
runtime role (run them as the owner of the tables, after ``weerbaar migrate``).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS

from weerbaar.audit.roles import grant_statements
from weerbaar.audit.verify import verify_chain


def _expected_head(value: str) -> tuple[int, str]:
    sequence, _, digest = value.partition(":")
    if not sequence.isdigit() or len(digest) != 64:
        raise ValueError(value)
    return int(sequence), digest.lower()


class Command(BaseCommand):
    help = "Check the audit log: every event must carry the hash of the one before it."
    requires_system_checks: list[str] = []  # a backup routine must not stop on unrelated checks

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser(
            "verify",
            help="Walk the hash chain; exit 1 at the first broken link and print the head.",
        )
        verify.add_argument(
            "--expect",
            type=_expected_head,
            metavar="SEQUENCE:HASH",
            help="a head noted earlier (e.g. at the last backup) that must still be in the chain",
        )
        verify.add_argument("--database", default=DEFAULT_DB_ALIAS)
        grants = sub.add_parser(
            "grants", help="Print the PostgreSQL privileges for the application's runtime role."
        )
        grants.add_argument("role", help="the role the application connects as")
        grants.add_argument("--schema", default="public")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if action == "grants":
            try:
                statements = grant_statements(options["role"], options["schema"])
            except ValueError as exc:
                raise CommandError(str(exc), returncode=2) from None
            self.stdout.write("".join(f"{s};\n" for s in statements), ending="")
            return
        report = verify_chain(options["database"], options.get("expect"))
        for name in report.missing_guards:
            self.stderr.write(f"guard missing or disabled: {name} (re-run the audit migrations)")
        if report.problem:
            self.stderr.write(f"audit chain broken: {report.problem}")
            self.stderr.write(
                f"intact up to event {report.last_sequence} (hash {report.last_hash})"
            )
            raise CommandError("the audit log was tampered with", returncode=1)
        self.stdout.write(
            f"audit chain intact: {report.events} events; "
            f"head {report.last_sequence}:{report.last_hash}"
        )
        if report.missing_guards:
            raise CommandError("the audit log is not guarded by the database", returncode=1)
