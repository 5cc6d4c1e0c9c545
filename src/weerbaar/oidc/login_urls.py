from django.urls import path

from . import login_views

app_name = "oidc_login"

urlpatterns = [
    path("", login_views.choose, name="choose"),
    path("<slug:org>/inloggen/", login_views.start, name="start"),
    path("<slug:org>/terug/", login_views.callback, name="callback"),
]
