"""Whether a session has passed the second factor.

The verified state lives in the session, bound to the user it was verified for. Other log-in
routes (an identity provider that asserts its own second factor) mark it with
:func:`mark_second_factor_verified`; the middleware asks :func:`second_factor_satisfied`.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django_otp.plugins.otp_totp.models import TOTPDevice

SESSION_KEY = "weerbaar_second_factor"

# How a session passed the second factor; recorded in the session, shown nowhere.
METHODS = frozenset({"totp", "webauthn", "recovery", "oidc"})


def verified_marker(user: Any, method: str) -> dict[str, Any]:
    """The session value that says ``user`` passed the second factor by ``method``."""
    return {"user": str(user.pk), "method": method}


def mark_second_factor_verified(request: HttpRequest, method: str) -> None:
    """Record that the logged-in user of this session passed a second factor."""
    if method not in METHODS:
        raise ValueError(f"Unknown second-factor method {method!r}")
    if not request.user.is_authenticated:
        raise ValueError("Only a logged-in session can pass the second factor")
    request.session[SESSION_KEY] = verified_marker(request.user, method)


def is_verified(request: HttpRequest) -> bool:
    """True when this session's user passed a second factor in this session."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    marker = request.session.get(SESSION_KEY)
    return isinstance(marker, dict) and marker.get("user") == str(user.pk)


def exempt(user: Any) -> bool:
    """Demo logins skip the second factor, and only while the platform runs in demo mode."""
    return bool(settings.DEMO_MODE and getattr(user, "is_demo", False))


def second_factor_satisfied(request: HttpRequest) -> bool:
    return is_verified(request) or exempt(request.user)


def has_second_factor(user: Any) -> bool:
    """Whether the user has enrolled a second factor (an authenticator app or a passkey)."""
    return (
        TOTPDevice.objects.filter(user=user, confirmed=True).exists()
        or user.webauthn_credentials.exists()
    )
