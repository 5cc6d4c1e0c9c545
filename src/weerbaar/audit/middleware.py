from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase

from .context import acting_as


class AuditActorMiddleware:
    """Attribute every change made during a request to the logged-in user."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        user = getattr(request, "user", None)
        with acting_as(user if user is not None and user.is_authenticated else None, label="web"):
            return self.get_response(request)
