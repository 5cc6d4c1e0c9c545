from django.urls import path

from . import views

app_name = "actions"

urlpatterns = [
    path("acties/", views.ActionListView.as_view(), name="list"),
    path("acties/mijn/", views.MyActionsView.as_view(), name="mine"),
    path("acties/overzicht/", views.OverviewView.as_view(), name="overview"),
    path("acties/instellingen/", views.SettingsView.as_view(), name="settings"),
    path("acties/<int:action_id>/", views.ActionDetailView.as_view(), name="detail"),
    path("acties/<int:action_id>/bewerken/", views.ActionEditView.as_view(), name="edit"),
    path("acties/<int:action_id>/status/", views.ActionStatusView.as_view(), name="status"),
    path("acties/<int:action_id>/notitie/", views.ActionNoteView.as_view(), name="note"),
    path("acties/<int:action_id>/bewijs/", views.ActionEvidenceView.as_view(), name="evidence"),
    path("scans/<int:scan_id>/acties/nieuw/", views.ActionCreateView.as_view(), name="create"),
    path(
        "scans/<int:scan_id>/acties/uit-aanbevelingen/",
        views.FromRecommendationsView.as_view(),
        name="from_recommendations",
    ),
    path("scans/<int:scan_id>/herhaalmeting/", views.RepeatScanView.as_view(), name="repeat"),
    path("scans/<int:scan_id>/vergelijking/", views.ComparisonView.as_view(), name="comparison"),
    path("voortgang/", views.ProgressReportListView.as_view(), name="progress_list"),
    path(
        "voortgang/<int:progressreport_id>/",
        views.ProgressReportDetailView.as_view(),
        name="progress_detail",
    ),
    path(
        "voortgang/<int:progressreport_id>/pdf/",
        views.ProgressReportPdfView.as_view(),
        name="progress_pdf",
    ),
    path(
        "voortgang/<int:progressreport_id>/docx/",
        views.ProgressReportDocxView.as_view(),
        name="progress_docx",
    ),
]
