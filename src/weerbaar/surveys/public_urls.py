"""Anonymous respondent URLs (no login, no organisation scope).

``/r/<token>/``: a personal link (one per invitee); ``/o-link/<code>/``: an open link.
"""

from django.urls import path

from . import respond_views as views

app_name = "respond"

urlpatterns = [
    path("r/<str:token>/", views.PersonalIntroView.as_view(), name="personal_intro"),
    path("r/<str:token>/vragen/", views.PersonalPageView.as_view(), name="personal_page"),
    path("r/<str:token>/bedankt/", views.PersonalThanksView.as_view(), name="personal_thanks"),
    path("o-link/<str:code>/", views.OpenIntroView.as_view(), name="open_intro"),
    path("o-link/<str:code>/vragen/", views.OpenPageView.as_view(), name="open_page"),
    path("o-link/<str:code>/bedankt/", views.OpenThanksView.as_view(), name="open_thanks"),
]
