"""View mixins that resolve the organisation (and scan) in the URL and enforce scoping."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404, HttpRequest, HttpResponseBase
from django.shortcuts import get_object_or_404
from django.views.generic.base import ContextMixin, View

from weerbaar.core.scoping import scoped

from .models import Organisation
from .permissions import has_permission, roles_for, visible_organisations


class OrganisationMixin(LoginRequiredMixin, ContextMixin, View):
    """Resolves ``<slug:org>`` among the organisations the user may see (404 otherwise).

    ``permission`` names the capability the view needs (403 when the user lacks it).
    """

    permission: str | None = "organisation.view"
    raise_exception = False
    organisation: Organisation
    roles: set[str]

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.organisation = get_object_or_404(
            visible_organisations(request.user), slug=kwargs.get("org")
        )
        self.roles = roles_for(request.user, self.organisation)
        if self.permission and not has_permission(request.user, self.organisation, self.permission):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def can(self, permission: str) -> bool:
        return has_permission(self.request.user, self.organisation, permission)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["organisation"] = self.organisation
        ctx["roles"] = self.roles
        return ctx


def get_scoped_object_or_404[M: models.Model](
    queryset: models.QuerySet[M], organisation: Organisation, **lookup: Any
) -> M:
    """Fetch an object that belongs to ``organisation`` or raise 404."""
    obj = scoped(queryset, [organisation]).filter(**lookup).first()
    if obj is None:
        raise Http404
    return obj


class ScopedObjectMixin[M: models.Model](OrganisationMixin):
    """Resolves one object of the URL's organisation by its primary key (404 otherwise).

    Set ``scoped_model`` and ``scoped_url_kwarg`` (e.g. ``Action`` and ``"action_id"``);
    override :meth:`get_scoped_queryset` to narrow further (what this user may see) or to
    ``select_related``. The object is fetched once per request.
    """

    scoped_model: type[M]
    scoped_url_kwarg: str

    def get_scoped_queryset(self) -> models.QuerySet[M]:
        return self.scoped_model._default_manager.all()

    def get_scoped_object(self) -> M:
        cached: M | None = getattr(self, "_scoped_object", None)
        if cached is None:
            cached = get_scoped_object_or_404(
                self.get_scoped_queryset(), self.organisation, pk=self.kwargs[self.scoped_url_kwarg]
            )
            self._scoped_object = cached
        return cached


__all__ = ["OrganisationMixin", "ScopedObjectMixin", "get_scoped_object_or_404"]
