"""URLs of the benchmark server: every production URL, plus the submit floor."""

from django.urls import path

from weerbaar.urls import handler400, handler403, handler404, handler500, urlpatterns

from .floor import floor_view

urlpatterns = [
    path("bench-floor/<uuid:draft>/", floor_view, name="bench_floor"),
    path("bench-floor/<uuid:draft>/vragen/", floor_view, name="bench_floor_page"),
    *urlpatterns,
]

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]
