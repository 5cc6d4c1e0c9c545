from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from weerbaar.audit.models import AuditEvent
from weerbaar.core.forms import add_service_errors
from weerbaar.core.locking import (
    ConflictError,
    ConflictResponseMixin,
    conflict_page,
    posted_version,
)
from weerbaar.organisations.permissions import has_permission
from weerbaar.organisations.views_mixins import OrganisationMixin, get_scoped_object_or_404

from . import services
from .dashboard import dashboard_links
from .forms import ScanEditForm, ScanForm
from .models import Scan, ScanStatus
from .sections import sections


class OrganisationDashboardView(OrganisationMixin, TemplateView):
    """The organisation's page: its scans, newest first."""

    template_name = "scans/organisation_dashboard.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["scans"] = self.organisation.scans.select_related("library_version")
        ctx["can_manage"] = self.can("scan.manage")
        ctx["can_manage_org"] = self.can("organisation.manage")
        ctx["can_view_members"] = self.can("members.view")
        ctx["can_see_actions"] = self.can("action.manage") or self.can("action.view_own")
        ctx["can_see_all_actions"] = self.can("action.manage")
        ctx["can_see_progress"] = self.can("progress.view")
        ctx["more_links"] = dashboard_links(self.request.user, self.organisation)
        return ctx


class ScanMixin(OrganisationMixin):
    """Resolves ``<int:scan_id>`` among the scans of the organisation in the URL.

    Views of one object within the scan add :class:`ScopedObjectMixin` for that object
    (``scoped_model``), so the scan is resolved here, on its own.
    """

    def get_scan(self) -> Scan:
        if not hasattr(self, "_scan"):
            self._scan = get_scoped_object_or_404(
                Scan.objects.select_related("library_version", "organisation"),
                self.organisation,
                pk=self.kwargs["scan_id"],
            )
        return self._scan

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["scan"] = self.get_scan()
        return ctx


class ScanCreateView(OrganisationMixin, FormView):
    permission = "scan.manage"
    template_name = "scans/scan_form.html"
    form_class = ScanForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "organisation": self.organisation}

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            scan = services.create_scan(
                organisation=self.organisation,
                created_by=self.request.user,
                **data,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("De scan is aangemaakt."))
        return redirect("scans:detail", org=self.organisation.slug, scan_id=scan.pk)


class ScanDetailView(ScanMixin, TemplateView):
    template_name = "scans/scan_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        scan = ctx["scan"]
        visible = []
        for section in sections():
            if not has_permission(self.request.user, self.organisation, section.permission):
                continue
            extra = section.context(self.request, scan) if section.context else {}
            visible.append({"section": section, "context": extra})
        ctx["sections"] = visible
        ctx["transitions"] = services.allowed_transitions(scan) if self.can("scan.manage") else []
        ctx["status_labels"] = dict(ScanStatus.choices)
        ctx["can_audit"] = self.can("audit.view")
        ctx["can_manage"] = self.can("scan.manage")
        return ctx


class ScanStatusView(ScanMixin, TemplateView):
    permission = "scan.manage"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        scan = self.get_scan()
        chosen = request.POST.get("status", "")
        try:
            services.change_status(scan, chosen, expected_version=posted_version(request.POST))
        except ConflictError as conflict:
            labels = {value: str(label) for value, label in ScanStatus.choices}
            return conflict_page(
                request,
                conflict,
                [
                    (
                        _("Fase"),
                        labels[cast(Scan, conflict.stored).status],
                        labels.get(chosen, chosen),
                    )
                ],
                resubmit={"status": chosen},
                reload_url=reverse(
                    "scans:detail", kwargs={"org": self.organisation.slug, "scan_id": scan.pk}
                ),
            )
        except ValidationError as exc:
            for error in exc.messages:
                messages.error(request, error)
        else:
            messages.success(
                request, _("De status is nu: %(status)s.") % {"status": scan.get_status_display()}
            )
        return redirect("scans:detail", org=self.organisation.slug, scan_id=scan.pk)


class ScanEditView(ConflictResponseMixin, ScanMixin, FormView):
    """Change the title, period and description of a scan."""

    permission = "scan.manage"
    template_name = "scans/scan_edit.html"
    form_class = ScanEditForm

    def get_initial(self):
        return self.initial_for(self.get_scan())

    def initial_for(self, scan):
        return {
            "lock_version": scan.lock_version,
            "title": scan.title,
            "period_start": scan.period_start,
            "period_end": scan.period_end,
            "description": scan.description,
        }

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["held"] = services.scan_data(self.get_scan())
        return ctx

    def form_valid(self, form):
        scan = self.get_scan()
        data = {k: v for k, v in form.cleaned_data.items() if k != "lock_version"}
        try:
            services.update_scan(scan, expected_version=form.expected_version, **data)
        except ConflictError as conflict:
            return self.conflict_response(form, conflict)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("De scan is gewijzigd."))
        return redirect("scans:detail", org=self.organisation.slug, scan_id=scan.pk)


class ScanRemoveView(ScanMixin, TemplateView):
    """POST: remove a scan that holds no data; otherwise say why it stays."""

    permission = "scan.manage"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        scan = self.get_scan()
        title = scan.title
        try:
            services.remove_scan(scan, expected_version=posted_version(request.POST))
        except ConflictError:
            messages.error(
                request,
                _("Iemand anders heeft de scan intussen gewijzigd. Bekijk hem en probeer opnieuw."),
            )
        except ValidationError as exc:
            for error in exc.messages:
                messages.error(request, error)
        else:
            messages.success(request, _("De scan %(title)s is verwijderd.") % {"title": title})
            return redirect("scans:organisation", org=self.organisation.slug)
        return redirect("scans:edit", org=self.organisation.slug, scan_id=scan.pk)


class ScanAuditView(ScanMixin, TemplateView):
    """The audit log of changes made to the organisation's scan data."""

    permission = "audit.view"
    template_name = "scans/audit_log.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["events"] = AuditEvent.objects.filter(organisation=self.organisation).select_related(
            "actor"
        )[:500]
        return ctx
