"""The OpenID Connect relying party for one organisation (Authlib's Django client).

Authlib does discovery, the authorization code flow with PKCE (S256), state (kept in the
session and checked on return) and the ID token checks (signature against the provider's
JWKS, ``iss``, ``aud``, ``exp``, ``iat`` and ``nonce``). One client is made per request from
the organisation's :class:`~weerbaar.oidc.models.Configuration`; its session keys carry the
organisation, so a flow started for one organisation cannot finish as another.
"""

from __future__ import annotations

from typing import Any

import requests
from authlib.common.errors import AuthlibBaseError
from authlib.integrations.django_client import DjangoIntegration, DjangoOAuth2App
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from joserfc.errors import JoseError

from . import rules
from .models import Configuration


class ProviderUnavailable(Exception):
    """The identity provider could not be reached or answered with nonsense."""


class FlowRejected(Exception):
    """The answer on the callback fails a check (state, code, PKCE, ID token) or is an error."""


def callback_url(configuration: Configuration) -> str:
    """The redirect URI to register at the provider: fixed by ``BASE_URL``, not the Host."""
    path = reverse("oidc_login:callback", kwargs={"org": configuration.organisation.slug})
    return settings.BASE_URL + path


def _app(configuration: Configuration) -> DjangoOAuth2App:
    name = f"weerbaar-oidc-{configuration.organisation.slug}"
    return DjangoOAuth2App(
        DjangoIntegration(name),
        name=name,
        client_id=configuration.client_id,
        client_secret=rules.client_secret(configuration),
        server_metadata_url=configuration.discovery_url,
        client_kwargs={
            "scope": " ".join(configuration.scope_list()),
            "code_challenge_method": "S256",
            "timeout": settings.OIDC_HTTP_TIMEOUT,
        },
    )


def _metadata(app: DjangoOAuth2App, configuration: Configuration) -> dict[str, Any]:
    try:
        metadata: dict[str, Any] = app.load_server_metadata()
    except (requests.RequestException, ValueError) as exc:
        raise ProviderUnavailable(str(exc)) from exc
    # The discovery document must be the configured issuer's own (mix-up protection).
    if str(metadata.get("issuer", "")).rstrip("/") != configuration.issuer.rstrip("/"):
        raise ProviderUnavailable("The discovery document names another issuer")
    return metadata


def start(request: HttpRequest, configuration: Configuration) -> HttpResponse:
    """Redirect to the provider's authorization endpoint (state, nonce, PKCE in the session)."""
    app = _app(configuration)
    _metadata(app, configuration)
    response: HttpResponse = app.authorize_redirect(request, callback_url(configuration))
    return response


def finish(request: HttpRequest, configuration: Configuration) -> dict[str, Any]:
    """Check the callback, redeem the code and return the verified claims.

    Claims come from the ID token; the UserInfo endpoint adds claims the ID token lacks
    (only when it answers for the same subject), never overriding the ID token's.
    """
    app = _app(configuration)
    metadata = _metadata(app, configuration)
    try:
        token = app.authorize_access_token(request)
    except requests.RequestException as exc:
        raise ProviderUnavailable(str(exc)) from exc
    except (AuthlibBaseError, JoseError, ValueError) as exc:
        raise FlowRejected(str(exc)) from exc
    id_claims = token.get("userinfo")
    if not id_claims:
        raise FlowRejected("No ID token in the token response")
    claims: dict[str, Any] = dict(id_claims)
    if metadata.get("userinfo_endpoint"):
        try:
            extra = dict(app.userinfo(token=token))
        except (requests.RequestException, ValueError) as exc:
            raise ProviderUnavailable(str(exc)) from exc
        if extra.get("sub") == claims.get("sub"):
            for key, value in extra.items():
                claims.setdefault(key, value)
    return claims
