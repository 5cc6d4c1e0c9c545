"""URLs of the disclosure pages (include under ``o/<slug:org>/``)."""

from django.urls import path

from . import views

app_name = "disclosure"

urlpatterns = [
    path("onderzoeksbestanden/", views.GrantedSurveysView.as_view(), name="granted"),
    path(
        "enquetes/<int:survey_id>/onderzoeksbestand/",
        views.ResearchView.as_view(),
        name="research",
    ),
    path(
        "enquetes/<int:survey_id>/onderzoeksbestand/download/",
        views.ResearchDownloadView.as_view(),
        name="research_download",
    ),
    path(
        "enquetes/<int:survey_id>/open-antwoorden/",
        views.FreeTextsView.as_view(),
        name="texts",
    ),
    path("enquetes/<int:survey_id>/vrijgave/", views.ReleaseView.as_view(), name="release"),
]
