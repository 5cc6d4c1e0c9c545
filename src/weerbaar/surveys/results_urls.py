"""URLs of the survey results pages (include under ``o/<slug:org>/``)."""

from django.urls import path

from weerbaar.core.urlkwargs import register_kwarg

from . import results_views as views

app_name = "survey_results"

register_kwarg("export_kind", lambda organisation: "resultaten-csv")

urlpatterns = [
    path("enquetes/<int:survey_id>/resultaten/", views.ResultsView.as_view(), name="results"),
    path("enquetes/<int:survey_id>/respons/", views.ResponseRateView.as_view(), name="rate"),
    path(
        "enquetes/<int:survey_id>/uitnodigingen/",
        views.InvitationsView.as_view(),
        name="invitations",
    ),
    path(
        "enquetes/<int:survey_id>/export/<slug:export_kind>/",
        views.ExportView.as_view(),
        name="export",
    ),
    path("enquetes/<int:survey_id>/import/", views.ImportView.as_view(), name="import"),
]
