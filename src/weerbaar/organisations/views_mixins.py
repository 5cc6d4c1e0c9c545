"""View mixins that resolve the organisation (and scan) in the URL and enforce scoping."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.db import models
from django.shortcuts import get_object_or_404

from weerbaar.core.scoping import scoped

from .models import Organisation
from .permissions import has_permission, roles_for, visible_organisations


class OrganisationMixin(LoginRequiredMixin):
    """Resolves ``<slug:org>`` among the organisations the user may see (404 otherwise).

    ``permission`` names the capability the view needs (403 when the user lacks it).
    """

    permission = "organisation.view"
    raise_exception = False

    def dispatch(self, request, *args, **kwargs):
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

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["organisation"] = self.organisation
        ctx["roles"] = self.roles
        return ctx


def get_scoped_object_or_404(queryset: models.QuerySet, organisation: Organisation, **lookup):
    """Fetch an object that belongs to ``organisation`` or raise 404."""
    obj = scoped(queryset, [organisation]).filter(**lookup).first()
    if obj is None:
        raise Http404
    return obj


class ScopedObjectMixin(OrganisationMixin):
    """Resolves one object of the URL's organisation by its primary key (404 otherwise).

    Set ``scoped_model`` and ``scoped_url_kwarg`` (e.g. ``Action`` and ``"action_id"``);
    override :meth:`get_scoped_queryset` to narrow further (what this user may see) or to
    ``select_related``. The object is fetched once per request.
    """

    scoped_model: type[models.Model]
    scoped_url_kwarg: str

    def get_scoped_queryset(self) -> models.QuerySet:
        return self.scoped_model._default_manager.all()

    def get_scoped_object(self) -> models.Model:
        cached = getattr(self, "_scoped_object", None)
        if cached is None:
            cached = get_scoped_object_or_404(
                self.get_scoped_queryset(), self.organisation, pk=self.kwargs[self.scoped_url_kwarg]
            )
            self._scoped_object = cached
        return cached


__all__ = ["OrganisationMixin", "ScopedObjectMixin", "get_scoped_object_or_404"]
