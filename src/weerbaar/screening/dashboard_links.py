from django.utils.translation import gettext_lazy as _

from weerbaar.scans.dashboard import DashboardLink, register_dashboard_link

register_dashboard_link(
    DashboardLink(
        key="screening",
        order=72,
        label=_("Screening van kwetsbare functies"),
        url_name="screening:overview",
        permission="screening.view",
    )
)
register_dashboard_link(
    DashboardLink(
        key="candidates",
        order=74,
        label=_("Kandidaat-wethouders: risicoanalyse en screening"),
        url_name="screening:candidates",
        permission="candidates.view",
    )
)
