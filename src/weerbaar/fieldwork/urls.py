from django.urls import path

from .views import documents, intake, interviews

app_name = "fieldwork"

urlpatterns = [
    path(
        "scans/<int:scan_id>/veldwerk/",
        documents.FieldworkOverviewView.as_view(),
        name="overview",
    ),
    path(
        "scans/<int:scan_id>/veldwerk/documenten/nieuw/",
        documents.DocumentCreateView.as_view(),
        name="document_create",
    ),
    path(
        "veldwerk/documenten/<int:fielddocument_id>/",
        documents.DocumentDetailView.as_view(),
        name="document",
    ),
    path(
        "veldwerk/documenten/<int:fielddocument_id>/bewerken/",
        documents.DocumentEditView.as_view(),
        name="document_edit",
    ),
    path(
        "veldwerk/documenten/<int:fielddocument_id>/bestand/",
        documents.DocumentDownloadView.as_view(),
        name="document_file",
    ),
    path(
        "veldwerk/documenten/<int:fielddocument_id>/verwijderen/",
        documents.DocumentDeleteView.as_view(),
        name="document_delete",
    ),
    path(
        "scans/<int:scan_id>/veldwerk/gesprekken/nieuw/",
        interviews.SessionCreateView.as_view(),
        name="session_create",
    ),
    path(
        "veldwerk/gesprekken/<int:interviewsession_id>/",
        interviews.SessionDetailView.as_view(),
        name="session",
    ),
    path(
        "veldwerk/gesprekken/<int:interviewsession_id>/bewerken/",
        interviews.SessionEditView.as_view(),
        name="session_edit",
    ),
    path(
        "scans/<int:scan_id>/veldwerk/intake/",
        intake.IntakeProgressView.as_view(),
        name="intake_progress",
    ),
    path(
        "veldwerk/intake/<int:departmentintake_id>/",
        intake.IntakeReviewView.as_view(),
        name="intake_review",
    ),
    path("afdeling/", intake.MyIntakesView.as_view(), name="my_intakes"),
    path(
        "afdeling/intake/<int:departmentintake_id>/",
        intake.IntakeFillView.as_view(),
        name="intake_fill",
    ),
]
