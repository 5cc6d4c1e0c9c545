from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegionalConfig(AppConfig):
    name = "weerbaar.regional"
    verbose_name = _("Regio en benchmark")

    def ready(self) -> None:
        from weerbaar.core.urlkwargs import register_kwarg
        from weerbaar.organisations.models import Role
        from weerbaar.organisations.permissions import BEHEERDER, RIEC, register_permission

        # The municipality's own row on the region's dashboard and the region's medians.
        register_permission("regional.view", {BEHEERDER, RIEC, Role.COORDINATOR, Role.SECRETARIS})
        # The anonymous benchmark: the municipality against the region and the country.
        register_permission("benchmark.view", {BEHEERDER, RIEC, Role.COORDINATOR, Role.SECRETARIS})
        # Join or leave the benchmark: the gemeentesecretaris decides for the municipality.
        register_permission("benchmark.manage", {Role.SECRETARIS})
        register_kwarg("region", lambda organisation: organisation.region.slug)
