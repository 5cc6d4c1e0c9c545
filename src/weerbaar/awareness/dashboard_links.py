from django.utils.translation import gettext_lazy as _

from weerbaar.scans.dashboard import DashboardLink, register_dashboard_link

register_dashboard_link(
    DashboardLink(
        key="awareness",
        order=76,
        label=_("Bewustwordingsplanner"),
        url_name="awareness:planner",
        permission="awareness.view",
    )
)
