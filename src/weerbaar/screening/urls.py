from django.urls import path

from . import views

app_name = "screening"

urlpatterns = [
    path("screening/", views.OverviewView.as_view(), name="overview"),
    path(
        "screening/functies/<int:functionentry_id>/",
        views.FunctionScreeningView.as_view(),
        name="function",
    ),
    path("screening/kandidaat-wethouders/", views.CandidateListView.as_view(), name="candidates"),
    path(
        "screening/kandidaat-wethouders/<int:candidateround_id>/",
        views.CandidateRoundView.as_view(),
        name="candidate_round",
    ),
]
