"""Links on the organisation's page: each capability of a higher layer adds its own.

An app's ``dashboard_links`` module registers its link::

    register_dashboard_link(DashboardLink(
        key="regional", order=60, label=_("Regionaal dashboard"),
        url_name="regional:dashboard", permission="organisation.view",
    ))

The link is shown only to users who hold ``permission`` in the organisation; its URL is
reversed with the organisation's slug as ``org``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from weerbaar.core.registry import Registry
from weerbaar.organisations.permissions import has_permission


@dataclass(frozen=True)
class DashboardLink:
    key: str
    order: int
    label: Any
    url_name: str
    permission: str = "organisation.view"


DASHBOARD_LINKS: Registry[DashboardLink] = Registry(
    "organisation dashboard links", discover="dashboard_links"
)


def register_dashboard_link(link: DashboardLink) -> None:
    """Add ``link`` to the organisation's page; a different link under its key raises."""
    DASHBOARD_LINKS.register(link.key, link)


def dashboard_links(user: Any, organisation: Any) -> list[dict[str, Any]]:
    """The registered links ``user`` may follow in ``organisation``, in order."""
    shown = []
    for link in sorted(DASHBOARD_LINKS.values(), key=lambda lk: (lk.order, lk.key)):
        if has_permission(user, organisation, link.permission):
            shown.append(
                {
                    "label": link.label,
                    "url": reverse(link.url_name, kwargs={"org": organisation.slug}),
                }
            )
    return shown
