"""The API under ``/api/v1/`` (no trailing slashes, as the Dutch API Design Rules ask)."""

from django.urls import path, re_path

from .views import actions, base, docs, resources

app_name = "api"

urlpatterns = [
    path("schema", docs.SchemaView.as_view(), name="schema"),
    path("openapi.json", docs.SchemaView.as_view(), name="openapi"),
    path("docs", docs.DocsView.as_view(), name="docs"),
    path("organisations", resources.OrganisationList.as_view(), name="organisations"),
    path(
        "organisations/<int:organisation_id>",
        resources.OrganisationDetail.as_view(),
        name="organisation",
    ),
    path("scans", resources.ScanList.as_view(), name="scans"),
    path("scans/<int:scan_id>", resources.ScanDetail.as_view(), name="scan"),
    path("reports", resources.ReportList.as_view(), name="reports"),
    path("reports/<int:reportversion_id>", resources.ReportDetail.as_view(), name="report"),
    path(
        "reports/<int:reportversion_id>/files/<str:report_format>",
        resources.ReportFile.as_view(),
        name="report-file",
    ),
    path("action-plans", actions.ActionPlanList.as_view(), name="action-plans"),
    path("action-plans/<int:scan_id>", actions.ActionPlanDetail.as_view(), name="action-plan"),
    path("actions", actions.ActionList.as_view(), name="actions"),
    path("actions/<int:action_id>", actions.ActionDetail.as_view(), name="action"),
    path("actions/<int:action_id>/notes", actions.ActionNotes.as_view(), name="action-notes"),
    path("surveys", resources.SurveyList.as_view(), name="surveys"),
    path(
        "surveys/<int:survey_id>/results", resources.SurveyResults.as_view(), name="survey-results"
    ),
    path("incident-statistics", resources.IncidentStatistics.as_view(), name="incident-statistics"),
    re_path(r"^(?P<rest>.*)$", base.not_found),
]
