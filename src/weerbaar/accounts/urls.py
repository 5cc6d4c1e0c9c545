from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("inloggen/", views.LoginView.as_view(), name="login"),
    path("uitloggen/", views.LogoutView.as_view(), name="logout"),
    path("taal/", views.set_language, name="set_language"),
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
