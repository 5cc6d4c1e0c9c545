from django.urls import path

from . import views

app_name = "oidc"

urlpatterns = [
    path("inloggen-via-idp/", views.SettingsView.as_view(), name="settings"),
    path("inloggen-via-idp/regels/", views.RuleAddView.as_view(), name="add_rule"),
    path(
        "inloggen-via-idp/regels/bevestigen/", views.RuleConfirmView.as_view(), name="confirm_rule"
    ),
    path(
        "inloggen-via-idp/regels/verwijderen/", views.RuleRemoveView.as_view(), name="remove_rule"
    ),
]
