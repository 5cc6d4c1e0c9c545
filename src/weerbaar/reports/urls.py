from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("scans/<int:scan_id>/rapport/", views.ScanReportView.as_view(), name="scan_report"),
    path("rapport/<int:report_id>/", views.ReportDraftView.as_view(), name="draft"),
    path("rapport/<int:report_id>/bewerken/", views.ReportEditView.as_view(), name="edit"),
    path("rapport/<int:report_id>/publiceren/", views.ReportPublishView.as_view(), name="publish"),
    path(
        "rapport/<int:report_id>/concept/<str:report_format>/",
        views.ReportDraftDownloadView.as_view(),
        name="draft_download",
    ),
    path("rapporten/", views.VersionListView.as_view(), name="versions"),
    path("rapporten/<int:reportversion_id>/", views.VersionDetailView.as_view(), name="version"),
    path(
        "rapporten/<int:reportversion_id>/<str:report_format>/",
        views.VersionDownloadView.as_view(),
        name="version_download",
    ),
]
