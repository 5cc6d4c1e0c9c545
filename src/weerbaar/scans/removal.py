"""Removing a scan or a survey only while it holds no data.

What an object holds is read from the database relations pointing at it, so every app's data
counts (surveys, responses, registers, verdicts, actions, reports …) without this module
knowing those apps. Rows that only describe the object itself (``ignore``) do not count.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models


@dataclass(frozen=True)
class HeldData:
    """Rows of one kind that refer to the object, e.g. ``("enquêtes", 2)``."""

    label: str
    count: int


def held_data(obj: models.Model, ignore: frozenset[str] = frozenset()) -> list[HeldData]:
    """The rows of other tables that point at ``obj``, per kind (labels: verbose plural).

    ``ignore`` holds model labels (``scans.ScanMember``) whose rows do not count as data.
    """
    found: list[HeldData] = []
    for relation in obj._meta.related_objects:
        model = relation.related_model
        if not isinstance(model, type) or model._meta.label in ignore:
            continue
        if relation.many_to_many or relation.one_to_one:
            accessor = relation.get_accessor_name()
            if accessor is None:
                continue
            if relation.one_to_one:
                count = model._default_manager.filter(**{relation.field.name: obj}).count()
            else:
                count = getattr(obj, accessor).count()
        else:
            count = model._default_manager.filter(**{relation.field.name: obj}).count()
        if count:
            found.append(HeldData(str(model._meta.verbose_name_plural), count))
    return found


def describe(found: list[HeldData]) -> str:
    """``enquêtes: 2, beoordelingen: 5`` for a message."""
    return ", ".join(f"{item.label}: {item.count}" for item in found)
