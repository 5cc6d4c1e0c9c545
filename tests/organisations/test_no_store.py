"""Personal pages and downloads are never kept by a browser or proxy cache."""

from __future__ import annotations

import pytest
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse

from weerbaar.core.middleware import NoStoreMiddleware
from weerbaar.reports.models import ReportVersion
from weerbaar.surveys.models import Survey

pytestmark = pytest.mark.django_db


def cache_control(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


def test_a_page_for_a_logged_in_user_is_no_store(client_for):
    response = client_for("coordinator").get("/o/voorbeeld/leden/")
    assert response.status_code == 200
    assert {"no-store", "private"} <= cache_control(response)


def test_a_download_is_no_store(client_for, voorbeeld):
    version = ReportVersion.objects.filter(report__scan__organisation=voorbeeld).first()
    url = reverse("reports:version_download", args=["voorbeeld", version.pk, "html"])
    response = client_for("coordinator").get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert "no-store" in cache_control(response)


def test_a_respondent_page_is_no_store(voorbeeld):
    survey = Survey.objects.filter(scan__organisation=voorbeeld).exclude(open_code=None).first()
    response = Client().get(reverse("respond:open_intro", kwargs={"code": survey.open_code}))
    assert response.status_code in {200, 410}  # the demo's surveys are closed
    assert {"no-store", "private"} <= cache_control(response)


def test_an_anonymous_public_response_is_left_alone():
    from django.contrib.auth.models import AnonymousUser

    def view(request):
        response = HttpResponse(b"x")
        response["Cache-Control"] = "public, max-age=60"
        return response

    request = RequestFactory().get("/x")
    request.user = AnonymousUser()
    assert NoStoreMiddleware(view)(request)["Cache-Control"] == "public, max-age=60"


def test_an_anonymous_attachment_is_no_store_and_caching_headers_are_replaced():
    from django.contrib.auth.models import AnonymousUser

    def view(request):
        response = HttpResponse(b"a;b\n", content_type="text/csv")
        response["Content-Disposition"] = 'attachment; filename="x.csv"'
        response["Cache-Control"] = "public, max-age=3600"
        response["Expires"] = "Thu, 01 Jan 2099 00:00:00 GMT"
        return response

    request = RequestFactory().get("/x.csv")
    request.user = AnonymousUser()
    response = NoStoreMiddleware(view)(request)
    assert cache_control(response) == {"no-store", "private"}
    assert "Expires" not in response


def test_an_explicit_no_store_is_kept():
    from django.contrib.auth.models import AnonymousUser

    def view(request):
        response = HttpResponse(b"x")
        response["Content-Disposition"] = "attachment"
        response["Cache-Control"] = "no-store, no-cache, must-revalidate"
        return response

    request = RequestFactory().get("/x")
    request.user = AnonymousUser()
    response = NoStoreMiddleware(view)(request)
    assert response["Cache-Control"] == "no-store, no-cache, must-revalidate"
