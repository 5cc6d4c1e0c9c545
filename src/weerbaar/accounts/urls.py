from django.urls import path

from . import views, views_admin, views_mfa

app_name = "accounts"

urlpatterns = [
    path("inloggen/", views.LoginView.as_view(), name="login"),
    path("uitloggen/", views.LogoutView.as_view(), name="logout"),
    path("taal/", views.set_language, name="set_language"),
    path("tweede-factor/instellen/", views_mfa.EnrolView.as_view(), name="mfa_enrol"),
    path("tweede-factor/controle/", views_mfa.VerifyView.as_view(), name="mfa_verify"),
    path("tweede-factor/herstelcodes/", views_mfa.recovery_codes, name="mfa_recovery_codes"),
    path("tweede-factor/", views_mfa.ManageView.as_view(), name="mfa_manage"),
    path(
        "tweede-factor/sleutel/opties/",
        views_mfa.passkey_register_options,
        name="mfa_passkey_register_options",
    ),
    path("tweede-factor/sleutel/", views_mfa.passkey_register, name="mfa_passkey_register"),
    path(
        "tweede-factor/sleutel/inloggen/opties/",
        views_mfa.passkey_login_options,
        name="mfa_passkey_login_options",
    ),
    path("tweede-factor/sleutel/inloggen/", views_mfa.passkey_login, name="mfa_passkey_login"),
    path(
        "beheer/tweede-factor/",
        views_admin.SecondFactorResetView.as_view(),
        name="mfa_admin_reset",
    ),
    path("wachtwoord/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "wachtwoord/verstuurd/", views.PasswordResetDoneView.as_view(), name="password_reset_done"
    ),
    path(
        "wachtwoord/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "wachtwoord/klaar/",
        views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
