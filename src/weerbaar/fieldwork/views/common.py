"""Mixins shared by the field work's views."""

from __future__ import annotations

from typing import Any

from django.db import models

from weerbaar.core.locking import ConflictResponseMixin
from weerbaar.organisations.views_mixins import ScopedObjectMixin
from weerbaar.scans.models import Scan
from weerbaar.scans.views import ScanMixin


class ScanObjectMixin(ScopedObjectMixin):
    """One object of a scan, resolved by its id; the scan comes with it."""

    def get_scoped_queryset(self):
        return (
            super()
            .get_scoped_queryset()
            .select_related("scan__library_version", "scan__organisation")
        )

    def get_scan(self) -> Scan:
        return self.get_scoped_object().scan

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["scan"] = self.get_scan()
        return ctx


class NewScanObjectFormMixin(ConflictResponseMixin, ScanMixin):
    """A form for a new ``new_model`` object of the URL's scan."""

    permission: str | None = "scan.manage"
    new_model: type[models.Model]

    def get_form_kwargs(self) -> dict[str, Any]:
        scan = self.get_scan()
        return {
            **super().get_form_kwargs(),  # type: ignore[misc]
            "scan": scan,
            "instance": self.new_model(scan=scan),
        }


class ScanObjectFormMixin(ConflictResponseMixin, ScanObjectMixin):
    """A form for the URL's object of a scan; the page shows it as ``context_object_name``."""

    permission: str | None = "scan.manage"
    context_object_name: str

    def get_form_kwargs(self) -> dict[str, Any]:
        return {
            **super().get_form_kwargs(),  # type: ignore[misc]
            "scan": self.get_scan(),
            "instance": self.get_scoped_object(),
        }

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx[self.context_object_name] = self.get_scoped_object()
        return ctx
