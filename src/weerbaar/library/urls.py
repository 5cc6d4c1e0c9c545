from django.urls import path

from . import views, views_manage

app_name = "library"

urlpatterns = [
    path("", views.LibraryIndexView.as_view(), name="index"),
    path("beheer/", views_manage.LibraryManageView.as_view(), name="manage"),
    path("beheer/sjabloon.xlsx", views_manage.TemplateDownloadView.as_view(), name="template"),
    path("beheer/<int:draft_id>/", views_manage.DraftView.as_view(), name="draft"),
    path("beheer/<int:draft_id>/publiceren/", views_manage.PublishView.as_view(), name="publish"),
    path("<int:version_id>/", views.LibrarySectionView.as_view(), name="version"),
    path("<int:version_id>/<slug:section>/", views.LibrarySectionView.as_view(), name="section"),
]
