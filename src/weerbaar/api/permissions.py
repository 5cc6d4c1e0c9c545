"""Scopes: every API view names the scope each method needs (``required_scopes``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import permissions

from .models import ApiToken


class HasScope(permissions.BasePermission):
    """A token is needed, with the scope the view's ``required_scopes`` names for the method
    (``{"GET": "read", "PATCH": "actions:write"}``); a view without one is refused."""

    message = _("Deze API-sleutel heeft niet het recht dat hiervoor nodig is.")

    def has_permission(self, request, view) -> bool:
        token = request.auth
        if not isinstance(token, ApiToken):
            return False
        handler = request.method.lower()
        if handler not in view.http_method_names or not hasattr(view, handler):
            return True  # no such operation: 405 follows
        method = "GET" if request.method in ("HEAD", "OPTIONS") else request.method
        scope = getattr(view, "required_scopes", {}).get(method)
        return scope is not None and scope in token.scopes
