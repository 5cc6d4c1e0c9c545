"""On PostgreSQL, refuse UPDATE and DELETE on the audit log in the database itself.

The one update allowed is the database's own ON DELETE SET NULL of the actor or the
organisation, so that removing a user or organisation keeps its audit trail.
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION weerbaar_audit_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE'
       AND (NEW.actor_id IS NULL OR NEW.actor_id = OLD.actor_id)
       AND (NEW.organisation_id IS NULL OR NEW.organisation_id = OLD.organisation_id)
       AND (NEW.id, NEW.timestamp, NEW.actor_label, NEW.object_type, NEW.object_id,
            NEW.object_repr, NEW.action, NEW.before::text, NEW.after::text)
           IS NOT DISTINCT FROM
           (OLD.id, OLD.timestamp, OLD.actor_label, OLD.object_type, OLD.object_id,
            OLD.object_repr, OLD.action, OLD.before::text, OLD.after::text)
    THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'audit_auditevent is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_auditevent_append_only
    BEFORE UPDATE OR DELETE ON audit_auditevent
    FOR EACH ROW EXECUTE FUNCTION weerbaar_audit_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS audit_auditevent_append_only ON audit_auditevent;
DROP FUNCTION IF EXISTS weerbaar_audit_append_only();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
