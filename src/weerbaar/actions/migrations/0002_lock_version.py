from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("actions", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="action",
            name="lock_version",
            field=models.PositiveIntegerField(default=0, editable=False, verbose_name="versie"),
        ),
        migrations.AddField(
            model_name="followupsettings",
            name="lock_version",
            field=models.PositiveIntegerField(default=0, editable=False, verbose_name="versie"),
        ),
    ]
