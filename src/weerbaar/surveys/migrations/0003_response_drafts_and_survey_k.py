import uuid

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def move_unsubmitted_to_drafts(apps, schema_editor):
    """Unsubmitted responses become drafts (same answers, page and resume hash); submitted
    responses keep only their final fields. Open surveys get their k fixed now."""
    ResponseSet = apps.get_model("surveys", "ResponseSet")
    ResponseDraft = apps.get_model("surveys", "ResponseDraft")
    drafts = []
    for r in ResponseSet.objects.filter(submitted=False).exclude(resume_hash=None).iterator():
        drafts.append(
            ResponseDraft(
                survey_id=r.survey_id,
                resume_hash=r.resume_hash,
                answers=r.answers,
                department_id=r.department_id,
                last_page=r.last_page,
            )
        )
    ResponseDraft.objects.bulk_create(drafts)
    ResponseSet.objects.filter(submitted=False).delete()
    Survey = apps.get_model("surveys", "Survey")
    for survey in Survey.objects.exclude(status="draft").select_related("scan__organisation"):
        organisation = survey.scan.organisation
        survey.k = max(organisation.min_cell_size or 0, settings.MIN_CELL_SIZE_FLOOR)
        survey.save(update_fields=["k"])


class Migration(migrations.Migration):
    dependencies = [
        ("organisations", "0001_initial"),
        ("surveys", "0002_lock_version"),
    ]

    operations = [
        migrations.AddField(
            model_name="survey",
            name="k",
            field=models.PositiveSmallIntegerField(
                blank=True,
                help_text="Vastgelegd bij het openen van de enquête; kan daarna alleen omhoog.",
                null=True,
                verbose_name="minimale celgrootte (k)",
            ),
        ),
        migrations.CreateModel(
            name="ResponseDraft",
            fields=[
                (
                    "id",
                    models.UUIDField(
                        default=uuid.uuid4, editable=False, primary_key=True, serialize=False
                    ),
                ),
                ("resume_hash", models.CharField(max_length=64, unique=True)),
                ("answers", models.JSONField(default=dict)),
                ("last_page", models.PositiveSmallIntegerField(default=0)),
                ("ready", models.BooleanField(default=False)),
                (
                    "department",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="organisations.department",
                    ),
                ),
                (
                    "survey",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="drafts",
                        to="surveys.survey",
                    ),
                ),
            ],
            options={
                "verbose_name": "antwoorden in bewerking",
                "verbose_name_plural": "antwoorden in bewerking",
            },
        ),
        migrations.RunPython(move_unsubmitted_to_drafts, migrations.RunPython.noop),
        migrations.RemoveField(model_name="responseset", name="resume_hash"),
        migrations.RemoveField(model_name="responseset", name="last_page"),
        migrations.AlterField(
            model_name="responseset",
            name="submitted",
            field=models.BooleanField(default=True),
        ),
    ]
