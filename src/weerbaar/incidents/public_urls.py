"""The public meldpunt: no account, no organisation scope (``/meldpunt/<org>/``)."""

from django.urls import path

from . import views_signals

app_name = "meldpunt"

urlpatterns = [
    path("meldpunt/<slug:org>/", views_signals.PublicSignalView.as_view(), name="report"),
    path(
        "meldpunt/<slug:org>/antwoorden/",
        views_signals.PublicDialogueView.as_view(),
        name="dialogue",
    ),
]
