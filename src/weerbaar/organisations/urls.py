from django.urls import path

from . import views, views_theme

app_name = "organisations"

urlpatterns = [
    path("instellingen/", views.OrganisationSettingsView.as_view(), name="settings"),
    path("instellingen/huisstijl/", views_theme.ThemeView.as_view(), name="theme"),
    path("thema.css", views_theme.ThemeStylesheetView.as_view(), name="theme_css"),
    path("logo/", views_theme.LogoView.as_view(), name="logo"),
    path("leden/", views.MembersView.as_view(), name="members"),
    path(
        "leden/<int:membership_id>/intrekken/",
        views.MembershipRemoveView.as_view(),
        name="remove_member",
    ),
    path(
        "leden/verzoeken/<int:membershiprequest_id>/",
        views.MembershipRequestDecisionView.as_view(),
        name="decide_request",
    ),
]

admin_urlpatterns = [
    path("", views.OrganisationListView.as_view(), name="admin_list"),
    path("nieuw/", views.OrganisationCreateView.as_view(), name="admin_create"),
]
