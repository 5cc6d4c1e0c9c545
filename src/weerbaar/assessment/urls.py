from django.urls import path

from . import views, views_recommendations

app_name = "assessment"

urlpatterns = [
    path(
        "scans/<int:scan_id>/zelfevaluatie/",
        views.DashboardView.as_view(),
        name="dashboard",
    ),
    path(
        "scans/<int:scan_id>/zelfevaluatie/<str:assessment_group>/",
        views.GroupView.as_view(),
        name="group",
    ),
    path(
        "scans/<int:scan_id>/bewijsstukken/<int:evidencedocument_id>/",
        views.DocumentDownloadView.as_view(),
        name="download",
    ),
    path(
        "scans/<int:scan_id>/bewijsstukken/<int:evidencedocument_id>/verwijderen/",
        views.DocumentDeleteView.as_view(),
        name="delete_document",
    ),
    path(
        "scans/<int:scan_id>/aanbevelingen/",
        views_recommendations.RecommendationListView.as_view(),
        name="recommendations",
    ),
    path(
        "scans/<int:scan_id>/aanbevelingen/<int:recommendation_id>/",
        views_recommendations.RecommendationDecideView.as_view(),
        name="recommendation",
    ),
]
