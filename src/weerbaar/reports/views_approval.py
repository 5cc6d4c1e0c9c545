"""Offering a report for approval, the approver's decisions and the approving role.

Offering needs ``report.edit`` (the coordinator); deciding needs the organisation's
approving role (:func:`weerbaar.reports.approval.can_approve`); choosing that role needs
``organisation.manage``.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from weerbaar.core.forms import add_service_errors
from weerbaar.organisations.views_mixins import OrganisationMixin

from . import approval, render, services
from .collect import collect_report_data
from .completeness import completeness
from .forms import ApprovalPolicyForm, DecisionForm, SubmitForm
from .views import ReportMixin, VersionMixin, request_language


class ReportSubmitView(ReportMixin, TemplateView):
    """Preview, completeness check and confirmation before a version is frozen."""

    permission = "report.edit"
    template_name = "reports/report_submit.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        report = ctx["report"]
        ctx["gaps"] = completeness(report.scan, report)
        ctx.setdefault("form", SubmitForm(initial={"revision": report.revision}))
        snapshot = services.normalised_snapshot(collect_report_data(report.scan, report).to_json())
        ctx["r"] = snapshot
        ctx["body"] = render.render_body(snapshot, request_language(), {"is_draft": True})
        ctx["approver_role"] = approval.approver_role_label(self.organisation)
        ctx["page_title"] = _("Ter vaststelling aanbieden")
        return ctx

    def post(self, request, *args, **kwargs):
        report = self.get_report()
        form = SubmitForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        try:
            version = approval.submit(
                report,
                request.user,
                revision=form.cleaned_data["revision"],
                gaps_seen=form.cleaned_data["gaps_seen"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        messages.success(
            request,
            _("Versie %(n)s is ter vaststelling aangeboden aan de %(role)s.")
            % {"n": version.number, "role": approval.approver_role_label(self.organisation)},
        )
        return redirect("reports:version", org=self.organisation.slug, reportversion_id=version.pk)


class VersionDecisionView(VersionMixin, TemplateView):
    """The approver approves (vaststellen), sends back or withdraws a version.

    Everyone who sees the version may open the page (it says who decides); only the approver
    may post."""

    template_name = "reports/version_decision.html"
    http_method_names = ["get", "post"]
    action: str = "approve"
    TITLES = {
        "approve": _("Versie vaststellen"),
        "send_back": _("Versie terugsturen"),
        "withdraw": _("Versie intrekken"),
    }

    def check_approver(self) -> None:
        if not approval.can_approve(self.request.user, self.organisation):
            raise PermissionDenied

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["version"] = self.get_version()
        ctx["scan"] = ctx["version"].scan
        ctx["action"] = self.action
        ctx.setdefault("form", DecisionForm())
        ctx["page_title"] = self.TITLES[self.action]
        ctx["may_decide"] = approval.can_approve(self.request.user, self.organisation)
        ctx["approver_role"] = approval.approver_role_label(self.organisation)
        return ctx

    def post(self, request, *args, **kwargs):
        self.check_approver()
        version = self.get_version()
        form = DecisionForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        note = form.cleaned_data["note"]
        try:
            if self.action == "approve":
                result = approval.approve(version, request.user)
                done = _("Versie %(n)s is vastgesteld en zichtbaar voor lezers.")
            elif self.action == "send_back":
                result = approval.send_back(version, request.user, note)
                done = _("Versie %(n)s is teruggestuurd naar de coördinator.")
            else:
                result = approval.withdraw(version, request.user, note)
                done = _("Versie %(n)s is ingetrokken.")
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        messages.success(request, done % {"n": version.number})
        return redirect("reports:version", org=self.organisation.slug, reportversion_id=result.pk)


class ApprovalPolicyView(OrganisationMixin, TemplateView):
    """Which role approves the organisation's reports (default: gemeentesecretaris)."""

    permission = "organisation.manage"
    template_name = "reports/approval_policy.html"

    def make_form(self, data=None) -> ApprovalPolicyForm:
        return ApprovalPolicyForm(
            data,
            initial={"approver_role": approval.approver_role(self.organisation)},
            roles=[(r.value, r.label) for r in approval.APPROVER_ROLES],
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.setdefault("form", self.make_form())
        ctx["page_title"] = _("Vaststelling van rapporten")
        return ctx

    def post(self, request, *args, **kwargs):
        form = self.make_form(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        try:
            approval.set_approver_role(self.organisation, form.cleaned_data["approver_role"])
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        messages.success(request, _("De rol die rapporten vaststelt, is opgeslagen."))
        return redirect("reports:approval_policy", org=self.organisation.slug)
