"""The RIEC dashboards: one per region, for the region's RIEC advisers (not per organisation)."""

from django.urls import path

from . import views

app_name = "regional_region"

urlpatterns = [
    path("", views.RegionIndexView.as_view(), name="index"),
    path("<slug:region>/", views.RegionDashboardView.as_view(), name="dashboard"),
]
