"""Read endpoints: the organisation, its scans, published reports, surveys with their
suppressed results, and incident statistics."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Exists, OuterRef
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions
from rest_framework.response import Response

from weerbaar.incidents.selectors import statistics as incident_statistics
from weerbaar.organisations.models import Organisation
from weerbaar.reports import approval
from weerbaar.reports import files as report_files
from weerbaar.reports import services as report_services
from weerbaar.reports.models import ReportVersion, VersionKind
from weerbaar.reports.render import CONTENT_TYPES, FORMATS, filename
from weerbaar.scans.models import Scan, ScanStatus
from weerbaar.surveys.fieldwork import results_released
from weerbaar.surveys.models import Survey
from weerbaar.surveys.results.export import results_table
from weerbaar.surveys.results.services import survey_results

from .. import serializers as s
from .base import (
    RESULTS,
    AnyAccept,
    ApiView,
    DetailView,
    ListView,
    query_choice,
    query_date,
    query_int,
)

SCAN_FILTER = OpenApiParameter("scan", int, description="Only those of this scan (id).")
REPORT_LANGUAGES = ["nl", "en"]

# ----------------------------------------------------------------------------- organisation


@extend_schema(tags=["organisations"], summary="The token's organisation (a list of one)")
class OrganisationList(ListView):
    serializer_class = s.OrganisationSerializer

    def get_queryset(self):
        return self.scoped_queryset(Organisation.objects.select_related("region"))


@extend_schema(tags=["organisations"], summary="The token's organisation")
class OrganisationDetail(DetailView):
    serializer_class = s.OrganisationSerializer
    lookup_url_kwarg = "organisation_id"

    def get_queryset(self):
        return self.scoped_queryset(Organisation.objects.select_related("region"))


# ----------------------------------------------------------------------------- scans


@extend_schema(
    tags=["scans"],
    summary="Scans and their phase",
    parameters=[
        OpenApiParameter("phase", str, enum=list(ScanStatus.values), description="Only this phase.")
    ],
)
class ScanList(ListView):
    serializer_class = s.ScanSerializer

    def get_queryset(self):
        qs = self.scoped_queryset(Scan.objects.select_related("library_version"))
        phase = query_choice(self.request, "phase", list(ScanStatus.values))
        return qs.filter(status=phase) if phase else qs


@extend_schema(tags=["scans"], summary="One scan and its phase")
class ScanDetail(DetailView):
    serializer_class = s.ScanSerializer
    lookup_url_kwarg = "scan_id"

    def get_queryset(self):
        return self.scoped_queryset(Scan.objects.select_related("library_version"))


# ----------------------------------------------------------------------------- reports


def published_reports(organisation: Organisation):
    """Approved versions only (as lezers see them; withdrawn ones stay, marked): never a
    draft nor a version that waits for approval."""
    withdrawn = ReportVersion.objects.filter(withdraws=OuterRef("pk"))
    return (
        approval.visible_versions(
            report_services.published_versions(organisation), sees_unapproved=False
        )
        .annotate(withdrawn=Exists(withdrawn))
        .order_by("-published_at", "-number")
    )


@extend_schema(tags=["reports"], summary="Published (approved) reports", parameters=[SCAN_FILTER])
class ReportList(ListView):
    serializer_class = s.ReportSerializer

    def get_queryset(self):
        qs = published_reports(self.organisation)
        scan = query_int(self.request, "scan")
        return qs if scan is None else qs.filter(scan_id=scan)


@extend_schema(tags=["reports"], summary="One published report's metadata")
class ReportDetail(DetailView):
    serializer_class = s.ReportSerializer
    lookup_url_kwarg = "reportversion_id"

    def get_queryset(self):
        return published_reports(self.organisation)


@extend_schema(
    tags=["reports"],
    summary="The stored file of a published report (pdf, docx or html)",
    parameters=[
        OpenApiParameter("report_format", str, OpenApiParameter.PATH, enum=list(FORMATS)),
        OpenApiParameter(
            "language", str, enum=REPORT_LANGUAGES, description="Default: the report's own."
        ),
    ],
    responses={
        (200, "application/pdf"): OpenApiTypes.BINARY,
        (200, CONTENT_TYPES["docx"]): OpenApiTypes.BINARY,
        (200, "text/html"): OpenApiTypes.STR,
    },
)
class ReportFile(ApiView):
    content_negotiation_class = AnyAccept

    def get(self, request, reportversion_id: int, report_format: str) -> HttpResponse:
        if report_format not in FORMATS:
            raise Http404
        version = published_reports(self.organisation).filter(pk=reportversion_id).first()
        if version is None or version.kind != VersionKind.REPORT:
            raise Http404
        language = query_choice(request, "language", REPORT_LANGUAGES) or version.language
        data = report_files.read(version, report_format, language)
        response = HttpResponse(data, content_type=CONTENT_TYPES[report_format])
        name = filename(version.snapshot, report_format, version.number)
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


# ----------------------------------------------------------------------------- surveys


@extend_schema(tags=["surveys"], summary="Surveys of the organisation", parameters=[SCAN_FILTER])
class SurveyList(ListView):
    serializer_class = s.SurveySerializer

    def get_queryset(self):
        qs = self.scoped_queryset(Survey.objects.all()).order_by("-created_at", "-pk")
        scan = query_int(self.request, "scan")
        return qs if scan is None else qs.filter(scan_id=scan)


@extend_schema(
    tags=["surveys"],
    summary="A survey's suppressed results (as the results page and its export show them)",
    description="Nothing below the survey's k is ever given: a withheld number is null, "
    "marked 'x' in 'onderdrukt'. Before the field period closes, 'released' is false and "
    "there are no rows. Every read is recorded in the organisation's audit log.",
    responses=s.SurveyResultsSerializer,
)
class SurveyResults(ApiView):
    required_scopes = RESULTS

    def get(self, request, survey_id: int) -> Response:
        survey = (
            self.scoped_queryset(Survey.objects.select_related("scan__organisation"))
            .filter(pk=survey_id)
            .first()
        )
        if survey is None:
            raise Http404
        if not results_released(survey):
            empty: dict[str, Any] = {"survey": survey.pk, "released": False, "k": None}
            return Response({**empty, "columns": [], "rows": []})
        # Free texts are never part of the results (see weerbaar.disclosure).
        results = survey_results(survey, include_texts=False)
        self.record_read(survey, "survey_results")
        header, *lines = results_table(results)
        rows = [dict(zip(header, line, strict=True)) for line in lines]
        body = {
            "survey": survey.pk,
            "released": True,
            "k": results["k"],
            "columns": header,
            "rows": rows,
        }
        return Response(body)


# ----------------------------------------------------------------------------- incidents


@extend_schema(
    tags=["incidents"],
    summary="Suppressed incident and signal statistics (as the report shows them)",
    description="Counts per category and quarter, contact within 48 hours, time to contact, "
    "aangifte rate and signals per process; every cell below k is suppressed (value null). "
    "Every read is recorded in the organisation's audit log.",
    parameters=[
        OpenApiParameter(
            "from", OpenApiTypes.DATE, description="First date (default: a year before 'to')."
        ),
        OpenApiParameter("to", OpenApiTypes.DATE, description="Last date (default: today)."),
    ],
    responses=s.IncidentStatisticsSerializer,
)
class IncidentStatistics(ApiView):
    required_scopes = RESULTS

    def get(self, request) -> Response:
        end = query_date(request, "to") or timezone.localdate()
        start = query_date(request, "from") or end - datetime.timedelta(days=365)
        if start > end:
            raise exceptions.ValidationError({"from": [_("'from' ligt na 'to'.")]})
        figures = incident_statistics(self.organisation, start, end)
        self.record_read(
            self.organisation, "incident_statistics", start=start.isoformat(), end=end.isoformat()
        )
        return Response(figures.as_json())
