"""Chain the events recorded so far, in the order they were recorded (by id)."""

from django.db import migrations

from weerbaar.audit.hashing import GENESIS, event_hash


def chain_existing(apps, schema_editor):
    AuditEvent = apps.get_model("audit", "AuditEvent")
    ChainHead = apps.get_model("audit", "ChainHead")
    db = schema_editor.connection.alias
    prev_hash = GENESIS
    sequence = 0
    for event in AuditEvent.objects.using(db).order_by("id").iterator(chunk_size=2000):
        sequence += 1
        event.sequence = sequence
        event.actor_ref = event.actor_id
        event.prev_hash = prev_hash
        event.hash = event_hash(event)
        # Only the new columns change: the append-only trigger of 0003 does not guard them.
        AuditEvent.objects.using(db).filter(pk=event.pk).update(
            sequence=event.sequence,
            actor_ref=event.actor_ref,
            prev_hash=event.prev_hash,
            hash=event.hash,
        )
        prev_hash = event.hash
    ChainHead.objects.using(db).create(pk=1, sequence=sequence, hash=prev_hash)


class Migration(migrations.Migration):
    dependencies = [("audit", "0004_hash_chain_fields")]

    operations = [migrations.RunPython(chain_existing, migrations.RunPython.noop)]
