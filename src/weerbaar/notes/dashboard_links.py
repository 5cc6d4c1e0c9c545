from django.utils.translation import gettext_lazy as _

from weerbaar.scans.dashboard import DashboardLink, register_dashboard_link

register_dashboard_link(
    DashboardLink(
        key="notes",
        order=70,
        label=_("Vertrouwelijke notities"),
        url_name="notes:list",
        permission="notes.use",
    )
)
