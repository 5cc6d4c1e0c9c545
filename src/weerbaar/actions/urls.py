from django.urls import path

from .views import plan, progress, repeat_scans

app_name = "actions"

urlpatterns = [
    path("acties/", plan.ActionListView.as_view(), name="list"),
    path("acties/mijn/", plan.MyActionsView.as_view(), name="mine"),
    path("acties/overzicht/", plan.OverviewView.as_view(), name="overview"),
    path("acties/instellingen/", plan.SettingsView.as_view(), name="settings"),
    path("acties/<int:action_id>/", plan.ActionDetailView.as_view(), name="detail"),
    path("acties/<int:action_id>/bewerken/", plan.ActionEditView.as_view(), name="edit"),
    path("acties/<int:action_id>/status/", plan.ActionStatusView.as_view(), name="status"),
    path("acties/<int:action_id>/notitie/", plan.ActionNoteView.as_view(), name="note"),
    path("acties/<int:action_id>/bewijs/", plan.ActionEvidenceView.as_view(), name="evidence"),
    path("scans/<int:scan_id>/acties/nieuw/", plan.ActionCreateView.as_view(), name="create"),
    path(
        "scans/<int:scan_id>/acties/uit-aanbevelingen/",
        plan.FromRecommendationsView.as_view(),
        name="from_recommendations",
    ),
    path(
        "scans/<int:scan_id>/herhaalmeting/", repeat_scans.RepeatScanView.as_view(), name="repeat"
    ),
    path(
        "scans/<int:scan_id>/vergelijking/",
        repeat_scans.ComparisonView.as_view(),
        name="comparison",
    ),
    path("voortgang/", progress.ProgressReportListView.as_view(), name="progress_list"),
    path(
        "voortgang/<int:progressreport_id>/",
        progress.ProgressReportDetailView.as_view(),
        name="progress_detail",
    ),
    path(
        "voortgang/<int:progressreport_id>/pdf/",
        progress.ProgressReportPdfView.as_view(),
        name="progress_pdf",
    ),
    path(
        "voortgang/<int:progressreport_id>/docx/",
        progress.ProgressReportDocxView.as_view(),
        name="progress_docx",
    ),
]
