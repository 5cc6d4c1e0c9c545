from django.conf import settings
from django.db import migrations, models


def closed_surveys_released_at_their_k(apps, schema_editor):
    """A survey closed before this field existed released its results at its k."""
    Survey = apps.get_model("surveys", "Survey")
    for survey in Survey.objects.filter(status="closed").select_related("scan__organisation"):
        k = survey.k
        if k is None:
            k = max(survey.scan.organisation.min_cell_size or 0, settings.MIN_CELL_SIZE_FLOOR)
        Survey.objects.filter(pk=survey.pk).update(released_k=k)


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0005_responseset_paper_import"),
    ]

    operations = [
        migrations.AddField(
            model_name="survey",
            name="released_k",
            field=models.PositiveSmallIntegerField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(closed_surveys_released_at_their_k, migrations.RunPython.noop),
    ]
