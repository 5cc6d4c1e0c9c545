"""The API token page of an organisation (include under ``o/<slug:org>/``)."""

from django.urls import path

from .views import tokens

app_name = "api_tokens"

urlpatterns = [
    path("api-sleutels/", tokens.TokenListView.as_view(), name="list"),
    path(
        "api-sleutels/<int:apitoken_id>/intrekken/",
        tokens.TokenRevokeView.as_view(),
        name="revoke",
    ),
]
