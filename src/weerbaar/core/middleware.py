"""Responses that must never be kept by a browser or proxy cache."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase

NO_STORE = "no-store, private"

#: URL namespaces of the anonymous respondent pages: a shared computer must not keep them.
RESPONDENT_NAMESPACES = frozenset({"respond"})


class NoStoreMiddleware:
    """``Cache-Control: no-store, private`` on everything personal.

    That is every response to a logged-in user, every download (``Content-Disposition:
    attachment``) and every respondent page. A response that already says ``no-store`` is left
    as it is; any other caching header on such a response is replaced.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if _is_personal(request, response) and "no-store" not in response.get("Cache-Control", ""):
            response["Cache-Control"] = NO_STORE
            if "Expires" in response:
                del response["Expires"]
        return response


def _is_personal(request: HttpRequest, response: HttpResponseBase) -> bool:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return True
    if response.get("Content-Disposition", "").lower().startswith("attachment"):
        return True
    match = getattr(request, "resolver_match", None)
    return match is not None and bool(RESPONDENT_NAMESPACES & set(match.namespaces))
