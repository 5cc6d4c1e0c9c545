"""A second, empty database on the same server as the test database: the restore target."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.db import connections

ALIAS = "restored"


@dataclass
class Target:
    alias: str
    data: Path


def _create_pg_database(name: str) -> None:
    import psycopg

    conf = connections["default"].settings_dict
    with psycopg.connect(
        dbname="postgres",
        host=conf["HOST"] or None,
        port=conf["PORT"] or None,
        user=conf["USER"] or None,
        password=conf["PASSWORD"] or None,
        autocommit=True,
    ) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')


def _drop_pg_database(name: str) -> None:
    import psycopg

    conf = connections["default"].settings_dict
    with psycopg.connect(
        dbname="postgres",
        host=conf["HOST"] or None,
        port=conf["PORT"] or None,
        user=conf["USER"] or None,
        password=conf["PASSWORD"] or None,
        autocommit=True,
    ) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _allow_in_this_test(connection) -> None:
    """Let the test use the alias it added after the test case's database list was fixed.

    Django's test case refuses to connect to an alias it was not told about; this alias is
    created by the fixture, so its connection connects the plain way.
    """

    def ensure_connection() -> None:
        if connection.connection is None:
            with connection.wrap_database_errors:
                connection.connect()

    connection.ensure_connection = ensure_connection


@pytest.fixture
def restore_target(db, tmp_path) -> Iterator[Target]:
    """An empty database (alias ``restored``) and an empty data folder."""
    conf = dict(connections["default"].settings_dict)
    vendor = connections["default"].vendor
    if vendor == "postgresql":
        name = f"weerbaar_restore_{uuid.uuid4().hex[:10]}"
        _create_pg_database(name)
        conf["NAME"] = name
    else:
        conf["NAME"] = str(tmp_path / "restored.sqlite3")
    connections.settings[ALIAS] = conf
    _allow_in_this_test(connections[ALIAS])
    try:
        yield Target(ALIAS, tmp_path / "restored-data")
    finally:
        connections[ALIAS].close()
        del connections[ALIAS]
        del connections.settings[ALIAS]
        if vendor == "postgresql":
            _drop_pg_database(conf["NAME"])
