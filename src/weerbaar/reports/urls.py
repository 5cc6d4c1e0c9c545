from django.urls import path

from . import views, views_approval

app_name = "reports"

urlpatterns = [
    path("scans/<int:scan_id>/rapport/", views.ScanReportView.as_view(), name="scan_report"),
    path("rapport/<int:report_id>/", views.ReportDraftView.as_view(), name="draft"),
    path("rapport/<int:report_id>/bewerken/", views.ReportEditView.as_view(), name="edit"),
    path(
        "rapport/<int:report_id>/publiceren/",
        views_approval.ReportSubmitView.as_view(),
        name="publish",
    ),
    path(
        "rapport/<int:report_id>/concept/<str:report_format>/",
        views.ReportDraftDownloadView.as_view(),
        name="draft_download",
    ),
    path("rapporten/", views.VersionListView.as_view(), name="versions"),
    path(
        "rapporten/vaststelling/",
        views_approval.ApprovalPolicyView.as_view(),
        name="approval_policy",
    ),
    path("rapporten/<int:reportversion_id>/", views.VersionDetailView.as_view(), name="version"),
    path(
        "rapporten/<int:reportversion_id>/vaststellen/",
        views_approval.VersionDecisionView.as_view(action="approve"),
        name="approve",
    ),
    path(
        "rapporten/<int:reportversion_id>/terugsturen/",
        views_approval.VersionDecisionView.as_view(action="send_back"),
        name="send_back",
    ),
    path(
        "rapporten/<int:reportversion_id>/intrekken/",
        views_approval.VersionDecisionView.as_view(action="withdraw"),
        name="withdraw",
    ),
    path(
        "rapporten/<int:reportversion_id>/<str:report_format>/",
        views.VersionDownloadView.as_view(),
        name="version_download",
    ),
]
