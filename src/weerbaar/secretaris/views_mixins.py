from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseBase
from django.views.generic.base import View

from weerbaar.organisations.views_mixins import OrganisationMixin

from .access import WORKSPACE, can_use_workspace


class _WorkspaceGate(View):
    """Runs after the organisation is resolved: the burgemeester only where allowed."""

    organisation: Any

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not can_use_workspace(request.user, self.organisation):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class WorkspaceMixin(OrganisationMixin, _WorkspaceGate):
    permission = WORKSPACE
