"""System checks: each fires on a deliberately broken case and the project passes them."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.db import models
from django.test.utils import isolate_apps, override_settings
from django.urls import path
from django.views.generic import TemplateView

from weerbaar.core.checks import audited_model_errors, permission_errors, url_kwarg_errors
from weerbaar.core.public import public_view
from weerbaar.core.urlwalk import Url
from weerbaar.organisations.views_mixins import OrganisationMixin
from weerbaar.scans.models import Scan, ScanMember


class MisspelledPermissionView(OrganisationMixin, TemplateView):
    permission = "scan.mange"


class FineView(OrganisationMixin, TemplateView):
    permission = "scan.manage"


def _url(pattern: str, view) -> Url:
    return Url(pattern, "broken", view)


# A URLconf with both URL mistakes, for the check command as a whole.
urlpatterns = [
    path("o/<slug:org>/kapot/", MisspelledPermissionView.as_view(), name="misspelled"),
    path("o/<slug:org>/kapot/<slug:frobnicate>/", FineView.as_view(), name="unfillable"),
]


def test_the_project_passes_every_check(db):
    call_command("check")


@override_settings(ROOT_URLCONF=__name__)
def test_the_check_command_fails_on_a_broken_urlconf(db):
    with pytest.raises(SystemCheckError) as exc:
        call_command("check")
    assert "weerbaar.E003" in str(exc.value)
    assert "weerbaar.E004" in str(exc.value)


@isolate_apps("weerbaar.core")
def test_an_audited_model_must_declare_its_organisation():
    class Unscoped(models.Model):  # noqa: DJ008 (a throwaway model)
        audited = True

        class Meta:
            app_label = "core"

    class PlatformWide(models.Model):  # noqa: DJ008 (a throwaway model)
        audited = True
        platform_level = True

        class Meta:
            app_label = "core"

    class WrongPath(models.Model):  # noqa: DJ008 (a throwaway model)
        audited = True
        organisation_field = "scan__organisation"

        class Meta:
            app_label = "core"

    assert [e.id for e in audited_model_errors([Unscoped])] == ["weerbaar.E001"]
    assert audited_model_errors([PlatformWide]) == []
    assert [e.id for e in audited_model_errors([WrongPath])] == ["weerbaar.E002"]


def test_real_scoped_models_pass():
    assert audited_model_errors([Scan, ScanMember]) == []


def test_a_view_permission_must_be_registered():
    errors = permission_errors([_url("o/<slug:org>/x/", MisspelledPermissionView.as_view())])
    assert [e.id for e in errors] == ["weerbaar.E003"]
    assert "scan.mange" in errors[0].msg
    assert permission_errors([_url("o/<slug:org>/x/", FineView.as_view())]) == []


def test_every_url_kwarg_must_be_fillable_by_the_isolation_test():
    view = FineView.as_view()
    broken = url_kwarg_errors([_url("o/<slug:org>/x/<slug:frobnicate>/", view)])
    assert [e.id for e in broken] == ["weerbaar.E004"]
    assert "frobnicate" in broken[0].msg
    fine = [
        _url("o/<slug:org>/x/<int:scan_id>/", view),  # a scoped model
        _url("bibliotheek/<int:version_id>/", view),  # a registered example
    ]
    assert url_kwarg_errors(fine) == []
    # Public views are not walked by the isolation test.
    public = public_view(lambda request, token: None)
    assert url_kwarg_errors([_url("r/<str:token>/", public)]) == []
