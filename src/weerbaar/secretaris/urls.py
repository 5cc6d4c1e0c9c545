from django.urls import path

from . import views, views_agenda

app_name = "secretaris"

urlpatterns = [
    path("secretaris/", views.HomeView.as_view(), name="home"),
    path("secretaris/zelfscan/", views.SelfScanView.as_view(), name="selfscan"),
    path("secretaris/zelfscan/delen/", views.SelfScanShareView.as_view(), name="selfscan_share"),
    path("secretaris/zelfscan/regio/", views.SelfScanRegionView.as_view(), name="selfscan_region"),
    path("zelfscan-gedeeld/", views.SharedSelfScansView.as_view(), name="selfscan_shared"),
    path("secretaris/agenda/", views_agenda.AgendaListView.as_view(), name="agenda"),
    path(
        "secretaris/agenda/<int:agendaitem_id>/",
        views_agenda.AgendaDetailView.as_view(),
        name="agenda_detail",
    ),
    path(
        "secretaris/agenda/<int:agendaitem_id>/verversen/",
        views_agenda.AgendaRefreshView.as_view(),
        name="agenda_refresh",
    ),
    path(
        "secretaris/agenda/<int:agendaitem_id>/besluit/",
        views_agenda.AgendaDecisionView.as_view(),
        name="agenda_decision",
    ),
    path(
        "secretaris/agenda/<int:agendaitem_id>/actie/",
        views_agenda.AgendaActionView.as_view(),
        name="agenda_action",
    ),
    path(
        "secretaris/agenda/<int:agendaitem_id>/pdf/",
        views_agenda.AgendaDocumentView.as_view(fmt="pdf"),
        name="agenda_pdf",
    ),
    path(
        "secretaris/agenda/<int:agendaitem_id>/docx/",
        views_agenda.AgendaDocumentView.as_view(fmt="docx"),
        name="agenda_docx",
    ),
    path("secretaris/portefeuilles/", views_agenda.PortfolioListView.as_view(), name="portfolios"),
    path(
        "secretaris/portefeuilles/<int:portfolio_id>/",
        views_agenda.PortfolioDetailView.as_view(),
        name="portfolio_detail",
    ),
    path(
        "secretaris/portefeuilles/<int:portfolio_id>/pdf/",
        views_agenda.PortfolioPdfView.as_view(),
        name="portfolio_pdf",
    ),
]
