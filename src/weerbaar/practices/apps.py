from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PracticesConfig(AppConfig):
    name = "weerbaar.practices"
    verbose_name = _("Praktijkbibliotheek")

    def ready(self) -> None:
        from weerbaar.core.urlkwargs import register_kwarg
        from weerbaar.organisations.models import Role
        from weerbaar.organisations.permissions import (
            ALL_ROLES,
            BEHEERDER,
            RIEC,
            register_permission,
        )

        from .selectors import example_support_link

        # Read the library: published practices of the whole platform, the support directory.
        register_permission("practice.view", set(ALL_ROLES))
        # Write practices for the organisation, see its drafts, submit them for review.
        register_permission("practice.author", {BEHEERDER, RIEC, Role.COORDINATOR, Role.SECRETARIS})
        # Review submitted practices of the region, maintain its support directory.
        register_permission("practice.review", {BEHEERDER, RIEC})
        register_kwarg("supportlink_id", example_support_link)
