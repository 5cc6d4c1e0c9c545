from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.backends import ModelBackend


class OIDCBackend(ModelBackend):
    """Keeps sessions started by an OIDC log-in (see :mod:`weerbaar.oidc.login_views`).

    It authenticates no credentials itself: the log-in view checks the provider's answer and
    logs the user in with this backend, which then only loads the session's user.
    """

    def authenticate(self, request: Any, username: Any = None, password: Any = None, **kwargs: Any):
        return None

    def user_can_authenticate(self, user: Any) -> bool:
        if getattr(user, "is_demo", False) and not settings.DEMO_MODE:
            return False
        return super().user_can_authenticate(user)
