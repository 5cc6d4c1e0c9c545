"""Public log-in views: start the flow at the organisation's provider, and come back."""

from __future__ import annotations

import logging
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from weerbaar.accounts.mfa import mark_second_factor_verified
from weerbaar.core.public import public_view

from . import client, services
from .models import Configuration

logger = logging.getLogger(__name__)

BACKEND = "weerbaar.oidc.backends.OIDCBackend"
NEXT_KEY = "weerbaar_oidc_next"


def _enabled_configuration(slug: str) -> Configuration:
    return get_object_or_404(
        Configuration.objects.select_related("organisation"),
        organisation__slug=slug,
        enabled=True,
    )


def _failed(request: HttpRequest, configuration: Configuration, message: str, status: int):
    return render(
        request,
        "oidc/login_failed.html",
        {"organisation": configuration.organisation, "message": message},
        status=status,
    )


@public_view
@require_GET
def choose(request: HttpRequest) -> HttpResponse:
    """The organisation picked on the log-in page: go to its provider."""
    configuration = _enabled_configuration(request.GET.get("org", ""))
    target = reverse("oidc_login:start", kwargs={"org": configuration.organisation.slug})
    next_url = request.GET.get("next", "")
    if next_url:
        target += "?" + urlencode({"next": next_url})
    return redirect(target)


@public_view
@require_GET
def start(request: HttpRequest, org: str) -> HttpResponse:
    configuration = _enabled_configuration(org)
    next_url = request.GET.get("next", "")
    if next_url and url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        request.session[NEXT_KEY] = next_url
    try:
        return client.start(request, configuration)
    except client.ProviderUnavailable:
        logger.warning("OIDC provider of %s unavailable at start", org, exc_info=True)
        return _failed(request, configuration, _unavailable(), status=502)


def _unavailable() -> str:
    return _(
        "De identiteitsprovider van uw organisatie is nu niet bereikbaar. Probeer het later "
        "opnieuw of log in met uw e-mailadres en wachtwoord."
    )


@public_view
@require_GET
def callback(request: HttpRequest, org: str) -> HttpResponse:
    configuration = _enabled_configuration(org)
    try:
        claims = client.finish(request, configuration)
    except client.ProviderUnavailable:
        logger.warning("OIDC provider of %s unavailable at callback", org, exc_info=True)
        return _failed(request, configuration, _unavailable(), status=502)
    except client.FlowRejected as exc:
        logger.info("OIDC callback for %s rejected: %s", org, exc)
        message = _(
            "Inloggen via de identiteitsprovider is mislukt of afgebroken. Start het inloggen "
            "opnieuw vanaf de inlogpagina."
        )
        return _failed(request, configuration, message, status=400)
    try:
        outcome = services.resolve_login(configuration, claims)
    except services.LoginRefused as exc:
        return _failed(request, configuration, exc.message, status=403)
    next_url = request.session.pop(NEXT_KEY, "")
    login(request, outcome.user, backend=BACKEND)
    if outcome.second_factor:
        mark_second_factor_verified(request, "oidc")
    return redirect(next_url or settings.LOGIN_REDIRECT_URL)
