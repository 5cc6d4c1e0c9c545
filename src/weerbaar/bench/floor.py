"""The submit floor: the least a page submit can cost with Django and PostgreSQL.

GET shows a form with a CSRF token; POST (CSRF checked by the same middleware as every
page) reads the form and writes one row (the draft's answers), then redirects. Served only
by the benchmark server (:mod:`.server_settings`), never by production URLs.
"""

from __future__ import annotations

from uuid import UUID

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.middleware.csrf import get_token
from django.views.decorators.http import require_http_methods

from weerbaar.surveys.models import ResponseDraft


@require_http_methods(["GET", "POST"])
def floor_view(request: HttpRequest, draft: UUID) -> HttpResponse:
    if request.method == "GET":
        token = get_token(request)
        return HttpResponse(
            f'<form method="post"><input type="hidden" name="csrfmiddlewaretoken" '
            f'value="{token}"></form>'
        )
    fields = {key: request.POST.getlist(key) for key in request.POST if key.startswith("q-")}
    page = request.POST.get("page", "0")
    ResponseDraft.objects.filter(pk=draft).update(
        answers=fields, last_page=int(page) if page.isdigit() else 0
    )
    return HttpResponseRedirect(f"?p={page}")


floor_view.weerbaar_public = True  # type: ignore[attr-defined]
