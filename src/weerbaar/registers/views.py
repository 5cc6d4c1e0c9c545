"""Pages of the registers: process register, function register, vulnerability profile."""

from __future__ import annotations

import copy
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.generic import FormView, TemplateView, View

from weerbaar.core.forms import add_service_errors
from weerbaar.core.locking import ConflictError, ConflictResponseMixin
from weerbaar.organisations.views_mixins import ScopedObjectMixin
from weerbaar.scans.views import ScanMixin

from . import selectors, services
from .forms import (
    CriteriaMatrixForm,
    FunctionEntryForm,
    ProcessEntryForm,
    initial_from_example,
)
from .method import method_for_scan
from .models import FunctionEntry, ProcessEntry


class RegisterMixin(ScanMixin):
    """A page of a scan's registers."""

    @property
    def page_title(self) -> str:
        """The heading of the page; each page names itself."""
        return ""

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["can_manage"] = self.can("scan.manage")
        ctx["page_title"] = self.page_title
        ctx["method"] = method_for_scan(self.get_scan())
        return ctx

    def departments(self) -> list[str]:
        return list(self.organisation.departments.values_list("name", flat=True))


# ----------------------------------------------------------------------------- processes


class ProcessListView(RegisterMixin, TemplateView):
    permission = "scan.view_work"
    template_name = "registers/process_list.html"

    @property
    def page_title(self) -> str:
        return _("Register kwetsbare processen")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        method = ctx["method"]
        rows = []
        for entry in selectors.process_entries(self.get_scan()):
            breakdown = selectors.process_breakdown(entry, method)
            rows.append(
                {
                    "entry": entry,
                    "breakdown": breakdown,
                    "working": selectors.working_controls(breakdown),
                }
            )
        ctx["rows"] = rows
        return ctx


class EntryMixin(RegisterMixin, ScopedObjectMixin):
    """The register entry in the URL (404 when not of this scan); None on an 'add' page."""

    permission = "scan.manage"
    kwargs: dict[str, Any]  # set by View.setup(); declared because the mixins are not Views

    def get_entry(self):
        if self.scoped_url_kwarg not in self.kwargs:
            return None
        return self.get_scoped_object()

    def form_instance(self, new):
        """What the form edits: a copy of the stored entry (the page keeps showing the stored
        one until it is saved), or ``new`` on an 'add' page."""
        entry = self.get_entry()
        instance = copy.copy(entry) if entry is not None else new
        instance.scan = self.get_scan()
        return instance


class ProcessEntryMixin(EntryMixin):
    scoped_model = ProcessEntry
    scoped_url_kwarg = "processentry_id"

    def get_scoped_queryset(self):
        return selectors.process_entries(self.get_scan())


class ProcessFormView(ConflictResponseMixin, ProcessEntryMixin, FormView):
    template_name = "registers/process_form.html"
    form_class = ProcessEntryForm

    @property
    def page_title(self) -> str:
        entry = self.get_entry()
        return entry.name if entry else _("Proces toevoegen")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        scan = self.get_scan()
        entry = self.form_instance(ProcessEntry(scan=scan))
        kwargs.update(
            instance=entry,
            scan=scan,
            method=method_for_scan(scan),
            departments=self.departments(),
        )
        library_id = self.request.GET.get("proces")
        if entry.pk is None and library_id and library_id in scan.framework.process_index:
            kwargs.setdefault("initial", {})["library_process_id"] = library_id
        return kwargs

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["entry"] = self.get_entry()
        ctx["departments"] = self.departments()
        ctx["next_entry"] = (
            selectors.next_entry(self.get_scan().process_entries.all(), ctx["entry"])
            if ctx["entry"]
            else None
        )
        form = ctx["form"]
        if ctx["entry"] is not None and not form.is_bound:
            ctx["breakdown"] = selectors.process_breakdown(ctx["entry"], ctx["method"])
        return ctx

    def form_valid(self, form):
        entry = form.save(commit=False)
        try:
            services.save_process_entry(
                entry,
                form.criterion_inputs(),
                form.control_inputs(),
                expected_version=form.expected_version,
            )
        except ConflictError as conflict:
            return self.conflict_response(form, conflict)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(
            self.request, _("Het proces ‘%(name)s’ is opgeslagen.") % {"name": entry.name}
        )
        if "save_and_next" in self.request.POST:
            following = selectors.next_entry(self.get_scan().process_entries.all(), entry)
            if following is not None:
                return redirect(
                    "registers:process_edit",
                    org=self.organisation.slug,
                    scan_id=self.get_scan().pk,
                    processentry_id=following.pk,
                )
        if "save_and_add" in self.request.POST:
            return redirect(
                "registers:process_create", org=self.organisation.slug, scan_id=self.get_scan().pk
            )
        return redirect(
            "registers:process_edit",
            org=self.organisation.slug,
            scan_id=self.get_scan().pk,
            processentry_id=entry.pk,
        )


class ProcessScorePreviewView(ProcessEntryMixin, TemplateView):
    """htmx: the score of the process as currently entered, without saving it."""

    template_name = "registers/_score_preview.html"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        scan = self.get_scan()
        method = method_for_scan(scan)
        form = ProcessEntryForm(
            request.POST,
            scan=scan,
            method=method,
            instance=ProcessEntry(scan=scan),
            check_duplicates=False,
        )
        breakdown = None
        if form.is_valid():
            breakdown = selectors.preview_process_breakdown(
                scan, form.criterion_inputs(), form.control_inputs(), method
            )
        return self.render_to_response(self.get_context_data(breakdown=breakdown))


class CriteriaMatrixView(ProcessEntryMixin, FormView):
    """Score the eight criteria of every process in one grid; htmx saves each cell."""

    template_name = "registers/criteria_matrix.html"
    form_class = CriteriaMatrixForm

    @property
    def page_title(self) -> str:
        return _("Rode draden scoren")

    def get_form_kwargs(self):
        scan = self.get_scan()
        return {
            **super().get_form_kwargs(),
            "entries": selectors.process_entries(scan),
            "criteria": scan.framework.criteria,
            "method": method_for_scan(scan),
            "cell_url": lambda entry: reverse(
                "registers:process_criterion",
                kwargs={
                    "org": self.organisation.slug,
                    "scan_id": scan.pk,
                    "processentry_id": entry.pk,
                },
            ),
        }

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["scores"] = {
            entry.pk: selectors.process_breakdown(entry, ctx["method"])
            for entry in ctx["form"].entries
        }
        return ctx

    def form_valid(self, form):
        changed = 0
        for entry in form.entries:
            changed += services.set_criterion_scores(entry, form.scores_for(entry))
        messages.success(
            self.request,
            ngettext("%(n)s score is opgeslagen.", "%(n)s scores zijn opgeslagen.", changed)
            % {"n": changed},
        )
        return redirect(
            "registers:process_matrix", org=self.organisation.slug, scan_id=self.get_scan().pk
        )


class CriterionCellView(ProcessEntryMixin, TemplateView):
    """htmx: save one cell of the criteria grid and return the process's new score."""

    template_name = "registers/_matrix_score.html"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        entry = self.get_entry()
        scan = self.get_scan()
        criteria = {c["id"] for c in scan.framework.criteria}
        error = ""
        criterion_id = request.POST.get("criterion", "")
        raw = request.POST.get(f"c-{entry.pk}-{criterion_id}", "")
        if criterion_id not in criteria:
            error = _("Onbekend criterium.")
        elif raw not in ("", "0", "1", "2", "3"):
            error = _("Kies een score van 0 tot en met 3.")
        else:
            services.set_criterion_scores(entry, {criterion_id: int(raw) if raw else None})
            entry = selectors.process_entries(scan).get(pk=entry.pk)
        breakdown = selectors.process_breakdown(entry, method_for_scan(scan))
        return self.render_to_response(
            self.get_context_data(row_entry=entry, breakdown=breakdown, error=error)
        )


class ProcessSeedView(ProcessEntryMixin, View):
    """Add the eight vulnerable processes of the library in one go."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        added = services.add_seed_processes(self.get_scan())
        if added:
            messages.success(
                request,
                ngettext(
                    "%(n)s kwetsbaar proces uit de bibliotheek is toegevoegd.",
                    "%(n)s kwetsbare processen uit de bibliotheek zijn toegevoegd.",
                    len(added),
                )
                % {"n": len(added)},
            )
        else:
            messages.info(
                request, _("Alle kwetsbare processen uit de bibliotheek staan al in het register.")
            )
        return redirect(
            "registers:process_list", org=self.organisation.slug, scan_id=self.get_scan().pk
        )


class ProcessDeleteView(ProcessEntryMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        entry = self.get_entry()
        name = entry.name
        services.delete_entry(entry)
        messages.success(request, _("Het proces ‘%(name)s’ is verwijderd.") % {"name": name})
        return redirect(
            "registers:process_list", org=self.organisation.slug, scan_id=self.get_scan().pk
        )


# ----------------------------------------------------------------------------- functions


class FunctionListView(RegisterMixin, TemplateView):
    permission = "scan.view_work"
    template_name = "registers/function_list.html"

    @property
    def page_title(self) -> str:
        return _("Register kwetsbare functies")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        method = ctx["method"]
        ctx["rows"] = [
            {
                "entry": e,
                "breakdown": selectors.function_breakdown(e, method),
                "flags": selectors.function_flags(e, method),
            }
            for e in selectors.function_entries(self.get_scan())
        ]
        return ctx


class FunctionEntryMixin(EntryMixin):
    scoped_model = FunctionEntry
    scoped_url_kwarg = "functionentry_id"

    def get_scoped_queryset(self):
        return self.get_scan().function_entries.all()


class FunctionFormView(ConflictResponseMixin, FunctionEntryMixin, FormView):
    template_name = "registers/function_form.html"
    form_class = FunctionEntryForm

    @property
    def page_title(self) -> str:
        entry = self.get_entry()
        return entry.name if entry else _("Functie toevoegen")

    def get_initial(self):
        initial = super().get_initial()
        example_id = self.request.GET.get("voorbeeld")
        if example_id and self.get_entry() is None:
            scan = self.get_scan()
            example = next(
                (f for f in scan.framework.example_functions if f["id"] == example_id), None
            )
            if example is None:
                messages.error(
                    self.request,
                    _("De voorbeeldfunctie ‘%(id)s’ komt niet voor in de bibliotheek.")
                    % {"id": example_id},
                )
            else:
                initial.update(initial_from_example(example, method_for_scan(scan)))
        return initial

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        scan = self.get_scan()
        entry = self.form_instance(FunctionEntry(scan=scan))
        kwargs.update(instance=entry, scan=scan)
        return kwargs

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        scan = self.get_scan()
        ctx["entry"] = self.get_entry()
        ctx["departments"] = self.departments()
        ctx["examples"] = scan.framework.example_functions
        ctx["next_entry"] = (
            selectors.next_entry(scan.function_entries.all(), ctx["entry"])
            if ctx["entry"]
            else None
        )
        if ctx["entry"] is not None:
            ctx["breakdown"] = selectors.function_breakdown(ctx["entry"], ctx["method"])
        return ctx

    def form_valid(self, form):
        entry = form.save(commit=False)
        try:
            services.save_function_entry(entry, expected_version=form.expected_version)
        except ConflictError as conflict:
            return self.conflict_response(form, conflict)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(
            self.request, _("De functie ‘%(name)s’ is opgeslagen.") % {"name": entry.name}
        )
        if "save_and_next" in self.request.POST:
            following = selectors.next_entry(self.get_scan().function_entries.all(), entry)
            if following is not None:
                return redirect(
                    "registers:function_edit",
                    org=self.organisation.slug,
                    scan_id=self.get_scan().pk,
                    functionentry_id=following.pk,
                )
        if "save_and_add" in self.request.POST:
            return redirect(
                "registers:function_create", org=self.organisation.slug, scan_id=self.get_scan().pk
            )
        return redirect(
            "registers:function_edit",
            org=self.organisation.slug,
            scan_id=self.get_scan().pk,
            functionentry_id=entry.pk,
        )


class FunctionScorePreviewView(FunctionEntryMixin, TemplateView):
    """htmx: the score of the function as currently entered, without saving it."""

    template_name = "registers/_score_preview.html"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        scan = self.get_scan()
        form = FunctionEntryForm(request.POST, scan=scan, instance=FunctionEntry(scan=scan))
        breakdown = None
        if form.is_valid():
            breakdown = selectors.function_breakdown(form.instance, method_for_scan(scan))
        return self.render_to_response(self.get_context_data(breakdown=breakdown))


class FunctionDeleteView(FunctionEntryMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        entry = self.get_entry()
        name = entry.name
        services.delete_entry(entry)
        messages.success(request, _("De functie ‘%(name)s’ is verwijderd.") % {"name": name})
        return redirect(
            "registers:function_list", org=self.organisation.slug, scan_id=self.get_scan().pk
        )


# ----------------------------------------------------------------------------- profile


class ProfileView(RegisterMixin, TemplateView):
    permission = "scan.view_work"
    template_name = "registers/profile.html"

    @property
    def page_title(self) -> str:
        return _("Kwetsbaarheidsprofiel")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["profile"] = selectors.vulnerability_profile(self.get_scan())
        return ctx
