from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from weerbaar.core.public import public_view
from weerbaar.organisations.models import Role
from weerbaar.organisations.permissions import roles_for, visible_organisations


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Start page: the organisations the user may see (straight in when there is one)."""
    organisations = list(visible_organisations(request.user).select_related("region"))
    if len(organisations) == 1:
        if roles_for(request.user, organisations[0]) == {Role.ONDERZOEKER}:
            # An external researcher sees nothing of the organisation but their grants.
            return redirect("disclosure:granted", org=organisations[0].slug)
        if roles_for(request.user, organisations[0]) == {Role.AFDELINGSHOOFD}:
            # A department head sees nothing of the organisation but their department's intake.
            return redirect("fieldwork:my_intakes", org=organisations[0].slug)
        return redirect("scans:organisation", org=organisations[0].slug)
    return render(request, "core/home.html", {"organisations": organisations})


def error_404(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "404.html", status=404)


def error_403(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "403.html", status=403)


def error_400(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "400.html", status=400)


def error_500(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "403_csrf.html", status=403)


@public_view
def accessibility_statement(request: HttpRequest) -> HttpResponse:
    """The toegankelijkheidsverklaring: what was tested, how, what is known not to comply."""
    return render(
        request,
        "core/accessibility.html",
        {"contact": settings.ACCESSIBILITY_CONTACT},
    )
