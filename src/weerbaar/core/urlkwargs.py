"""How to fill URL keyword arguments with example values, for tests that walk every URL.

A kwarg named ``org`` is an organisation slug; a kwarg ``<model>_id`` is the primary key of
an instance of the model whose ``model_name`` is ``<model>`` and that declares
``organisation_field`` (see :mod:`weerbaar.core.scoping`). Other kwargs are registered by
the app that defines them::

    register_kwarg("format", lambda organisation: "pdf")
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.apps import apps
from django.db import models

from .registry import Registry
from .scoping import organisation_field

URL_KWARG_EXAMPLES: Registry[Callable[[Any], Any]] = Registry("URL kwarg examples")


def register_kwarg(name: str, example: Callable[[Any], Any]) -> None:
    """``example(organisation)`` gives a value of the URL kwarg ``name`` for that organisation."""
    URL_KWARG_EXAMPLES.register(name, example)


def registered_kwargs() -> dict[str, Callable[[Any], Any]]:
    return dict(URL_KWARG_EXAMPLES.items())


def scoped_model_for_kwarg(name: str) -> type[models.Model] | None:
    """The organisation-scoped model whose primary key a ``<model>_id`` kwarg holds."""
    if not name.endswith("_id"):
        return None
    model_name = name.removesuffix("_id")
    for model in apps.get_models():
        if model._meta.model_name == model_name and organisation_field(model):
            return model
    return None


def can_fill(name: str) -> bool:
    """Whether a test that walks every URL can give the kwarg ``name`` an example value."""
    return name == "org" or name in URL_KWARG_EXAMPLES or scoped_model_for_kwarg(name) is not None
