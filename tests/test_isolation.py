"""Every URL of the app, requested by someone who may not see the data, reveals nothing.

Generic by design: it walks the URL configuration, fills each URL with objects of Gemeente
Voorbeeld (from the demo data) and requests it as the coordinator of Gemeente Oosterveld —
a municipality in the same RIEC region — and anonymously. New views are covered without
editing this test; a URL kwarg it cannot fill makes it fail, so that it never skips a view.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from weerbaar.core.public import is_public
from weerbaar.core.scoping import scoped
from weerbaar.core.urlkwargs import registered_kwargs, scoped_model_for_kwarg
from weerbaar.core.urlwalk import kwarg_names, named_urls


def all_urls():
    return named_urls()


def fill_kwargs(pattern: str, organisation) -> dict:
    registry = registered_kwargs()
    values = {}
    for name in kwarg_names(pattern):
        if name == "org":
            values[name] = organisation.slug
        elif name in registry:
            values[name] = registry[name](organisation)
        elif name.endswith("_id"):
            model = scoped_model_for_kwarg(name)
            assert model, f"{pattern}: no scoped model named {name[:-3]!r} for kwarg {name!r}"
            obj = scoped(model._default_manager.all(), [organisation]).order_by("pk").first()
            assert obj is not None, (
                f"{pattern}: the demo data has no {name[:-3]} of {organisation}; "
                "add one in a demo step so that this URL is tested"
            )
            values[name] = obj.pk
        else:
            raise AssertionError(
                f"{pattern}: cannot fill URL kwarg {name!r}; register an example value with "
                "weerbaar.core.urlkwargs.register_kwarg"
            )
    return values


# Need-to-know pages that not even the beheerder may open, and the demo role that may.
NEED_TO_KNOW = {"notes": "secretaris"}


def is_api(url) -> bool:
    """The REST API takes no session: tests/api/test_api_isolation.py walks it with tokens."""
    return (url[1] or "").startswith("api:")


SCOPED = [
    u for u in all_urls() if not is_public(u[2]) and not is_api(u) and "org" in kwarg_names(u[0])
]
GLOBAL = [
    u
    for u in all_urls()
    if not is_public(u[2]) and not is_api(u) and "org" not in kwarg_names(u[0])
]


def test_every_url_is_scoped_global_or_public():
    """A sanity check on the walk itself: it finds the app's URLs."""
    names = {u[1] for u in all_urls()}
    assert {"home", "scans:organisation", "scans:detail", "library:index"} <= names
    assert len(SCOPED) >= 4


@pytest.mark.parametrize(("pattern", "name", "callback"), SCOPED, ids=[u[1] for u in SCOPED])
def test_other_organisation_gets_nothing(pattern, name, callback, voorbeeld, client_for):
    kwargs = fill_kwargs(pattern, voorbeeld)
    url = reverse(name, kwargs=kwargs)

    # The URL works for someone who may see it: otherwise this test would prove nothing.
    insider = NEED_TO_KNOW.get(name.split(":")[0], "beheerder")
    allowed = client_for(insider).get(url)
    assert allowed.status_code in {200, 302, 405}, f"{url} gave {allowed.status_code} to {insider}"

    outsider = client_for("oosterveld")
    for method in ("get", "post"):
        response = getattr(outsider, method)(url)
        assert response.status_code in {403, 404, 405}, (
            f"{method.upper()} {url} gave {response.status_code} to another organisation"
        )
        body = response.content.decode(errors="replace")
        assert "Gemeente Voorbeeld" not in body

    from django.test import Client

    anon = Client()
    for method in ("get", "post"):
        response = getattr(anon, method)(url)
        assert response.status_code in {302, 403, 404, 405}
        if response.status_code == 302:
            assert reverse("accounts:login") in response["Location"]


@pytest.mark.parametrize(("pattern", "name", "callback"), GLOBAL, ids=[u[1] for u in GLOBAL])
def test_global_pages_show_no_other_organisation(pattern, name, callback, voorbeeld, client_for):
    url = reverse(name, kwargs=fill_kwargs(pattern, voorbeeld))
    response = client_for("oosterveld").get(url, follow=True)
    assert response.status_code in {200, 403, 405}
    body = response.content.decode(errors="replace")
    assert "Gemeente Voorbeeld" not in body
    assert "voorbeeld" not in {
        getattr(o, "slug", None) for o in (response.context or {}).get("organisations", [])
    }
