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

_REGISTRY: dict[str, Callable[[Any], Any]] = {}


def register_kwarg(name: str, example: Callable[[Any], Any]) -> None:
    _REGISTRY[name] = example


def registered_kwargs() -> dict[str, Callable[[Any], Any]]:
    return dict(_REGISTRY)
