from django.utils.translation import gettext_lazy as _

from weerbaar.scans.dashboard import DashboardLink, register_dashboard_link

from .access import WORKSPACE

register_dashboard_link(
    DashboardLink(
        key="secretaris",
        order=50,
        label=_("Werkplek gemeentesecretaris"),
        url_name="secretaris:home",
        permission=WORKSPACE,
    )
)
