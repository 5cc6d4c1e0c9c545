from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("scans", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="scan",
            name="lock_version",
            field=models.PositiveIntegerField(default=0, editable=False, verbose_name="versie"),
        ),
    ]
