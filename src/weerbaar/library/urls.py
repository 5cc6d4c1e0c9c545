from django.urls import path

from . import views

app_name = "library"

urlpatterns = [
    path("", views.LibraryIndexView.as_view(), name="index"),
    path("<int:version_id>/", views.LibrarySectionView.as_view(), name="version"),
    path("<int:version_id>/<slug:section>/", views.LibrarySectionView.as_view(), name="section"),
]
