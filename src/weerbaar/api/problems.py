"""Errors as problem details (RFC 9457, ``application/problem+json``), as the Dutch API
Design Rules ask: ``type``, ``title``, ``status``, ``detail`` and ``instance`` on every error
(401, 403, 404, 405, 409, 429, validation), with ``invalidParams`` for invalid input."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

CONTENT_TYPE = "application/problem+json"
API_VERSION = "1.0.0"


def problem_body(
    status_code: int,
    detail: str,
    *,
    instance: str = "",
    invalid_params: list[dict[str, str]] | None = None,
) -> dict[str, Any]:
    """The problem details (``type`` about:blank: the title is the HTTP status phrase)."""
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": HTTPStatus(status_code).phrase,
        "status": status_code,
        "detail": detail,
    }
    if instance:
        body["instance"] = instance
    if invalid_params:
        body["invalidParams"] = invalid_params
    return body


def problem(
    status_code: int,
    detail: str,
    *,
    instance: str = "",
    invalid_params: list[dict[str, str]] | None = None,
    extra: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    """A problem+json response."""
    body = problem_body(status_code, detail, instance=instance, invalid_params=invalid_params)
    body.update(extra or {})
    response = Response(body, status=status_code, content_type=CONTENT_TYPE, headers=headers)
    response["API-Version"] = API_VERSION
    return response


def _invalid_params(data: Any, prefix: str = "") -> list[dict[str, str]]:
    """DRF's nested error data as ``[{"name", "code", "reason"}]``."""
    found: list[dict[str, str]] = []
    if isinstance(data, dict):
        for key, value in data.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            found.extend(_invalid_params(value, name))
    elif isinstance(data, list):
        for value in data:
            found.extend(_invalid_params(value, prefix))
    else:
        found.append(
            {
                "name": prefix or "body",
                "code": str(getattr(data, "code", "invalid")),
                "reason": str(data),
            }
        )
    return found


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler (status codes, ``WWW-Authenticate``, ``Retry-After``), as problem+json."""
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"body": exc.messages}
        )
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    request = context.get("request")
    instance = request.get_full_path() if request is not None else ""
    headers = {k: v for k, v in response.items() if k in ("WWW-Authenticate", "Retry-After")}
    if isinstance(exc, exceptions.ValidationError):
        return problem(
            status.HTTP_400_BAD_REQUEST,
            gettext("De invoer is ongeldig; zie invalidParams."),
            instance=instance,
            invalid_params=_invalid_params(exc.detail),
        )
    if isinstance(exc, exceptions.APIException):
        detail = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
    elif isinstance(exc, Http404):
        detail = str(exceptions.NotFound.default_detail)
    elif isinstance(exc, PermissionDenied):
        detail = str(exceptions.PermissionDenied.default_detail)
    else:
        detail = HTTPStatus(response.status_code).phrase
    return problem(response.status_code, str(detail), instance=instance, headers=headers)
