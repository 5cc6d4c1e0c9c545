"""The app's URLs plus the survey results pages, whether or not the lead included them yet."""

from django.urls import include, path

from weerbaar.urls import urlpatterns as base_urlpatterns

urlpatterns = list(base_urlpatterns)
if not any(getattr(p, "namespace", None) == "survey_results" for p in base_urlpatterns):
    urlpatterns.append(path("o/<slug:org>/", include("weerbaar.surveys.results_urls")))
