from django.urls import path

from . import views

app_name = "awareness"

urlpatterns = [
    path("bewustwording/", views.PlannerView.as_view(), name="planner"),
    path("bewustwording/nieuw/", views.SessionFormView.as_view(), name="create"),
    path(
        "bewustwording/<int:awarenesssession_id>/",
        views.SessionEditView.as_view(),
        name="edit",
    ),
    path(
        "bewustwording/<int:awarenesssession_id>/gehouden/",
        views.SessionHeldView.as_view(),
        name="held",
    ),
]
