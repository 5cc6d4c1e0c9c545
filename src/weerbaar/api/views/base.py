"""What every API view shares: the token's organisation, the ``API-Version`` header, the
scopes, query parameters checked into problem+json, and 404 for unknown paths."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import models
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, generics
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.request import Request
from rest_framework.views import APIView

from weerbaar.audit.context import acting_as
from weerbaar.audit.services import record_read
from weerbaar.core.scoping import scoped
from weerbaar.organisations.models import Organisation

from ..models import ApiToken, Scope
from ..problems import API_VERSION, CONTENT_TYPE, problem_body

READ = {"GET": Scope.READ.value}
RESULTS = {"GET": Scope.RESULTS.value}


# Mixed into every API view: ``organisation`` is the token's, never one from the URL. (A
# comment, not a docstring: the OpenAPI document would show it as every view's description.)
class ApiMixin:
    required_scopes: dict[str, str] = READ
    request: Request

    @property
    def token(self) -> ApiToken:
        token = self.request.auth
        if not isinstance(token, ApiToken):  # HasScope admits nothing else
            raise exceptions.NotAuthenticated
        return token

    @property
    def organisation(self) -> Organisation:
        return self.token.organisation

    def scoped_queryset[M: models.Model](self, queryset: models.QuerySet[M]) -> models.QuerySet[M]:
        return scoped(queryset, [self.organisation])

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)  # type: ignore[misc]
        response["API-Version"] = API_VERSION
        return response

    @contextmanager
    def acting(self) -> Iterator[None]:
        """Changes made inside are audited as the token's creator, through this token."""
        label = f"{self.request.user.email} (API {self.token.prefix}…)"
        with acting_as(self.request.user, label=label):
            yield

    def record_read(self, target: models.Model, what: str, **detail: Any) -> None:
        record_read(
            self.request, target, what, {"via": "api", "token": self.token.prefix, **detail}
        )


class ApiView(ApiMixin, APIView):
    pass


class ListView(ApiMixin, generics.ListAPIView):
    pass


class DetailView(ApiMixin, generics.RetrieveAPIView):
    lookup_field = "pk"


def query_choice(request: Request, name: str, choices: list[str]) -> str:
    """The query parameter ``name`` if given; one outside ``choices`` is a 400."""
    value = request.query_params.get(name, "")
    if value and value not in choices:
        raise exceptions.ValidationError(
            {name: [_("Onbekende waarde; kies uit: %(c)s.") % {"c": ", ".join(choices)}]}
        )
    return value


def query_int(request: Request, name: str) -> int | None:
    value = request.query_params.get(name, "")
    if not value:
        return None
    if not (value.isascii() and value.isdigit() and len(value) <= 18):
        raise exceptions.ValidationError({name: [_("Geef een geheel getal.")]})
    return int(value)


def query_date(request: Request, name: str) -> datetime.date | None:
    value = request.query_params.get(name, "")
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise exceptions.ValidationError(
            {name: [_("Geef een datum als JJJJ-MM-DD, bijvoorbeeld 2026-01-31.")]}
        ) from None


class AnyAccept(BaseContentNegotiation):
    """For file downloads: the first renderer, whatever the client accepts (the view sends
    the file itself; errors stay problem+json)."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


@csrf_exempt
def not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Any other path under ``/api/v1/``: 404 as problem+json (no token needed to learn it)."""
    body = problem_body(404, _("Deze URL bestaat niet in de API."), instance=request.path)
    response = JsonResponse(body, status=404, content_type=CONTENT_TYPE)
    response["API-Version"] = API_VERSION
    return response
