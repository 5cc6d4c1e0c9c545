from django.utils.translation import gettext_lazy as _

from weerbaar.scans.dashboard import DashboardLink, register_dashboard_link

register_dashboard_link(
    DashboardLink(
        key="regional",
        order=60,
        label=_("Regionaal dashboard"),
        url_name="regional:own_region",
        permission="regional.view",
    )
)
register_dashboard_link(
    DashboardLink(
        key="benchmark",
        order=61,
        label=_("Benchmark met andere gemeenten"),
        url_name="regional:benchmark",
        permission="benchmark.view",
    )
)
