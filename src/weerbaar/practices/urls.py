from django.urls import path

from .views import library, support

app_name = "practices"

urlpatterns = [
    path("praktijken/", library.PracticeListView.as_view(), name="list"),
    path("praktijken/nieuw/", library.PracticeCreateView.as_view(), name="create"),
    path("praktijken/<int:practice_id>/", library.PracticeDetailView.as_view(), name="detail"),
    path(
        "praktijken/<int:practice_id>/bewerken/",
        library.PracticeEditView.as_view(),
        name="edit",
    ),
    path("praktijken/<int:practice_id>/indienen/", library.SubmitView.as_view(), name="submit"),
    path("praktijken/<int:practice_id>/beoordelen/", library.ReviewView.as_view(), name="review"),
    path(
        "praktijken/<int:practice_id>/intrekken/",
        library.WithdrawView.as_view(),
        name="withdraw",
    ),
    path(
        "praktijken/<int:practice_id>/documenten/",
        library.DocumentUploadView.as_view(),
        name="upload",
    ),
    path("praktijken/<int:practice_id>/overnemen/", library.AdoptView.as_view(), name="adopt"),
    path(
        "praktijken/documenten/<int:practicedocument_id>/",
        library.DocumentDownloadView.as_view(),
        name="document",
    ),
    path(
        "praktijken/documenten/<int:practicedocument_id>/verwijderen/",
        library.DocumentDeleteView.as_view(),
        name="document_delete",
    ),
    path("steun/", support.SupportDirectoryView.as_view(), name="support"),
    path("steun/nieuw/", support.SupportLinkFormView.as_view(), name="support_create"),
    path(
        "steun/<int:supportlink_id>/bewerken/",
        support.SupportLinkFormView.as_view(),
        name="support_edit",
    ),
    path(
        "steun/<int:supportlink_id>/verwijderen/",
        support.SupportLinkDeleteView.as_view(),
        name="support_delete",
    ),
]
