"""Every API endpoint, called with another organisation's token, reveals and changes nothing.

In the spirit of tests/test_isolation.py, and generic like it: it walks every URL of the API,
fills it with objects of Gemeente Voorbeeld (the same ``fill_kwargs``) and calls it with a
token of Gemeente Oosterveld (all scopes): every endpoint with an id of Voorbeeld answers 404
as problem+json, with every method, and nothing changes. Voorbeeld's own token gets the
data, so that the test proves something; a revoked or expired token gets 401 everywhere, and
a token with the read scope only can change nothing.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.api.conftest import api_client
from tests.test_isolation import fill_kwargs
from weerbaar.actions.models import Action, ActionNote
from weerbaar.api.models import ApiToken, Scope
from weerbaar.audit.models import AuditEvent
from weerbaar.core.public import is_public
from weerbaar.core.urlwalk import kwarg_names, named_urls

pytestmark = pytest.mark.django_db
PROBLEM = "application/problem+json"
ENDPOINTS = [u for u in named_urls() if (u.name or "").startswith("api:") and not is_public(u[2])]
WITH_IDS = [u for u in ENDPOINTS if kwarg_names(u.pattern)]
METHODS = ("get", "post", "put", "patch", "delete")
BODY = {"status": "gereed", "lock_version": 1, "text": "Nee", "reason": "Nee"}


def ids(urls):
    return [u.name for u in urls]


def state() -> tuple:
    """What a request could change: the audit log and the actions with their notes."""
    return (
        AuditEvent.objects.count(),
        sorted(Action.objects.values_list("pk", "status", "lock_version")),
        ActionNote.objects.count(),
    )


def test_the_walk_finds_the_api():
    assert len(ENDPOINTS) >= 15
    assert {"api:scan", "api:action", "api:survey-results", "api:report-file"} <= set(
        ids(ENDPOINTS)
    )


@pytest.mark.parametrize("url", ENDPOINTS, ids=ids(ENDPOINTS))
def test_own_token_gets_the_data(url, voorbeeld, api_for):
    path = reverse(url.name, kwargs=fill_kwargs(url.pattern, voorbeeld))
    response = api_for("voorbeeld").get(path)
    assert response.status_code == 200, f"{path}: {response.status_code} {response.content[:200]}"


@pytest.mark.parametrize("url", WITH_IDS, ids=ids(WITH_IDS))
def test_other_organisations_token_gets_404_and_changes_nothing(url, voorbeeld, api_for):
    path = reverse(url.name, kwargs=fill_kwargs(url.pattern, voorbeeld))
    outsider = api_for("oosterveld")
    before = state()
    for method in METHODS:
        response = getattr(outsider, method)(path, BODY, content_type="application/json")
        assert response.status_code in {404, 405}, (
            f"{method.upper()} {path}: {response.status_code}"
        )
        assert response["Content-Type"] == PROBLEM
        if method == "get":
            assert response.status_code == 404
        assert "Gemeente Voorbeeld" not in response.content.decode()
    after = state()
    assert after[1:] == before[1:]
    assert after[0] == before[0], "a refused request left an audit event"


@pytest.mark.parametrize("url", ENDPOINTS, ids=ids(ENDPOINTS))
def test_other_organisations_token_sees_nothing_of_it(url, voorbeeld, api_for):
    path = reverse(url.name, kwargs=fill_kwargs(url.pattern, voorbeeld))
    body = api_for("oosterveld").get(path).content.decode(errors="replace")
    assert "Gemeente Voorbeeld" not in body
    assert '"voorbeeld"' not in body


@pytest.mark.parametrize("url", ENDPOINTS, ids=ids(ENDPOINTS))
def test_revoked_and_expired_tokens_get_401(url, voorbeeld, token_for):
    path = reverse(url.name, kwargs=fill_kwargs(url.pattern, voorbeeld))
    revoked, revoked_key = token_for()
    ApiToken.objects.filter(pk=revoked.pk).update(revoked_at=timezone.now())
    expired, expired_key = token_for()
    ApiToken.objects.filter(pk=expired.pk).update(expires_at=timezone.now())
    for key in (revoked_key, expired_key):
        for method in ("get", "patch", "post"):
            response = getattr(api_client(key), method)(path, BODY, content_type="application/json")
            assert response.status_code == 401, f"{method} {path}"
            assert response["Content-Type"] == PROBLEM


@pytest.mark.parametrize("url", ENDPOINTS, ids=ids(ENDPOINTS))
def test_read_scope_changes_nothing(url, voorbeeld, api_for):
    path = reverse(url.name, kwargs=fill_kwargs(url.pattern, voorbeeld))
    reader = api_for("voorbeeld", [Scope.READ.value, Scope.RESULTS.value])
    before = state()
    for method in ("post", "put", "patch", "delete"):
        response = getattr(reader, method)(path, BODY, content_type="application/json")
        assert response.status_code in {403, 405}, (
            f"{method.upper()} {path}: {response.status_code}"
        )
        assert response["Content-Type"] == PROBLEM
    assert state() == before
