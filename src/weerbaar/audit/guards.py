"""Database triggers that keep the audit log append-only, on PostgreSQL and SQLite.

* ``audit_auditevent``: UPDATE and DELETE are refused (PostgreSQL: TRUNCATE too); the one
  update allowed is setting ``actor_id`` to NULL when the user is deleted (the hash covers
  ``actor_ref``, the id as it was).
* ``audit_chainhead``: the head only moves forward, one event at a time, onto an existing
  event; DELETE (and TRUNCATE) are refused.

The statements are versioned: a migration installs a named version, so that a later change
here needs a new version and a new migration. :func:`lift` and :func:`restore` exist for
``weerbaar flush`` only (test runs and throwaway databases): on PostgreSQL only the owner of
the tables can lift the guards.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db.backends.base.base import BaseDatabaseWrapper

_GUARDED_COLUMNS = (
    "id",
    "sequence",
    "timestamp",
    "actor_ref",
    "actor_label",
    "organisation_id",
    "organisation_name",
    "object_type",
    "object_id",
    "object_repr",
    "action",
    "before",
    "after",
    "prev_hash",
    "hash",
)


def _pg_row(prefix: str) -> str:
    return ", ".join(
        f"{prefix}.{c}::text" if c in ("before", "after") else f"{prefix}.{c}"
        for c in _GUARDED_COLUMNS
    )


POSTGRESQL_V1 = [
    f"""
CREATE OR REPLACE FUNCTION weerbaar_audit_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE'
       AND (NEW.actor_id IS NULL OR NEW.actor_id = OLD.actor_id)
       AND ({_pg_row("NEW")}) IS NOT DISTINCT FROM ({_pg_row("OLD")})
    THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'audit_auditevent is append-only';
END;
$$ LANGUAGE plpgsql;
""",
    """
CREATE OR REPLACE FUNCTION weerbaar_audit_refuse() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION USING MESSAGE = TG_TABLE_NAME || ' is append-only: ' || TG_OP || ' refused';
END;
$$ LANGUAGE plpgsql;
""",
    """
CREATE OR REPLACE FUNCTION weerbaar_audit_head_forward() RETURNS trigger AS $$
BEGIN
    IF NEW.id = OLD.id AND NEW.sequence = OLD.sequence + 1
       AND NEW.hash = (SELECT e.hash FROM audit_auditevent e WHERE e.sequence = NEW.sequence)
    THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'audit_chainhead only moves forward, onto the next event';
END;
$$ LANGUAGE plpgsql;
""",
    "CREATE TRIGGER audit_auditevent_no_truncate BEFORE TRUNCATE ON audit_auditevent "
    "FOR EACH STATEMENT EXECUTE FUNCTION weerbaar_audit_refuse()",
    "CREATE TRIGGER audit_chainhead_forward BEFORE UPDATE ON audit_chainhead "
    "FOR EACH ROW EXECUTE FUNCTION weerbaar_audit_head_forward()",
    "CREATE TRIGGER audit_chainhead_no_delete BEFORE DELETE ON audit_chainhead "
    "FOR EACH ROW EXECUTE FUNCTION weerbaar_audit_refuse()",
    "CREATE TRIGGER audit_chainhead_no_truncate BEFORE TRUNCATE ON audit_chainhead "
    "FOR EACH STATEMENT EXECUTE FUNCTION weerbaar_audit_refuse()",
]
# The UPDATE/DELETE trigger on audit_auditevent itself is from migration 0002.
POSTGRESQL_TRIGGERS = {
    "audit_auditevent": [
        "audit_auditevent_append_only",
        "audit_auditevent_no_truncate",
    ],
    "audit_chainhead": [
        "audit_chainhead_forward",
        "audit_chainhead_no_delete",
        "audit_chainhead_no_truncate",
    ],
}

_SQLITE_UNCHANGED = " AND ".join(f"NEW.{c} IS OLD.{c}" for c in _GUARDED_COLUMNS)
_SQLITE_RAISE = "BEGIN SELECT RAISE(ABORT, '{message}'); END"

SQLITE_V1 = [
    "CREATE TRIGGER audit_auditevent_no_update BEFORE UPDATE ON audit_auditevent "
    f"WHEN NOT ((NEW.actor_id IS NULL OR NEW.actor_id IS OLD.actor_id) AND {_SQLITE_UNCHANGED}) "
    + _SQLITE_RAISE.format(message="audit_auditevent is append-only"),
    "CREATE TRIGGER audit_auditevent_no_delete BEFORE DELETE ON audit_auditevent "
    + _SQLITE_RAISE.format(message="audit_auditevent is append-only"),
    "CREATE TRIGGER audit_chainhead_forward BEFORE UPDATE ON audit_chainhead "  # noqa: S608
    "WHEN NOT (NEW.id IS OLD.id AND NEW.sequence IS OLD.sequence + 1 AND NEW.hash IS "
    "(SELECT e.hash FROM audit_auditevent e WHERE e.sequence = NEW.sequence)) "
    + _SQLITE_RAISE.format(message="audit_chainhead only moves forward, onto the next event"),
    "CREATE TRIGGER audit_chainhead_no_delete BEFORE DELETE ON audit_chainhead "
    + _SQLITE_RAISE.format(message="audit_chainhead is append-only"),
]
SQLITE_TRIGGERS = {
    "audit_auditevent": ["audit_auditevent_no_delete", "audit_auditevent_no_update"],
    "audit_chainhead": ["audit_chainhead_forward", "audit_chainhead_no_delete"],
}
SQLITE_DROP_V1 = [
    f"DROP TRIGGER IF EXISTS {name}" for names in SQLITE_TRIGGERS.values() for name in names
]
POSTGRESQL_DROP_V1 = [
    "DROP TRIGGER IF EXISTS audit_auditevent_no_truncate ON audit_auditevent",
    "DROP TRIGGER IF EXISTS audit_chainhead_forward ON audit_chainhead",
    "DROP TRIGGER IF EXISTS audit_chainhead_no_delete ON audit_chainhead",
    "DROP TRIGGER IF EXISTS audit_chainhead_no_truncate ON audit_chainhead",
    "DROP FUNCTION IF EXISTS weerbaar_audit_head_forward()",
    "DROP FUNCTION IF EXISTS weerbaar_audit_refuse()",
]


def missing_guards(connection: BaseDatabaseWrapper) -> list[str]:
    """Names of the guard triggers that are absent or disabled ("table.trigger")."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            expected = POSTGRESQL_TRIGGERS
            cursor.execute(
                "SELECT c.relname, t.tgname FROM pg_trigger t "
                "JOIN pg_class c ON c.oid = t.tgrelid "
                "WHERE c.relname IN ('audit_auditevent', 'audit_chainhead') "
                "AND NOT t.tgisinternal AND t.tgenabled <> 'D' "
                "AND c.relnamespace = to_regnamespace(current_schema())"
            )
        elif connection.vendor == "sqlite":
            expected = SQLITE_TRIGGERS
            cursor.execute(
                "SELECT tbl_name, name FROM sqlite_master WHERE type = 'trigger' "
                "AND tbl_name IN ('audit_auditevent', 'audit_chainhead')"
            )
        else:
            return []
        present = {f"{table}.{name}" for table, name in cursor.fetchall()}
    wanted = [f"{table}.{name}" for table, names in expected.items() for name in names]
    return [name for name in wanted if name not in present]


@contextmanager
def lifted(connection: BaseDatabaseWrapper) -> Iterator[None]:
    """The guards off for the block, then on again (for emptying a throwaway database)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for table in POSTGRESQL_TRIGGERS:
                cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
        elif connection.vendor == "sqlite":
            for statement in SQLITE_DROP_V1:
                cursor.execute(statement)
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                for table in POSTGRESQL_TRIGGERS:
                    cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")
            elif connection.vendor == "sqlite":
                for statement in SQLITE_V1:
                    cursor.execute(statement)
