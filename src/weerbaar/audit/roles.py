"""PostgreSQL privileges for the application's runtime role (``weerbaar audit grants ROLE``).

The owner of the tables runs the migrations; the application runs as a role that may read
and write the data but, on the audit log, only append and read: it cannot UPDATE, DELETE,
TRUNCATE, ALTER or disable the triggers (see docs/operations.md, "Database roles").
"""

from __future__ import annotations

import re

_IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def grant_statements(role: str, schema: str = "public") -> list[str]:
    """The statements the owner runs after ``weerbaar migrate`` to set up ``role``."""
    for name in (role, schema):
        if not _IDENTIFIER.match(name):
            raise ValueError(f"not a plain PostgreSQL identifier: {name!r}")
    return [
        f"GRANT USAGE ON SCHEMA {schema} TO {role}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {role}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {role}",
        # The audit log: append and read only. Deleting a user sets actor_id to NULL (the
        # trigger allows nothing else); the head row moves forward in the appending
        # transaction (the trigger allows nothing else).
        f"REVOKE ALL ON audit_auditevent FROM {role}",
        f"GRANT SELECT, INSERT ON audit_auditevent TO {role}",
        f"GRANT UPDATE (actor_id) ON audit_auditevent TO {role}",
        f"REVOKE ALL ON audit_chainhead FROM {role}",
        f"GRANT SELECT, UPDATE ON audit_chainhead TO {role}",
        # Tables and sequences that later migrations create (run as the owner).
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA {schema} "
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {role}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA {schema} GRANT USAGE, SELECT ON SEQUENCES TO {role}",
    ]
