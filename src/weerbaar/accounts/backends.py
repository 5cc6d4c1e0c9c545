from __future__ import annotations

from django.conf import settings
from django.contrib.auth.backends import ModelBackend

from .emails import normalise_email


class EmailBackend(ModelBackend):
    """Log in with e-mail address and password; demo logins only work in demo mode."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username:
            username = normalise_email(username)
        return super().authenticate(request, username=username, password=password, **kwargs)

    def user_can_authenticate(self, user) -> bool:
        if getattr(user, "is_demo", False) and not settings.DEMO_MODE:
            return False
        return super().user_can_authenticate(user)
