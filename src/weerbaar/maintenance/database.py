"""Dump and restore the database: ``pg_dump``/``pg_restore`` or SQLite's backup API.

The PostgreSQL tools get the connection from the Django settings of the alias through the
``PG*`` environment variables; the password is never on a command line (where other users
of the machine could read it in the process list).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

#: Tables that ``weerbaar migrate`` fills by itself: rows there do not make an instance used.
FILLED_BY_MIGRATE = frozenset(
    {"django_migrations", "django_content_type", "auth_permission", "audit_chainhead"}
)
DUMP_NAMES = {"postgresql": "database/weerbaar.dump", "sqlite": "database/weerbaar.sqlite3"}


class DatabaseToolError(Exception):
    """A database tool failed; its message says why."""


def vendor(using: str) -> str:
    return connections[using].vendor


def _pg_tool(name: str) -> str:
    bindir = os.environ.get("WEERBAAR_PG_BINDIR", "")
    path = str(Path(bindir) / name) if bindir else shutil.which(name)
    if not path or not Path(path).exists():
        raise DatabaseToolError(
            f"{name} was not found; install the PostgreSQL client tools "
            "(Debian: postgresql-client) or set WEERBAAR_PG_BINDIR"
        )
    return path


def pg_environment(using: str) -> dict[str, str]:
    """The ``PG*`` variables for the alias's connection (password included, not on argv)."""
    conf: dict[str, Any] = connections[using].settings_dict
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    mapping = {
        "PGHOST": conf.get("HOST"),
        "PGPORT": conf.get("PORT"),
        "PGUSER": conf.get("USER"),
        "PGPASSWORD": conf.get("PASSWORD"),
        "PGDATABASE": conf.get("NAME"),
    }
    env.update({k: str(v) for k, v in mapping.items() if v})
    return env


def _run(cmd: list[str], env: dict[str, str]) -> None:
    # The command is a fixed tool with paths we chose; no shell, nothing from the user.
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise DatabaseToolError(f"{Path(cmd[0]).name} failed: {done.stderr.strip()}")


def dump(using: str, target: Path) -> None:
    """Write a consistent copy of the database to ``target``."""
    connection = connections[using]
    if connection.vendor == "postgresql":
        cmd = [_pg_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges"]
        _run([*cmd, f"--file={target}"], pg_environment(using))
    elif connection.vendor == "sqlite":
        _dump_sqlite(connection, target)
    else:
        raise DatabaseToolError(f"backing up a {connection.vendor} database is not supported")


def _dump_sqlite(connection: Any, target: Path) -> None:
    if connection.in_atomic_block:
        # Inside a transaction of Django's connection the backup API would wait for that
        # transaction forever: copy what this connection sees instead.
        target.write_bytes(connection.connection.serialize())
        return
    # A connection of its own reads one consistent snapshot while the server goes on writing.
    name = str(connection.settings_dict["NAME"])
    source = sqlite3.connect(name, uri=name.startswith("file:"))
    try:
        with sqlite3.connect(target) as copy:
            source.backup(copy)
        copy.close()
    finally:
        source.close()


def load(using: str, source: Path) -> None:
    """Replace the (empty) database of ``using`` with the dump in ``source``."""
    connection = connections[using]
    if connection.vendor == "postgresql":
        _drop_empty_tables(using)
        connection.close()
        cmd = [_pg_tool("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error"]
        env = pg_environment(using)
        _run([*cmd, "--single-transaction", f"--dbname={env['PGDATABASE']}", str(source)], env)
    else:
        with sqlite3.connect(source) as copy:
            (result,) = copy.execute("PRAGMA integrity_check").fetchone()
            if result != "ok":
                raise DatabaseToolError(f"the SQLite copy in the archive is damaged: {result}")
        copy.close()
        connection.close()
        name = connection.settings_dict["NAME"]
        with sqlite3.connect(source) as src, sqlite3.connect(name) as dst:
            src.backup(dst)
        src.close()
        dst.close()
    connection.close()


def _drop_empty_tables(using: str) -> None:
    """Remove what ``weerbaar migrate`` created (tables and the audit guards' functions).

    Called only after :func:`tables_with_data` found no data, so the dump's schema then
    replaces the whole schema of the database.
    """
    connection = connections[using]
    tables = connection.introspection.table_names()
    with connection.cursor() as cursor:
        if tables:
            quoted = ", ".join(connection.ops.quote_name(t) for t in tables)
            cursor.execute(f"DROP TABLE IF EXISTS {quoted} CASCADE")
        cursor.execute(
            "SELECT p.oid::regprocedure::text FROM pg_proc p "
            "JOIN pg_namespace n ON n.oid = p.pronamespace "
            "WHERE n.nspname = current_schema() AND NOT EXISTS ("
            "  SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')"
        )
        for (function,) in cursor.fetchall():
            cursor.execute(f"DROP FUNCTION IF EXISTS {function} CASCADE")


def tables_with_data(using: str) -> list[str]:
    """The tables of the alias that hold rows, leaving out what ``migrate`` itself fills."""
    connection = connections[using]
    existing = set(connection.introspection.table_names())
    found = []
    with connection.cursor() as cursor:
        for table in sorted(existing - FILLED_BY_MIGRATE):
            # Table names come from the database's own catalogue, quoted.
            query = f"SELECT 1 FROM {connection.ops.quote_name(table)} LIMIT 1"  # noqa: S608
            cursor.execute(query)
            if cursor.fetchone() is not None:
                found.append(table)
    return found


def applied_migrations(using: str) -> dict[str, list[str]]:
    """Applied migrations per app, as the database records them."""
    recorder = MigrationRecorder(connections[using])
    if not recorder.has_table():
        return {}
    state: dict[str, list[str]] = {}
    for app, name in sorted(recorder.applied_migrations()):
        state.setdefault(app, []).append(name)
    return state


def unknown_migrations(state: dict[str, list[str]], using: str) -> list[str]:
    """Migrations in ``state`` that this code does not have (a backup of a newer version)."""
    loader = MigrationLoader(connections[using], ignore_no_migrations=True, load=True)
    known = set(loader.disk_migrations)
    return [
        f"{app}.{name}"
        for app, names in state.items()
        for name in names
        if (app, name) not in known
    ]


def installed_models_tables() -> list[str]:
    """Every table of an installed model (m2m tables included), for comparisons."""
    return sorted({m._meta.db_table for m in apps.get_models(include_auto_created=True)})


def data_dir() -> Path:
    """The stored files' folder (``STORAGES['default']``'s location)."""
    return Path(settings.STORAGES["default"]["OPTIONS"]["location"])
