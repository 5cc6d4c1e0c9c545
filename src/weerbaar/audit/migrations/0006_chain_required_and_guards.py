"""Every event is chained; triggers guard the log on PostgreSQL and (now also) SQLite.

PostgreSQL: the append-only trigger now guards the chain columns too, TRUNCATE is refused,
and the chain head only moves forward. SQLite: triggers refuse UPDATE (except the actor's
SET NULL on user delete) and DELETE, and guard the head in the same way.
"""

from django.db import migrations, models

from weerbaar.audit.guards import (
    POSTGRESQL_DROP_V1,
    POSTGRESQL_V1,
    SQLITE_DROP_V1,
    SQLITE_V1,
)

# The function body of 0003, restored when going back.
ONLY_ACTOR_SET_NULL_0003 = """
CREATE OR REPLACE FUNCTION weerbaar_audit_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE'
       AND (NEW.actor_id IS NULL OR NEW.actor_id = OLD.actor_id)
       AND (NEW.id, NEW.timestamp, NEW.actor_label, NEW.organisation_id, NEW.organisation_name,
            NEW.object_type, NEW.object_id, NEW.object_repr, NEW.action, NEW.before::text,
            NEW.after::text)
           IS NOT DISTINCT FROM
           (OLD.id, OLD.timestamp, OLD.actor_label, OLD.organisation_id, OLD.organisation_name,
            OLD.object_type, OLD.object_id, OLD.object_repr, OLD.action, OLD.before::text,
            OLD.after::text)
    THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'audit_auditevent is append-only';
END;
$$ LANGUAGE plpgsql;
"""


def install_guards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = {"postgresql": POSTGRESQL_V1, "sqlite": SQLITE_V1}.get(vendor, [])
    for statement in statements:
        schema_editor.execute(statement)


def remove_guards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        for statement in POSTGRESQL_DROP_V1:
            schema_editor.execute(statement)
        schema_editor.execute(ONLY_ACTOR_SET_NULL_0003)
    elif vendor == "sqlite":
        for statement in SQLITE_DROP_V1:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("audit", "0005_hash_existing_events")]

    operations = [
        migrations.AlterField(
            model_name="auditevent",
            name="sequence",
            field=models.PositiveBigIntegerField(editable=False, unique=True),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="hash",
            field=models.CharField(editable=False, max_length=64, unique=True),
        ),
        migrations.AlterModelOptions(
            name="auditevent",
            options={
                "ordering": ["-sequence"],
                "verbose_name": "auditregel",
                "verbose_name_plural": "auditlog",
            },
        ),
        migrations.RunPython(install_guards, remove_guards),
    ]
