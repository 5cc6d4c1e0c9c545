"""Keep the organisation of an audit event as a plain reference plus its name.

The organisation id is no longer a database constraint and is never set to NULL: deleting an
organisation leaves its audit trail (and the events recording the cascade delete of its scan
data) as it was. On PostgreSQL the append-only trigger now refuses any change to the
organisation of an event; the only update left is the actor's ON DELETE SET NULL.
"""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery

ONLY_ACTOR_SET_NULL = """
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

ACTOR_OR_ORGANISATION_SET_NULL = """
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
"""


def fill_organisation_names(apps, schema_editor):
    """Existing events get the name of their (still existing) organisation.

    Runs before the trigger is tightened: the old trigger does not guard the new column.
    """
    AuditEvent = apps.get_model("audit", "AuditEvent")
    Organisation = apps.get_model("organisations", "Organisation")
    name = Organisation.objects.filter(pk=OuterRef("organisation_id")).values("name")[:1]
    AuditEvent.objects.filter(organisation_id__isnull=False).update(
        organisation_name=Subquery(name)
    )


def forget_deleted_organisations(apps, schema_editor):
    """Backwards: what ON DELETE SET NULL did before, so the constraint can be restored."""
    AuditEvent = apps.get_model("audit", "AuditEvent")
    Organisation = apps.get_model("organisations", "Organisation")
    AuditEvent.objects.filter(organisation_id__isnull=False).exclude(
        organisation_id__in=Organisation.objects.values("pk")
    ).update(organisation_id=None)


def tighten_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(ONLY_ACTOR_SET_NULL)


def loosen_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(ACTOR_OR_ORGANISATION_SET_NULL)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0002_append_only_trigger"),
        ("organisations", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="auditevent",
            name="organisation_name",
            field=models.CharField(blank=True, max_length=200),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="organisation",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="audit_events",
                to="organisations.organisation",
            ),
        ),
        migrations.RunPython(fill_organisation_names, forget_deleted_organisations),
        migrations.RunPython(tighten_trigger, loosen_trigger),
    ]
