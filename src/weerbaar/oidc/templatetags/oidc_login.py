from __future__ import annotations

from typing import Any

from django import template

from weerbaar.organisations.models import Organisation

register = template.Library()


@register.inclusion_tag("oidc/_login_choices.html", takes_context=True)
def oidc_login_choices(context: template.Context) -> dict[str, Any]:
    """The organisations whose members can log in through their own identity provider."""
    return {
        "next": context.get("next", ""),
        "organisations": Organisation.objects.filter(oidc_configuration__enabled=True).order_by(
            "name"
        ),
    }
