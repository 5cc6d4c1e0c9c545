"""The small demo for transactional tests, built once per test process and then restored.

Browser and other transactional tests each need the demo in an otherwise empty database.
Building it runs every demo step (several seconds); restoring it copies the tables back from
memory with PostgreSQL's ``COPY`` (a fraction of a second). The first test of a process
builds the demo and keeps a copy of every table, the sequences and the files it stored; every
later test gets exactly that state back, with fresh model instances in ``ctx.objects``.

On SQLite the demo is simply built again.
"""

from __future__ import annotations

import copy
import shutil
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.db import connection, models

from weerbaar.audit import guards
from weerbaar.audit.context import acting_as
from weerbaar.core.demo import DemoContext, build_demo


@dataclass
class _Snapshot:
    ctx: DemoContext
    tables: dict[str, bytes]
    sequences: list[tuple[str, int | None]]
    files: Path | None


_snapshot: _Snapshot | None = None


def _files_dir() -> Path | None:
    location = settings.STORAGES["default"].get("OPTIONS", {}).get("location")
    return Path(location) if location else None


def _tables() -> list[str]:
    return sorted(connection.introspection.django_table_names(only_existing=True))


def _take(ctx: DemoContext) -> _Snapshot:
    tables: dict[str, bytes] = {}
    with connection.cursor() as cursor:
        raw = cursor.cursor
        for table in _tables():
            with raw.copy(f'COPY "{table}" TO STDOUT (FORMAT binary)') as out:
                tables[table] = b"".join(bytes(block) for block in out)
        cursor.execute(
            "SELECT quote_ident(schemaname) || '.' || quote_ident(sequencename), last_value "
            "FROM pg_sequences WHERE schemaname = current_schema()"
        )
        sequences = [(name, value) for name, value in cursor.fetchall()]
    files = None
    source = _files_dir()
    if source is not None and source.exists():
        files = Path(tempfile.mkdtemp(prefix="weerbaar-demo-files-"))
        shutil.copytree(source, files, dirs_exist_ok=True)
    return _Snapshot(ctx, tables, sequences, files)


def _restore(snapshot: _Snapshot) -> None:
    with connection.cursor() as cursor:
        raw = cursor.cursor
        # The copy is consistent as a whole; foreign keys and triggers are not checked row by
        # row while it goes back in.
        names = ", ".join(f'"{table}"' for table in snapshot.tables)
        with guards.lifted(connection):
            cursor.execute(f"TRUNCATE {names} RESTART IDENTITY CASCADE")
        cursor.execute("SET session_replication_role = replica")
        try:
            for table, data in snapshot.tables.items():
                if not data:
                    continue
                with raw.copy(f'COPY "{table}" FROM STDIN (FORMAT binary)') as into:
                    into.write(data)
        finally:
            cursor.execute("SET session_replication_role = origin")
        for name, value in snapshot.sequences:
            if value is None:
                cursor.execute("SELECT setval(%s, 1, false)", [name])
            else:
                cursor.execute("SELECT setval(%s, %s, true)", [name, value])
    target = _files_dir()
    if snapshot.files is not None and target is not None:
        # The demo's own files come back as they were; files of other tests stay.
        shutil.copytree(snapshot.files, target, dirs_exist_ok=True)


def _fresh(value: Any) -> Any:
    """``value`` as the database now holds it: model instances are read again."""
    if isinstance(value, models.Model):
        found = type(value)._default_manager.filter(pk=value.pk).first()
        return found if found is not None else copy.deepcopy(value)
    if isinstance(value, list):
        return [_fresh(item) for item in value]
    if isinstance(value, tuple):
        return tuple(_fresh(item) for item in value)
    if isinstance(value, dict):
        return {key: _fresh(item) for key, item in value.items()}
    return copy.deepcopy(value)


def small_demo() -> DemoContext:
    """An emptied database holding the small demo, built or restored."""
    global _snapshot
    if connection.vendor != "postgresql":
        call_command("flush", interactive=False, verbosity=0)
        with acting_as(None, label="test-setup"):
            return build_demo(size="small", demo_logins=False)
    if _snapshot is None:
        call_command("flush", interactive=False, verbosity=0)
        with acting_as(None, label="test-setup"):
            ctx = build_demo(size="small", demo_logins=False)
        _snapshot = _take(ctx)
        return ctx
    _restore(_snapshot)
    ctx = _snapshot.ctx
    return replace(
        ctx,
        rng=copy.deepcopy(ctx.rng),
        objects=_fresh(ctx.objects),
        logins=copy.deepcopy(ctx.logins),
    )
