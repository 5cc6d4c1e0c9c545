from django.urls import path

from . import views

app_name = "registers"

urlpatterns = [
    path("scans/<int:scan_id>/processen/", views.ProcessListView.as_view(), name="process_list"),
    path(
        "scans/<int:scan_id>/processen/nieuw/",
        views.ProcessFormView.as_view(),
        name="process_create",
    ),
    path(
        "scans/<int:scan_id>/processen/standaard/",
        views.ProcessSeedView.as_view(),
        name="process_seed",
    ),
    path(
        "scans/<int:scan_id>/processen/matrix/",
        views.CriteriaMatrixView.as_view(),
        name="process_matrix",
    ),
    path(
        "scans/<int:scan_id>/processen/<int:processentry_id>/criterium/",
        views.CriterionCellView.as_view(),
        name="process_criterion",
    ),
    path(
        "scans/<int:scan_id>/processen/score/",
        views.ProcessScorePreviewView.as_view(),
        name="process_score",
    ),
    path(
        "scans/<int:scan_id>/processen/<int:processentry_id>/",
        views.ProcessFormView.as_view(),
        name="process_edit",
    ),
    path(
        "scans/<int:scan_id>/processen/<int:processentry_id>/verwijderen/",
        views.ProcessDeleteView.as_view(),
        name="process_delete",
    ),
    path("scans/<int:scan_id>/functies/", views.FunctionListView.as_view(), name="function_list"),
    path(
        "scans/<int:scan_id>/functies/nieuw/",
        views.FunctionFormView.as_view(),
        name="function_create",
    ),
    path(
        "scans/<int:scan_id>/functies/score/",
        views.FunctionScorePreviewView.as_view(),
        name="function_score",
    ),
    path(
        "scans/<int:scan_id>/functies/<int:functionentry_id>/",
        views.FunctionFormView.as_view(),
        name="function_edit",
    ),
    path(
        "scans/<int:scan_id>/functies/<int:functionentry_id>/verwijderen/",
        views.FunctionDeleteView.as_view(),
        name="function_delete",
    ),
    path(
        "scans/<int:scan_id>/kwetsbaarheidsprofiel/",
        views.ProfileView.as_view(),
        name="profile",
    ),
]
