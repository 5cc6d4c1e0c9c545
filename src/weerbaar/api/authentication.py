"""``Authorization: Bearer <token>``: the only way into the API (no session, so no CSRF)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from .tokens import token_for_key

INVALID = _("De API-sleutel is ongeldig, verlopen of ingetrokken.")


class ApiTokenAuthentication(authentication.BaseAuthentication):
    """Authenticates a request by its API token: ``request.user`` is the person who created
    the token (the audit log attributes the token's work to them), ``request.auth`` the
    :class:`~weerbaar.api.models.ApiToken`."""

    keyword = "Bearer"

    def authenticate(self, request) -> tuple[Any, Any] | None:
        header = authentication.get_authorization_header(request).decode("latin-1").split()
        if not header or header[0].lower() != self.keyword.lower():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(INVALID)
        token = token_for_key(header[1])
        if token is None:
            raise exceptions.AuthenticationFailed(INVALID)
        return token.created_by, token

    def authenticate_header(self, request) -> str:
        return f'{self.keyword} realm="api"'


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "weerbaar.api.authentication.ApiTokenAuthentication"
    name = "apiToken"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "description": "Weerbaar API token (wb_…)"}
