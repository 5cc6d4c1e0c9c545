"""``{% organisation_theme %}``: the theme of the organisation a page is about, for base.html.

Only for someone who may see that organisation: the stylesheet and the logo are served to
its members alone, and a page for anyone else (a respondent's, a login page) keeps the
neutral default theme.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import template
from django.urls import reverse

from ..models import Organisation
from ..permissions import has_permission

register = template.Library()


@dataclass(frozen=True)
class PageTheme:
    """What base.html links for the organisation in context."""

    name: str
    stylesheet_url: str | None
    logo_url: str | None


@register.simple_tag(takes_context=True)
def organisation_theme(context: template.Context) -> PageTheme | None:
    organisation = context.get("organisation")
    request = context.get("request")
    if not isinstance(organisation, Organisation) or request is None:
        return None
    if not has_permission(request.user, organisation, "organisation.view"):
        return None
    version = f"?v={organisation.lock_version}"
    stylesheet = logo = None
    if organisation.theme_primary_colour:
        stylesheet = reverse("organisations:theme_css", kwargs={"org": organisation.slug})
        stylesheet += version
    if organisation.logo:
        logo = reverse("organisations:logo", kwargs={"org": organisation.slug}) + version
    return PageTheme(name=organisation.name, stylesheet_url=stylesheet, logo_url=logo)
