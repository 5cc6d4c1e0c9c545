from django.conf import settings
from django.urls import include, path

from weerbaar.core import demo_mail
from weerbaar.core import views as core_views
from weerbaar.organisations import urls as organisation_urls

urlpatterns = [
    path("", core_views.home, name="home"),
    # Respondent links first: the most frequent requests resolve without trying the rest.
    path("", include("weerbaar.surveys.public_urls")),
    path("toegankelijkheid/", core_views.accessibility_statement, name="accessibility_statement"),
    path("account/", include("weerbaar.accounts.urls")),
    path("oidc/", include("weerbaar.oidc.login_urls")),
    path("bibliotheek/", include("weerbaar.library.urls")),
    path("api/v1/", include("weerbaar.api.urls")),
    path(
        "beheer/organisaties/",
        include(
            (organisation_urls.admin_urlpatterns, "organisations_admin"),
            namespace="organisations_admin",
        ),
    ),
    path("o/<slug:org>/", include("weerbaar.scans.urls")),
    path("o/<slug:org>/", include("weerbaar.notes.urls")),
    path("o/<slug:org>/", include("weerbaar.organisations.urls")),
    path("o/<slug:org>/", include("weerbaar.surveys.urls")),
    path("o/<slug:org>/", include("weerbaar.surveys.results_urls")),
    path("o/<slug:org>/", include("weerbaar.disclosure.urls")),
    path("o/<slug:org>/", include("weerbaar.registers.urls")),
    path("o/<slug:org>/", include("weerbaar.incidents.urls")),
    path("o/<slug:org>/", include("weerbaar.fieldwork.urls")),
    path("o/<slug:org>/", include("weerbaar.assessment.urls")),
    path("o/<slug:org>/", include("weerbaar.screening.urls")),
    path("o/<slug:org>/", include("weerbaar.reports.urls")),
    path("o/<slug:org>/", include("weerbaar.actions.urls")),
    path("o/<slug:org>/", include("weerbaar.secretaris.urls")),
    path("o/<slug:org>/", include("weerbaar.practices.urls")),
    path("o/<slug:org>/", include("weerbaar.regional.urls")),
    path("regio/", include("weerbaar.regional.region_urls")),
    path("o/<slug:org>/", include("weerbaar.awareness.urls")),
    path("o/<slug:org>/", include("weerbaar.oidc.urls")),
    path("o/<slug:org>/", include("weerbaar.api.token_urls")),
    path("", include("weerbaar.incidents.public_urls")),
]

if settings.DEMO_MODE:  # the e-mails the demo "sent" (var/mail); the page only exists here
    urlpatterns.append(path("demo/e-mails/", demo_mail.DemoMailView.as_view(), name="demo_mail"))

handler400 = "weerbaar.core.views.error_400"
handler403 = "weerbaar.core.views.error_403"
handler404 = "weerbaar.core.views.error_404"
handler500 = "weerbaar.core.views.error_500"
