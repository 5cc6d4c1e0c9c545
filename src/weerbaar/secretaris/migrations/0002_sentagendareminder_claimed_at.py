import django.utils.timezone
from django.db import migrations, models


def claimed_when_sent(apps, schema_editor):
    """Reminders sent before claims had a time were claimed when they were sent."""
    SentAgendaReminder = apps.get_model("secretaris", "SentAgendaReminder")
    SentAgendaReminder.objects.filter(sent_at__isnull=False).update(claimed_at=models.F("sent_at"))


class Migration(migrations.Migration):
    dependencies = [
        ("secretaris", "0001_workspace"),
    ]

    operations = [
        migrations.AddField(
            model_name="sentagendareminder",
            name="claimed_at",
            field=models.DateTimeField(default=django.utils.timezone.now),
            preserve_default=False,
        ),
        migrations.RunPython(claimed_when_sent, migrations.RunPython.noop),
    ]
