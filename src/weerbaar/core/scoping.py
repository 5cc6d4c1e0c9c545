"""Organisation scoping of models.

Every model that holds an organisation's data declares how to reach its organisation::

    class Scan(models.Model):
        organisation_field = "organisation"

    class ResponseSet(models.Model):
        organisation_field = "survey__scan__organisation"

:func:`scoped` filters any such model to a set of organisations; views use it through
:mod:`weerbaar.organisations.permissions`, and the isolation test uses it to find an object
of one organisation to request as a user of another.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import models


def organisation_field(model: type[models.Model]) -> str | None:
    field: str | None = getattr(model, "organisation_field", None)
    return field


def scoped[M: models.Model](
    queryset: models.QuerySet[M], organisations: Iterable[object]
) -> models.QuerySet[M]:
    """Restrict ``queryset`` to rows that belong to one of ``organisations``."""
    field = organisation_field(queryset.model)
    if field is None:
        raise TypeError(f"{queryset.model.__name__} does not declare organisation_field")
    if field == "self":
        return queryset.filter(pk__in=_pks(organisations))
    return queryset.filter(**{f"{field}__in": organisations})


def organisation_of(instance: models.Model) -> Any:
    """The organisation an instance belongs to (walks ``organisation_field``)."""
    field = organisation_field(type(instance))
    if field is None:
        return None
    if field == "self":
        return instance
    obj = instance
    for part in field.split("__"):
        obj = getattr(obj, part)
        if obj is None:
            return None
    return obj


def _pks(organisations: Iterable[object]) -> Iterable[object]:
    if isinstance(organisations, models.QuerySet):
        return organisations.values("pk")
    return [getattr(o, "pk", o) for o in organisations]
