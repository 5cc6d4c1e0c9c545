"""Optimistic locking: a save based on an outdated version never silently overwrites a newer one.

The one mechanism for every edit form of stored objects:

* :class:`VersionedModel` — abstract model with ``lock_version``, a counter raised by every
  save of an existing row (in the database: ``lock_version + 1``), so any change, by any code
  path, makes older edit forms stale. A new row starts at 1; 0 is "not stored yet".
* :func:`claim_version` — inside a transaction, raise the version from ``expected_version``
  with one conditional ``UPDATE … WHERE pk = … AND lock_version = …``; when no row matches,
  someone else saved first and :class:`ConflictError` is raised. The row stays locked until
  the transaction ends, so of two concurrent saves based on the same version exactly one wins.
* :func:`save_with_lock` — claim and save in one transaction; :func:`bump_version` — raise the
  version when a change to related rows (not the object itself) alters what its form shows.
* :class:`VersionedFormMixin` — a hidden ``lock_version`` field and, after a conflict,
  :meth:`~VersionedFormMixin.show_conflict`: the stored and the submitted value per field,
  and the form rebased on the stored version, so saving again is a deliberate overwrite.
* :class:`ConflictResponseMixin` — for ``FormView``: the edit page again with the conflict
  (status 409), everything the user typed still in the form.

The conflict is shown by ``includes/form_errors.html`` (``includes/conflict.html``).
"""

from __future__ import annotations

import copy
import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.db import models, transaction
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

VERSION_FIELD = "lock_version"
VERSION_INVALID = gettext_lazy(
    "De versie van dit formulier is ongeldig. Laad de pagina opnieuw; uw invoer staat hieronder."
)


class VersionedModel(models.Model):
    """A model whose edits are checked against the version the editor started from."""

    lock_version = models.PositiveIntegerField(_("versie"), default=0, editable=False)

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self._state.adding:
            # Version 0 is an object not stored yet (a form of defaults): a stored one is >= 1,
            # so a form opened before the object was first saved is outdated too.
            self.lock_version = max(self.lock_version or 0, 1)
            super().save(*args, **kwargs)
            return
        if self.__dict__.pop("_lock_claimed", False):
            # claim_version already raised the stored version to this instance's one.
            super().save(*args, **kwargs)
            return
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, VERSION_FIELD}
        self.lock_version = F(VERSION_FIELD) + 1
        super().save(*args, **kwargs)
        self.refresh_from_db(fields=[VERSION_FIELD])


class ConflictError(Exception):
    """Someone else saved the object after ``submitted_version`` was read; nothing was saved.

    ``stored`` is the object as it is stored now (at ``stored_version``).
    """

    def __init__(self, stored: models.Model, *, submitted_version: int) -> None:
        self.stored = stored
        self.submitted_version = submitted_version
        self.stored_version: int = getattr(stored, VERSION_FIELD)
        super().__init__(
            f"{stored._meta.label} {stored.pk}: version {submitted_version} is outdated "
            f"(stored: {self.stored_version})"
        )


def _require_transaction(instance: models.Model) -> str:
    using = instance._state.db or "default"
    if not transaction.get_connection(using).in_atomic_block:
        raise transaction.TransactionManagementError(
            "claim_version() must run inside transaction.atomic() together with the save."
        )
    return using


def claim_version(instance: VersionedModel, expected_version: int | None) -> None:
    """Raise the stored version of ``instance`` from ``expected_version``, or raise a conflict.

    Call inside ``transaction.atomic()`` before saving ``instance`` (or its related rows); the
    next ``instance.save()`` then keeps the claimed version. ``None`` (a new object, or a
    caller without a form) claims nothing: the save raises the version as usual.
    """
    if expected_version is None or instance.pk is None:
        return
    using = _require_transaction(instance)
    manager = type(instance)._base_manager.using(using)
    claimed = manager.filter(pk=instance.pk, lock_version=expected_version).update(
        lock_version=expected_version + 1
    )
    if not claimed:
        raise ConflictError(manager.get(pk=instance.pk), submitted_version=expected_version)
    instance.lock_version = expected_version + 1
    instance.__dict__["_lock_claimed"] = True


def save_with_lock[M: models.Model](
    instance: M, expected_version: int | None, **save_kwargs: Any
) -> M:
    """Save ``instance`` if it is still at ``expected_version`` (else :class:`ConflictError`)."""
    with transaction.atomic(using=instance._state.db):
        claim_version(instance, expected_version)  # type: ignore[arg-type]
        instance.save(**save_kwargs)
    return instance


def save_model_form(form: Any) -> models.Model:
    """``form.save()`` of a model form with :class:`VersionedFormMixin`, checked against the
    version it was loaded with (:class:`ConflictError` when someone else saved first)."""
    with transaction.atomic():
        claim_version(form.instance, form.expected_version)
        return form.save()


def bump_version(instance: VersionedModel) -> None:
    """Raise the stored version without a check (a change to rows the object's form shows)."""
    if instance.pk is None:
        return
    manager = type(instance)._base_manager.using(instance._state.db)
    manager.filter(pk=instance.pk).update(lock_version=F(VERSION_FIELD) + 1)
    instance.refresh_from_db(fields=[VERSION_FIELD])


def posted_version(data: Mapping[str, Any]) -> int | None:
    """The ``lock_version`` posted without a form (``None``: absent or not a number)."""
    raw = str(data.get(VERSION_FIELD, "")).strip()
    return int(raw) if raw.isdigit() else None


# ----------------------------------------------------------------------------- forms


@dataclass(frozen=True)
class FieldDifference:
    """One field of the form: its stored and its submitted value, as shown to the user."""

    label: str
    stored: str
    submitted: str

    @property
    def differs(self) -> bool:
        return self.stored != self.submitted


@dataclass
class Conflict:
    """What the conflict box shows: the differing fields and both version numbers."""

    stored: models.Model
    stored_version: int
    submitted_version: int
    rows: list[FieldDifference] = field(default_factory=list)

    @property
    def differences(self) -> list[FieldDifference]:
        return [r for r in self.rows if r.differs]


def _choice_labels(form_field: forms.Field) -> dict[str, str]:
    choices = getattr(form_field, "choices", None) or getattr(form_field.widget, "choices", None)
    labels: dict[str, str] = {}
    for value, label in choices or ():
        if isinstance(label, (list, tuple)):  # an optgroup
            labels.update({str(v): str(lbl) for v, lbl in label})
        else:
            labels[str(getattr(value, "value", value))] = str(label)
    return labels


def display_value(form_field: forms.Field, value: Any) -> str:
    """A field value as text for the conflict box (choices by label, dates localised)."""
    if value is None or value == "" or value == [] or value == ():
        return ""
    if isinstance(value, bool) or isinstance(form_field, forms.BooleanField):
        return _("Ja") if value else _("Nee")
    labels = _choice_labels(form_field)
    if isinstance(value, (list, tuple, set, models.QuerySet)):
        items = [labels.get(str(getattr(v, "pk", v)), str(v)) for v in value]
        return "\n".join(items)
    if labels:
        return labels.get(str(getattr(value, "pk", value)), str(value))
    if isinstance(value, datetime.datetime):
        return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return formats.date_format(value, "DATE_FORMAT")
    if isinstance(value, (int, float)):
        return formats.localize(value)
    return str(value).replace("\r\n", "\n").strip()


class VersionedFormMixin(forms.BaseForm):
    """Adds the hidden version field; mix in before ``forms.Form``/``forms.ModelForm``.

    The version is the ``lock_version`` in ``initial`` or, for a model form, the instance's.
    A submission without it is not checked (:attr:`expected_version` is ``None``).
    """

    conflict: Conflict | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        version = self.initial.get(VERSION_FIELD, getattr(instance, VERSION_FIELD, 0))
        self.fields[VERSION_FIELD] = forms.IntegerField(
            widget=forms.HiddenInput,
            min_value=0,
            required=False,
            initial=version,
            error_messages={"invalid": VERSION_INVALID, "min_value": VERSION_INVALID},
        )

    @property
    def expected_version(self) -> int | None:
        """The version the user started from (``None``: not submitted, nothing to check)."""
        return getattr(self, "cleaned_data", {}).get(VERSION_FIELD)

    def rebase(self, version: int) -> None:
        """Let the bound form carry ``version``: shown again, it saves on top of that one."""
        data: Any = copy.copy(self.data)  # a QueryDict's copy is mutable
        data[self.add_prefix(VERSION_FIELD)] = str(version)
        self.data = data

    def show_conflict(self, error: ConflictError, stored_form: forms.BaseForm) -> Conflict:
        """Compare the submission with ``stored_form`` (this form unbound, for the stored
        object) and rebase on the stored version: submitting again overwrites deliberately."""
        cleaned = getattr(self, "cleaned_data", {})
        rows = []
        for name, form_field in self.fields.items():
            if (
                name == VERSION_FIELD
                or form_field.widget.is_hidden
                or name not in stored_form.fields
            ):
                continue
            submitted = cleaned[name] if name in cleaned else self[name].value()
            rows.append(
                FieldDifference(
                    label=str(form_field.label or name),
                    stored=display_value(form_field, stored_form[name].initial),
                    submitted=display_value(form_field, submitted),
                )
            )
        self.rebase(error.stored_version)
        self.conflict = Conflict(
            stored=error.stored,
            stored_version=error.stored_version,
            submitted_version=error.submitted_version,
            rows=rows,
        )
        return self.conflict


def conflict_page(
    request: HttpRequest,
    error: ConflictError,
    rows: Iterable[tuple[str, str, str]],
    *,
    resubmit: Mapping[str, str],
    reload_url: str,
) -> HttpResponse:
    """The conflict page for a change posted without an edit form (e.g. a status button):
    both versions, a link to the stored one, and the same change again based on the stored
    version (``resubmit``: the posted fields; the version is added)."""
    conflict = Conflict(
        stored=error.stored,
        stored_version=error.stored_version,
        submitted_version=error.submitted_version,
        rows=[FieldDifference(label=str(a), stored=b, submitted=c) for a, b, c in rows],
    )
    fields = [*resubmit.items(), (VERSION_FIELD, str(error.stored_version))]
    context = {
        "conflict": conflict,
        "resubmit_fields": fields,
        "resubmit_url": request.path,
        "reload_url": reload_url,
    }
    return TemplateResponse(request, "core/conflict.html", context, status=409)


class ConflictResponseMixin:
    """For a ``FormView`` whose form has :class:`VersionedFormMixin`: the conflict page."""

    conflict_status = 409

    def initial_for(self, stored: Any) -> Mapping[str, Any]:
        """The form's initial values for ``stored``; views filling ``initial`` override."""
        return {}

    def stored_form(self, stored: models.Model) -> forms.BaseForm:
        kwargs = dict(self.get_form_kwargs())  # type: ignore[attr-defined]
        kwargs.pop("data", None)
        kwargs.pop("files", None)
        if "instance" in kwargs:
            kwargs["instance"] = stored
        kwargs["initial"] = dict(self.initial_for(stored))
        return self.get_form_class()(**kwargs)  # type: ignore[attr-defined]

    def conflict_response(self, form: VersionedFormMixin, error: ConflictError) -> HttpResponse:
        form.show_conflict(error, self.stored_form(error.stored))
        context = self.get_context_data(form=form)  # type: ignore[attr-defined]
        return self.render_to_response(context, status=self.conflict_status)  # type: ignore[attr-defined]
