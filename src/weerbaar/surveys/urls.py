from django.urls import path

from . import editor_item_views, editor_preview_views, editor_views, limesurvey_views, views

app_name = "surveys"

urlpatterns = [
    path(
        "scans/<int:scan_id>/enquetes/nieuw/",
        views.SurveyCreateView.as_view(),
        name="create",
    ),
    path("enquetes/<int:survey_id>/", views.SurveyDetailView.as_view(), name="detail"),
    path("enquetes/<int:survey_id>/status/", views.SurveyStatusView.as_view(), name="status"),
    path("enquetes/<int:survey_id>/periode/", views.SurveyPeriodView.as_view(), name="period"),
    path("enquetes/<int:survey_id>/celgrootte/", views.SurveyKView.as_view(), name="k"),
    path("enquetes/<int:survey_id>/verwijderen/", views.SurveyRemoveView.as_view(), name="remove"),
    path("vragenlijsten/", views.QuestionnaireListView.as_view(), name="questionnaires"),
    path(
        "vragenlijsten/limesurvey/",
        limesurvey_views.LimeSurveyImportView.as_view(),
        name="questionnaire_limesurvey",
    ),
    path(
        "vragenlijsten/<int:questionnaire_id>/",
        views.QuestionnaireEditView.as_view(),
        name="questionnaire",
    ),
    path(
        "vragenlijsten/<int:questionnaire_id>/kopie/",
        views.QuestionnaireCopyView.as_view(),
        name="questionnaire_copy",
    ),
    *editor_views.urlpatterns,
    *editor_item_views.urlpatterns,
    *editor_preview_views.urlpatterns,
]
