from django.utils.translation import gettext_lazy as _

from weerbaar.scans.dashboard import DashboardLink, register_dashboard_link

register_dashboard_link(
    DashboardLink(
        key="practices",
        order=75,
        label=_("Praktijkbibliotheek en steun in de regio"),
        url_name="practices:list",
        permission="practice.view",
    )
)
