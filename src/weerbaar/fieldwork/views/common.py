"""Mixins shared by the field work's views."""

from __future__ import annotations

from typing import Any

from weerbaar.organisations.views_mixins import ScopedObjectMixin
from weerbaar.scans.models import Scan


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
