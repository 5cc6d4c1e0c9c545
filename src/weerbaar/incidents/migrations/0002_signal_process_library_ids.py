"""A signal's process becomes a process category id of the library (or "other").

The old fixed list maps one to one onto the library's categories; going back, a category the
old list did not have becomes "other".
"""

from django.db import migrations, models

#: Old value -> library process category id (bundle 2026.2, processes.yaml).
TO_LIBRARY = {
    "permits": "vergunningverlening",
    "subsidies": "subsidies",
    "procurement": "inkoop_aanbesteding",
    "real_estate": "vastgoed",
    "civil_affairs": "burgerzaken",
    "enforcement": "toezicht_handhaving",
    "finance": "financien",
    "other": "other",
}
TO_OLD = {new: old for old, new in TO_LIBRARY.items()}


def _remap(apps, mapping: dict[str, str], default: str | None) -> None:
    Signal = apps.get_model("incidents", "Signal")
    for value in Signal.objects.values_list("process", flat=True).distinct():
        target = mapping.get(value, default if default is not None else value)
        if target != value:
            Signal.objects.filter(process=value).update(process=target)


def to_library(apps, schema_editor) -> None:
    """Old values to library ids; a value the old list did not have stays as it is."""
    _remap(apps, TO_LIBRARY, None)


def to_old(apps, schema_editor) -> None:
    """Library ids back to the old values; any other id becomes "other"."""
    _remap(apps, TO_OLD, "other")


class Migration(migrations.Migration):
    dependencies = [
        ("incidents", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="signal",
            name="process",
            field=models.CharField(max_length=64, verbose_name="proces"),
        ),
        migrations.RunPython(to_library, to_old),
    ]
