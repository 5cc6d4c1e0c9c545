"""What the API shows of each resource (dates and times in ISO 8601)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from weerbaar.actions.models import Action, ActionNote, ActionStatus
from weerbaar.actions.services import is_overdue, owner_label
from weerbaar.organisations.models import Organisation
from weerbaar.reports.models import ReportVersion, VersionKind
from weerbaar.reports.render import FORMATS
from weerbaar.scans.models import Scan
from weerbaar.surveys.fieldwork import results_released
from weerbaar.surveys.models import Survey


def _absolute(serializer: serializers.Serializer, name: str, **kwargs: Any) -> str:
    url = reverse(name, kwargs=kwargs)
    request = serializer.context.get("request")
    return request.build_absolute_uri(url) if request is not None else url


class OrganisationSerializer(serializers.ModelSerializer):
    k = serializers.IntegerField(
        read_only=True, help_text="Minimum cell size: no published count is below it."
    )
    region = serializers.StringRelatedField(read_only=True)

    class Meta:
        model = Organisation
        fields = ["id", "slug", "name", "cbs_code", "province", "inhabitants", "region", "k"]


class ScanSerializer(serializers.ModelSerializer):
    phase = serializers.CharField(source="status", read_only=True)
    phase_label = serializers.CharField(source="get_status_display", read_only=True)
    library_version = serializers.StringRelatedField(read_only=True)

    class Meta:
        model = Scan
        fields = [
            "id",
            "title",
            "kind",
            "phase",
            "phase_label",
            "period_start",
            "period_end",
            "previous_scan",
            "library_version",
            "created_at",
            "updated_at",
        ]


class ReportSerializer(serializers.ModelSerializer):
    state = serializers.SerializerMethodField()
    withdrawn = serializers.SerializerMethodField()
    files = serializers.SerializerMethodField()

    class Meta:
        model = ReportVersion
        fields = [
            "id",
            "scan",
            "number",
            "title",
            "kind",
            "state",
            "withdrawn",
            "withdraws",
            "published_at",
            "language",
            "library_version",
            "content_hash",
            "note",
            "files",
        ]

    def get_state(self, version: ReportVersion) -> str:
        return str(getattr(version, "state", "") or "")

    def get_withdrawn(self, version: ReportVersion) -> bool:
        return bool(getattr(version, "withdrawn", False))

    @extend_schema_field(
        {"type": "object", "additionalProperties": {"type": "string", "format": "uri"}}
    )
    def get_files(self, version: ReportVersion) -> dict[str, str]:
        if version.kind != VersionKind.REPORT:
            return {}
        return {
            fmt: _absolute(self, "api:report-file", reportversion_id=version.pk, report_format=fmt)
            for fmt in FORMATS
        }


class ActionNoteSerializer(serializers.ModelSerializer):
    class Meta:
        model = ActionNote
        fields = ["id", "text", "status_from", "status_to", "created_at"]


class ActionSerializer(serializers.ModelSerializer):
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    owner = serializers.SerializerMethodField()
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = Action
        fields = [
            "id",
            "scan",
            "title",
            "description",
            "status",
            "status_label",
            "dropped_reason",
            "owner",
            "owner_role",
            "due_date",
            "overdue",
            "completed_at",
            "measure_id",
            "dimension_ids",
            "pillar_ids",
            "lock_version",
            "created_at",
            "updated_at",
        ]

    def get_owner(self, action: Action) -> str:
        return str(owner_label(action))

    def get_overdue(self, action: Action) -> bool:
        return is_overdue(action, timezone.localdate())


class ActionDetailSerializer(ActionSerializer):
    notes = ActionNoteSerializer(many=True, read_only=True)

    class Meta(ActionSerializer.Meta):
        fields = [*ActionSerializer.Meta.fields, "notes"]


class ActionStatusInput(serializers.Serializer):
    status = serializers.ChoiceField(choices=ActionStatus.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)
    reason = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=5000,
        help_text="Required when the status becomes 'vervallen'.",
    )
    lock_version = serializers.IntegerField(
        min_value=1, help_text="The action's lock_version this change is based on."
    )


class ActionNoteInput(serializers.Serializer):
    text = serializers.CharField(max_length=5000)


class ActionPlanSerializer(serializers.Serializer):
    scan = serializers.IntegerField()
    title = serializers.CharField()
    phase = serializers.CharField()
    total = serializers.IntegerField()
    overdue = serializers.IntegerField()
    per_status = serializers.DictField(child=serializers.IntegerField())
    actions = serializers.URLField()


class SurveySerializer(serializers.ModelSerializer):
    released = serializers.SerializerMethodField()
    results = serializers.SerializerMethodField()

    class Meta:
        model = Survey
        fields = ["id", "scan", "title", "audience", "status", "opens_at", "closes_at"]
        fields += ["released", "results"]

    def get_released(self, survey: Survey) -> bool:
        return results_released(survey)

    @extend_schema_field(OpenApiTypes.URI)
    def get_results(self, survey: Survey) -> str:
        return _absolute(self, "api:survey-results", survey_id=survey.pk)


class SurveyResultsSerializer(serializers.Serializer):
    survey = serializers.IntegerField()
    released = serializers.BooleanField()
    k = serializers.IntegerField(allow_null=True)
    columns = serializers.ListField(child=serializers.CharField())
    rows = serializers.ListField(
        child=serializers.DictField(),
        help_text="One row per item and answer, as in the results export; a withheld number "
        "is null with 'x' in 'onderdrukt'.",
    )


def _incident_fields() -> dict[str, Any]:
    count = serializers.DictField(help_text='{"value": n or null, "suppressed": bool}')
    return {
        "organisation": serializers.CharField(),
        "from": serializers.DateField(),
        "to": serializers.DateField(),
        "k": serializers.IntegerField(),
        "quarters": serializers.ListField(child=serializers.CharField()),
        "incidents_per_category": serializers.ListField(child=serializers.DictField()),
        "incidents_total": count,
        "contact_within_48h_share": serializers.DictField(),
        "median_hours_to_contact": serializers.DictField(),
        "aangifte_rate": serializers.DictField(),
        "signals_per_process": serializers.DictField(
            help_text="Per process id of the library (or 'other'): "
            '{"value": n or null, "suppressed": bool, "label": the library\'s name}'
        ),
        "signals_total": serializers.DictField(),
    }


#: The figures of weerbaar.incidents.selectors.statistics (``from`` and ``to`` are keywords in
#: Python, hence the class is built from a dict).
IncidentStatisticsSerializer = type(
    "IncidentStatisticsSerializer", (serializers.Serializer,), _incident_fields()
)
