"""Every URL of the app, as the isolation test and the system checks walk them."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import NamedTuple

from django.urls import URLPattern, URLResolver, get_resolver


class Url(NamedTuple):
    pattern: str  # the full route, e.g. "o/<slug:org>/scans/<int:scan_id>/"
    name: str | None  # namespaced, e.g. "scans:detail"
    callback: Callable


def walk(
    resolver: URLResolver | None = None, prefix: str = "", namespace: str | None = None
) -> Iterator[Url]:
    """Every URL pattern below ``resolver`` (default: the project's URLconf)."""
    resolver = get_resolver() if resolver is None else resolver
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace
            full_ns = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            yield from walk(entry, prefix + str(entry.pattern), full_ns)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
            yield Url(prefix + str(entry.pattern), name, entry.callback)


def named_urls() -> list[Url]:
    """The project's URLs that have a name (those can be reversed)."""
    return [u for u in walk() if u.name is not None]


def kwarg_names(pattern: str) -> list[str]:
    """The keyword arguments of a route, e.g. ``["org", "scan_id"]``."""
    return re.findall(r"<(?:\w+:)?(\w+)>", pattern)
