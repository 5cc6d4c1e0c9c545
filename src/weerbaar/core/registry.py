"""One registry mechanism for every plug-in point of the platform.

Capabilities contribute to a plug-in point (demo steps, scan sections, benchmarks, report
sections, question types, URL examples, …) by registering an entry under a unique key in
the point's :class:`Registry`. Registering a *different* entry under a key that is taken is
an error: two apps that claim the same key are a bug, not a choice to be made silently.

A registry may name a module that each installed app can provide (``discover="demo"``);
the first read imports ``<app>.demo`` of every app, so entries are complete without the
caller knowing which apps contribute::

    scan_sections: Registry[ScanSection] = Registry("scan sections", discover="scan_sections")
    scan_sections.register("surveys", ScanSection(...))
    for key, section in scan_sections.items():
        ...
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator

from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import autodiscover_modules


class DuplicateKey(ImproperlyConfigured):
    """Two different entries were registered under one key of a registry."""


def _same_entry(a: object, b: object) -> bool:
    """Whether ``b`` is ``a`` again, e.g. the same function after its module was re-imported.

    Dataclass entries (a section with a context function, a demo step with its order) are the
    same when they are of one class and every field is the same entry.
    """
    if a is b or a == b:
        return True
    if (
        dataclasses.is_dataclass(a)
        and not isinstance(a, type)
        and type(a) is type(b)
        and all(_same_entry(getattr(a, f.name), getattr(b, f.name)) for f in dataclasses.fields(a))
    ):
        return True
    origin_a = (getattr(a, "__module__", None), getattr(a, "__qualname__", None))
    origin_b = (getattr(b, "__module__", None), getattr(b, "__qualname__", None))
    return None not in origin_a and origin_a == origin_b


def _qualified_name(entry: object) -> str:
    """``module.qualname`` of a function or class; other entries need an explicit key."""
    qualname = getattr(entry, "__qualname__", None)
    if qualname is None:
        raise TypeError(f"{entry!r} has no qualified name: register it under an explicit key")
    return f"{entry.__module__}.{qualname}"


class Registry[T]:
    """Entries of one plug-in point by unique key, discovered from the installed apps."""

    def __init__(self, name: str, *, discover: str | None = None) -> None:
        self.name = name
        self.discover = discover
        self._entries: dict[str, T] = {}
        self._discovered = discover is None

    def register(self, key: str, entry: T) -> T:
        """Add ``entry`` under ``key``; a different entry under a taken key raises."""
        existing = self._entries.get(key)
        if existing is not None and not _same_entry(existing, entry):
            raise DuplicateKey(f"{self.name}: the key {key!r} is registered twice")
        self._entries[key] = entry
        return entry

    def decorator(self, key: str | None = None) -> Callable[[T], T]:
        """Register the decorated entry under ``key`` (default: its module.qualname)."""

        def register(entry: T) -> T:
            self.register(key or _qualified_name(entry), entry)
            return entry

        return register

    def _ensure_discovered(self) -> None:
        if not self._discovered:
            # Set first: an app module that reads the registry while being imported must not
            # start a second discovery.
            self._discovered = True
            assert self.discover is not None
            autodiscover_modules(self.discover)

    def get(self, key: str) -> T | None:
        self._ensure_discovered()
        return self._entries.get(key)

    def __getitem__(self, key: str) -> T:
        self._ensure_discovered()
        try:
            return self._entries[key]
        except KeyError:
            known = ", ".join(sorted(self._entries)) or "none"
            raise KeyError(f"{self.name}: no entry {key!r} (known: {known})") from None

    def __contains__(self, key: object) -> bool:
        self._ensure_discovered()
        return key in self._entries

    def __iter__(self) -> Iterator[str]:
        self._ensure_discovered()
        return iter(list(self._entries))

    def __len__(self) -> int:
        self._ensure_discovered()
        return len(self._entries)

    def keys(self) -> list[str]:
        self._ensure_discovered()
        return list(self._entries)

    def values(self) -> list[T]:
        self._ensure_discovered()
        return list(self._entries.values())

    def items(self) -> list[tuple[str, T]]:
        self._ensure_discovered()
        return list(self._entries.items())

    def unregister(self, key: str) -> None:
        """Remove an entry (for tests that register a temporary one)."""
        self._entries.pop(key, None)
