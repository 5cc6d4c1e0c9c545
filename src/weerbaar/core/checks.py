"""System checks for the contracts the platform relies on (run by ``weerbaar check``).

* every audited model says which organisation its rows belong to (``organisation_field``),
  or is explicitly platform-level (``platform_level = True``): the audit log and the
  isolation of organisations depend on it;
* every ``permission`` a view class asks for is a registered permission (a typo would
  otherwise only show as a ``KeyError`` when the page is requested);
* every URL kwarg of a scoped or global page can be filled by the isolation test: ``org``,
  ``<model>_id`` of an organisation-scoped model, or a registered example value.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.apps import apps
from django.core import checks
from django.core.exceptions import FieldDoesNotExist
from django.db import models

from .public import is_public
from .scoping import organisation_field
from .urlkwargs import can_fill
from .urlwalk import Url, kwarg_names, walk

ORGANISATION_MODEL = "organisations.Organisation"


def _reaches_organisation(model: type[models.Model], path: str) -> bool:
    """Whether the lookup ``path`` (``scan__organisation``) leads to an organisation."""
    if path == "self":
        return model._meta.label == ORGANISATION_MODEL
    current = model
    for part in path.split("__"):
        try:
            field = current._meta.get_field(part)
        except FieldDoesNotExist:
            return False
        if not field.is_relation or field.related_model is None:
            return False
        current = field.related_model
    return current._meta.label == ORGANISATION_MODEL


def audited_model_errors(model_list: Iterable[type[models.Model]]) -> list[checks.CheckMessage]:
    errors: list[checks.CheckMessage] = []
    for model in model_list:
        field = organisation_field(model)
        if getattr(model, "audited", False) and not field:
            if not getattr(model, "platform_level", False):
                errors.append(
                    checks.Error(
                        f"{model._meta.label} is audited but declares no organisation_field.",
                        hint="Set organisation_field (e.g. 'scan__organisation'), or "
                        "platform_level = True for data that belongs to no organisation.",
                        obj=model,
                        id="weerbaar.E001",
                    )
                )
        elif field and not _reaches_organisation(model, field):
            errors.append(
                checks.Error(
                    f"{model._meta.label}.organisation_field {field!r} does not lead to an "
                    "organisation.",
                    obj=model,
                    id="weerbaar.E002",
                )
            )
    return errors


def permission_errors(urls: Iterable[Url]) -> list[checks.CheckMessage]:
    from weerbaar.organisations.permissions import PERMISSIONS

    errors: list[checks.CheckMessage] = []
    seen: set[type] = set()
    for url in urls:
        view_class = getattr(url.callback, "view_class", None)
        if view_class is None or view_class in seen:
            continue
        seen.add(view_class)
        permission = getattr(view_class, "permission", None)
        if isinstance(permission, str) and permission and permission not in PERMISSIONS:
            errors.append(
                checks.Error(
                    f"{view_class.__module__}.{view_class.__qualname__} asks for the "
                    f"permission {permission!r}, which is not registered.",
                    hint="Register it with weerbaar.organisations.permissions."
                    "register_permission, or correct the name.",
                    obj=view_class,
                    id="weerbaar.E003",
                )
            )
    return errors


def url_kwarg_errors(urls: Iterable[Url]) -> list[checks.CheckMessage]:
    errors: list[checks.CheckMessage] = []
    for url in urls:
        if url.name is None or is_public(url.callback):
            continue
        for name in kwarg_names(url.pattern):
            if not can_fill(name):
                errors.append(
                    checks.Error(
                        f"URL {url.name!r} ({url.pattern}): the isolation test cannot fill "
                        f"the kwarg {name!r}.",
                        hint="Name it <model>_id of an organisation-scoped model, or register "
                        "an example value with weerbaar.core.urlkwargs.register_kwarg.",
                        id="weerbaar.E004",
                    )
                )
    return errors


def check_audited_models(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    configs = app_configs or apps.get_app_configs()
    return audited_model_errors(m for config in configs for m in config.get_models())


def check_view_permissions(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    return permission_errors(walk())


def check_url_kwargs(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    return url_kwarg_errors(walk())


def register() -> None:
    checks.register(check_audited_models, checks.Tags.models)
    checks.register(check_view_permissions, checks.Tags.urls)
    checks.register(check_url_kwargs, checks.Tags.urls)
