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
# The confidential notes (weerbaar.notes) sit in the same layer as scans and cannot register
# a link of their own: their link is registered here (a URL name and a permission only).
register_dashboard_link(
    DashboardLink(
        key="notes",
        order=70,
        label=_("Vertrouwelijke notities"),
        url_name="notes:list",
        permission="notes.use",
    )
)
