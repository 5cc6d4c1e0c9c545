from django.urls import path

from . import views

app_name = "scans"

urlpatterns = [
    path("", views.OrganisationDashboardView.as_view(), name="organisation"),
    path("scans/nieuw/", views.ScanCreateView.as_view(), name="create"),
    path("scans/<int:scan_id>/", views.ScanDetailView.as_view(), name="detail"),
    path("scans/<int:scan_id>/status/", views.ScanStatusView.as_view(), name="status"),
    path("scans/<int:scan_id>/bewerken/", views.ScanEditView.as_view(), name="edit"),
    path("scans/<int:scan_id>/verwijderen/", views.ScanRemoveView.as_view(), name="remove"),
    path("scans/<int:scan_id>/auditlog/", views.ScanAuditView.as_view(), name="audit"),
]
