"""The action plan: per scan, its actions; status changes and progress notes through
:mod:`weerbaar.actions.services`, checked against the version the client read."""

from __future__ import annotations

from django.db import transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.response import Response

from weerbaar.actions import services as action_services
from weerbaar.actions.models import Action, ActionStatus
from weerbaar.core.locking import ConflictError, claim_version
from weerbaar.scans.models import Scan

from .. import serializers as s
from ..models import Scope
from ..problems import problem
from .base import READ, ApiView, DetailView, ListView, query_choice, query_int

WRITE = {**READ, "PATCH": Scope.ACTIONS_WRITE.value, "POST": Scope.ACTIONS_WRITE.value}
CONFLICT = OpenApiResponse(description="Changed by someone else since lock_version.")


def plan_of(scan: Scan, actions: list[Action], request) -> dict:
    today = timezone.localdate()
    per_status = {value: 0 for value in ActionStatus.values}
    for action in actions:
        per_status[action.status] += 1
    url = request.build_absolute_uri(reverse("api:actions"))
    return {
        "scan": scan.pk,
        "title": scan.title,
        "phase": scan.status,
        "total": len(actions),
        "overdue": sum(1 for a in actions if action_services.is_overdue(a, today)),
        "per_status": per_status,
        "actions": f"{url}?scan={scan.pk}",
    }


@extend_schema(
    tags=["actions"],
    summary="The action plan of every scan",
    responses=s.ActionPlanSerializer(many=True),
)
class ActionPlanList(ListView):
    serializer_class = s.ActionPlanSerializer

    def get_queryset(self):
        return self.scoped_queryset(Scan.objects.all())

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        scans = list(page or [])
        actions: dict[int, list[Action]] = {scan.pk: [] for scan in scans}
        for action in action_services.organisation_actions(self.organisation).filter(
            scan__in=scans
        ):
            actions[action.scan_id].append(action)
        data = [plan_of(scan, actions[scan.pk], request) for scan in scans]
        return self.get_paginated_response(data)


@extend_schema(tags=["actions"], summary="The action plan of one scan")
class ActionPlanDetail(ApiView):
    serializer_class = s.ActionPlanSerializer

    @extend_schema(responses=s.ActionPlanSerializer)
    def get(self, request, scan_id: int) -> Response:
        scan = self.scoped_queryset(Scan.objects.all()).filter(pk=scan_id).first()
        if scan is None:
            raise Http404
        actions = list(action_services.organisation_actions(self.organisation).filter(scan=scan))
        return Response(plan_of(scan, actions, request))


@extend_schema(
    tags=["actions"],
    summary="Actions of the action plan",
    parameters=[
        OpenApiParameter("scan", int, description="Only those of this scan (id)."),
        OpenApiParameter("status", str, enum=list(ActionStatus.values)),
    ],
)
class ActionList(ListView):
    serializer_class = s.ActionSerializer

    def get_queryset(self):
        qs = action_services.organisation_actions(self.organisation).order_by("due_date", "pk")
        status_ = query_choice(self.request, "status", list(ActionStatus.values))
        scan = query_int(self.request, "scan")
        if status_:
            qs = qs.filter(status=status_)
        return qs if scan is None else qs.filter(scan_id=scan)


@extend_schema(tags=["actions"])
class ActionDetail(DetailView):
    serializer_class = s.ActionDetailSerializer
    lookup_url_kwarg = "action_id"
    required_scopes = WRITE
    http_method_names = ["get", "patch", "head", "options"]

    def get_queryset(self):
        return action_services.organisation_actions(self.organisation)

    @extend_schema(summary="One action with its progress notes")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        summary="Change the status (with an optional progress note)",
        description="Send the action's lock_version as read: when someone changed the action "
        "since, nothing is saved and the answer is 409 with the stored lock_version. The "
        "change is recorded in the audit log as the token's creator, through this token.",
        request=s.ActionStatusInput,
        responses={200: s.ActionDetailSerializer, 409: CONFLICT},
    )
    def patch(self, request, *args, **kwargs) -> Response:
        action = self.get_object()
        data = s.ActionStatusInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        try:
            with self.acting(), transaction.atomic():
                claim_version(action, values["lock_version"])
                action_services.change_status(
                    action,
                    values["status"],
                    note=values["note"],
                    reason=values["reason"],
                    user=request.user,
                )
        except ConflictError as exc:
            return problem(
                status.HTTP_409_CONFLICT,
                _("Iemand anders heeft deze actie intussen gewijzigd; lees haar opnieuw."),
                instance=request.get_full_path(),
                extra={"lock_version": exc.stored_version},
            )
        return Response(self.get_serializer(self.get_object()).data)


@extend_schema(tags=["actions"])
class ActionNotes(ListView):
    required_scopes = WRITE
    serializer_class = s.ActionNoteSerializer

    def get_action(self) -> Action:
        found = (
            action_services.organisation_actions(self.organisation)
            .filter(pk=self.kwargs["action_id"])
            .first()
        )
        if found is None:
            raise Http404
        return found

    def get_queryset(self):
        return self.get_action().notes.order_by("created_at", "pk")

    @extend_schema(summary="The action's progress notes")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        summary="Add a progress note",
        request=s.ActionNoteInput,
        responses={201: s.ActionNoteSerializer},
    )
    def post(self, request, *args, **kwargs) -> Response:
        action = self.get_action()
        data = s.ActionNoteInput(data=request.data)
        data.is_valid(raise_exception=True)
        with self.acting():
            note = action_services.add_note(action, data.validated_data["text"], user=request.user)
        return Response(s.ActionNoteSerializer(note).data, status=status.HTTP_201_CREATED)
