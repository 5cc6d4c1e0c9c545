"""One request rate per token (``WEERBAAR_API_RATE``): over it, 429 with ``Retry-After``.

The counts live in Django's cache: per process with the default local-memory cache, shared
by all workers when a shared cache is configured (see docs/operations.md).
"""

from __future__ import annotations

from rest_framework.throttling import SimpleRateThrottle

from .models import ApiToken


class TokenRateThrottle(SimpleRateThrottle):
    scope = "api-token"

    def get_cache_key(self, request, view) -> str | None:
        token = request.auth
        ident = f"token-{token.pk}" if isinstance(token, ApiToken) else self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}
