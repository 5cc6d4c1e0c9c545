from django.urls import path

from . import views

app_name = "regional"

urlpatterns = [
    path("regio/", views.OwnRegionView.as_view(), name="own_region"),
    path("benchmark/", views.BenchmarkView.as_view(), name="benchmark"),
]
