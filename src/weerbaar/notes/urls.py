from django.urls import path

from . import views

app_name = "notes"

urlpatterns = [
    path("notities/", views.NoteListView.as_view(), name="list"),
    path("notities/nieuw/", views.NoteCreateView.as_view(), name="create"),
    path("notities/<int:confidentialnote_id>/", views.NoteDetailView.as_view(), name="detail"),
    path(
        "notities/<int:confidentialnote_id>/bewerken/",
        views.NoteEditView.as_view(),
        name="edit",
    ),
    path(
        "notities/<int:confidentialnote_id>/verwijderen/",
        views.NoteDeleteView.as_view(),
        name="delete",
    ),
]
