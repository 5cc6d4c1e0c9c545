"""Delegated intake: the coordinator invites and merges; the afdelingshoofd fills in.

The afdelingshoofd sees only the intake of their own department: any other intake, and
every other page of the organisation, is closed to them (404 here, 403 elsewhere).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from weerbaar.core.forms import add_service_errors
from weerbaar.organisations.permissions import department_of
from weerbaar.organisations.views_mixins import OrganisationMixin
from weerbaar.scans.views import ScanMixin

from .. import intake as services
from ..access import may_fill_intake
from ..forms import IntakeFunctionForm, IntakeProcessForm, InviteForm
from ..models import DepartmentIntake, IntakeFunction, IntakeProcess
from .common import ScanObjectMixin


class IntakeProgressView(ScanMixin, FormView):
    """Progress per department, and the invitation of a department head."""

    permission = "scan.view_work"
    template_name = "fieldwork/intake_progress.html"
    form_class = InviteForm

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "scan": self.get_scan()}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["progress"] = services.progress(self.get_scan())
        ctx["can_invite"] = self.can_invite()
        return ctx

    def can_invite(self) -> bool:
        return self.can("scan.manage") and self.can("members.manage")

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not self.can_invite():
            raise PermissionDenied
        return super().post(request, *args, **kwargs)

    def form_valid(self, form: InviteForm) -> HttpResponse:
        scan = self.get_scan()
        try:
            services.invite_department_head(
                scan,
                form.cleaned_data["department"],
                email=form.cleaned_data["email"],
                full_name=form.cleaned_data["full_name"],
                by=self.request.user,
                request=self.request,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Het afdelingshoofd van %(dept)s is uitgenodigd.")
            % {"dept": form.cleaned_data["department"].name},
        )
        return redirect("fieldwork:intake_progress", org=self.organisation.slug, scan_id=scan.pk)


class IntakeReviewView(ScanObjectMixin, TemplateView):
    """The coordinator's view of one department's intake, with merge and send back."""

    permission = "scan.view_work"
    scoped_model = DepartmentIntake
    scoped_url_kwarg = "departmentintake_id"
    template_name = "fieldwork/intake_review.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["intake"] = self.get_scoped_object()
        ctx["can_manage"] = self.can("scan.manage")
        return ctx

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not self.can("scan.manage"):
            raise PermissionDenied
        intake = self.get_scoped_object()
        try:
            if request.POST.get("action") == "merge":
                result = services.merge_intake(intake)
                messages.success(
                    request,
                    _(
                        "De intake is verwerkt: %(p)s processen en %(f)s functies zijn aan "
                        "de registers toegevoegd."
                    )
                    % {"p": result.processes, "f": result.functions},
                )
            else:
                services.send_back(intake)
                messages.success(request, _("De intake is teruggestuurd naar de afdeling."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect(
            "fieldwork:intake_review", org=self.organisation.slug, departmentintake_id=intake.pk
        )


class MyIntakesView(OrganisationMixin, TemplateView):
    """The afdelingshoofd's start page: the intakes of their department."""

    permission = None
    template_name = "fieldwork/my_intakes.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.department = department_of(request.user, self.organisation)
        if self.department is None:
            return redirect("scans:organisation", org=self.organisation.slug)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["department"] = self.department
        ctx["intakes"] = DepartmentIntake.objects.filter(department=self.department).select_related(
            "scan"
        )
        return ctx


class IntakeFillView(ScanObjectMixin, TemplateView):
    """The afdelingshoofd fills in processes, measures and functions, then submits."""

    permission = None
    scoped_model = DepartmentIntake
    scoped_url_kwarg = "departmentintake_id"
    template_name = "fieldwork/intake_fill.html"

    def _check(self) -> DepartmentIntake | None:
        intake = self.get_scoped_object()
        if may_fill_intake(self.request.user, intake):
            return intake
        if self.can("scan.view_work"):
            return None
        raise Http404

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        intake = self._check()
        if intake is None:  # the coordinator's own page of this intake
            return redirect(
                "fieldwork:intake_review",
                org=self.organisation.slug,
                departmentintake_id=self.get_scoped_object().pk,
            )
        return self.render_to_response(self.get_context_data())

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        intake = self.get_scoped_object()
        scan = intake.scan
        ctx["intake"] = intake
        ctx["department"] = intake.department
        ctx.setdefault("process_form", IntakeProcessForm(scan=scan, prefix="process"))
        ctx.setdefault("function_form", IntakeFunctionForm(prefix="function"))
        return ctx

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        intake = self._check()
        if intake is None:
            raise PermissionDenied
        action = request.POST.get("action")
        try:
            if action == "process":
                return self._add_process(intake)
            if action == "function":
                return self._add_function(intake)
            if action == "remove":
                self._remove(intake)
                messages.success(request, _("De regel is verwijderd."))
            elif action == "submit":
                services.submit_intake(intake)
                messages.success(
                    request,
                    _("De intake is ingediend. De coördinator verwerkt hem in de registers."),
                )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return self._back(intake)

    def _back(self, intake: DepartmentIntake) -> HttpResponse:
        return redirect(
            "fieldwork:intake_fill", org=self.organisation.slug, departmentintake_id=intake.pk
        )

    def _add_process(self, intake: DepartmentIntake) -> HttpResponse:
        form = IntakeProcessForm(self.request.POST, scan=intake.scan, prefix="process")
        if form.is_valid():
            try:
                services.add_process(intake, form.instance, form.measures())
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(self.request, _("Het proces is toegevoegd."))
                return self._back(intake)
        return self.render_to_response(self.get_context_data(process_form=form), status=400)

    def _add_function(self, intake: DepartmentIntake) -> HttpResponse:
        form = IntakeFunctionForm(self.request.POST, prefix="function")
        if form.is_valid():
            try:
                services.add_function(intake, form.instance)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(self.request, _("De functie is toegevoegd."))
                return self._back(intake)
        return self.render_to_response(self.get_context_data(function_form=form), status=400)

    def _remove(self, intake: DepartmentIntake) -> None:
        kind = self.request.POST.get("kind")
        row_id = self.request.POST.get("row", "")
        row: IntakeProcess | IntakeFunction | None = None
        if row_id.isdigit() and kind == "process":
            row = IntakeProcess.objects.filter(intake=intake, pk=row_id).first()
        elif row_id.isdigit() and kind == "function":
            row = IntakeFunction.objects.filter(intake=intake, pk=row_id).first()
        if row is None:
            raise ValidationError(_("Deze regel bestaat niet (meer)."))
        services.remove_row(intake, row)
