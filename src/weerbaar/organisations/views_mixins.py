"""View mixins that resolve the organisation (and scan) in the URL and enforce scoping."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

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


def get_scoped_object_or_404(queryset, organisation: Organisation, **lookup):
    """Fetch an object that belongs to ``organisation`` or raise 404."""
    from weerbaar.core.scoping import scoped

    obj = scoped(queryset, [organisation]).filter(**lookup).first()
    if obj is None:
        raise Http404
    return obj


__all__ = ["OrganisationMixin", "get_scoped_object_or_404"]
