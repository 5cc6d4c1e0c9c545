"""Throttling of log-in attempts (through django-axes) and of password-reset requests."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from .clientip import client_ip
from .emails import normalise_email
from .models import PasswordResetRequest


def axes_username(request: HttpRequest, credentials: dict[str, Any] | None = None) -> str:
    """The account a log-in attempt is for, in its one normalised spelling (for axes)."""
    value = (credentials or {}).get(settings.AXES_USERNAME_FORM_FIELD)
    if value is None and request is not None:
        value = request.POST.get(settings.AXES_USERNAME_FORM_FIELD, "")
    return normalise_email(str(value or ""))


def _digest(kind: str, value: str) -> str:
    return hashlib.sha256(f"{kind}:{value}".encode()).hexdigest()


def reset_request_allowed(request: HttpRequest, email: str) -> bool:
    """Count one reset request; False when the client address or the account is over its limit.

    The caller answers the same either way, so the limit reveals nothing about accounts.
    """
    now = timezone.now()
    since = now - timedelta(seconds=settings.WEERBAAR_RESET_LIMIT_WINDOW)
    forget_old_reset_requests(now)
    address = _digest("address", client_ip(request))
    account = _digest("account", normalise_email(email))
    recent = PasswordResetRequest.objects.filter(created_at__gte=since)
    over = (
        recent.filter(address_digest=address).count() >= settings.WEERBAAR_RESET_LIMIT_PER_ADDRESS
        or recent.filter(account_digest=account).count()
        >= settings.WEERBAAR_RESET_LIMIT_PER_ACCOUNT
    )
    PasswordResetRequest.objects.create(address_digest=address, account_digest=account)
    return not over


def forget_old_reset_requests(now: datetime | None = None) -> int:
    """Delete the reset requests older than the rate-limit window (also run by the worker)."""
    since = (now or timezone.now()) - timedelta(seconds=settings.WEERBAAR_RESET_LIMIT_WINDOW)
    return PasswordResetRequest.objects.filter(created_at__lt=since).delete()[0]
