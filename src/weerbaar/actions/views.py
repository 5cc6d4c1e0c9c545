"""Pages of the follow-up: action plan, my actions, overview, progress reports, repeat scans."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from weerbaar.core.text import translate
from weerbaar.organisations.views_mixins import OrganisationMixin, get_scoped_object_or_404
from weerbaar.scans.views import ScanMixin

from . import services
from .charts import line_chart
from .comparison import compare_scans, trends
from .documents import render_docx, render_pdf
from .forms import (
    ActionForm,
    EvidenceForm,
    NoteForm,
    ProgressReportForm,
    RepeatScanForm,
    SettingsForm,
    StatusForm,
)
from .models import Action, ActionStatus, ProgressReport
from .overview import build_overview, create_progress_report, previous_report, progress_since
from .repeat import start_repeat_scan


def add_service_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def annotate(actions, today) -> list[Action]:
    out = []
    for a in actions:
        a.overdue = services.is_overdue(a, today)
        a.owner_text = services.owner_label(a)
        out.append(a)
    return out


# ----------------------------------------------------------------------------- lists


class ActionListView(OrganisationMixin, TemplateView):
    """The action plan (plan van aanpak): every action the user may see, with filters."""

    permission = "action.view_own"
    template_name = "actions/action_list.html"
    mine_only = False

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        qs = (
            services.my_actions(user, self.organisation)
            if self.mine_only
            else services.visible_actions(user, self.organisation)
        )
        latest = self.organisation.scans.order_by("-period_start", "-pk").first()
        framework = latest.framework if latest is not None else None
        status = self.request.GET.get("status", "")
        dimension = self.request.GET.get("dimension", "")
        actions, filter_errors = services.filter_actions(
            qs,
            status=status,
            dimension=dimension,
            scan_id=self.request.GET.get("scan", ""),
            framework=framework,
        )
        dimensions = (
            [(d["id"], d["name"]) for d in framework.dimensions_and_themes] if framework else []
        )
        today = timezone.localdate()
        ctx.update(
            actions=annotate(actions, today),
            status_choices=ActionStatus.choices,
            dimensions=dimensions,
            selected_status=status,
            selected_dimension=dimension,
            filter_errors=filter_errors,
            mine_only=self.mine_only,
            can_manage=self.can("action.manage"),
            scans=list(self.organisation.scans.order_by("-period_start", "-pk")),
        )
        return ctx


class MyActionsView(ActionListView):
    """The owner's own actions (mijn acties)."""

    mine_only = True


class OverviewView(OrganisationMixin, TemplateView):
    """The gemeentesecretaris' overview: per dimension and pillar, no ranking of people."""

    permission = "action.manage"
    template_name = "actions/overview.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        overview = build_overview(self.organisation)
        for a in overview.due_this_month + overview.overdue:
            a.owner_text = services.owner_label(a)
        ctx["overview"] = overview
        ctx["last_report"] = previous_report(self.organisation)
        return ctx


# ----------------------------------------------------------------------------- create / edit


def _owner_from(value: str):
    """Parse ``user:<pk>`` / ``role:<role>`` into (user or None, role)."""
    kind, _sep, ref = (value or "").partition(":")
    if kind == "user" and ref.isdigit():
        user = get_user_model().objects.filter(pk=int(ref)).first()
        if user is None:
            raise ValidationError(
                {"owner": [_("Deze persoon bestaat niet. Kies een eigenaar uit de lijst.")]}
            )
        return user, ""
    if kind == "role":
        return None, ref
    raise ValidationError({"owner": [_("Kies een eigenaar: een persoon of een rol.")]})


def _entries_from(scan, data) -> dict:
    out = {}
    for field, related in (
        ("process_entry", "process_entries"),
        ("function_entry", "function_entries"),
    ):
        value = data.get(field)
        out[field] = getattr(scan, related).filter(pk=int(value)).first() if value else None
    return out


def _action_fields(form, scan) -> dict:
    data = form.cleaned_data
    user, role = _owner_from(data["owner"])
    fields = {
        "title": data["title"],
        "description": data.get("description", ""),
        "owner_user": user,
        "owner_role": role or "",
        "due_date": data.get("due_date"),
        "dimension_ids": data.get("dimension_ids", []),
        "pillar_ids": data.get("pillar_ids", []),
        "library_process_ids": data.get("library_process_ids", []),
    }
    fields.update(_entries_from(scan, data))
    return fields


def _service_error_field(field: str) -> str:
    return {"owner_user": "owner", "owner_role": "owner"}.get(field, field)


def _add_action_errors(form, exc: ValidationError) -> None:
    for field, errors in exc.message_dict.items():
        target = _service_error_field(field)
        form.add_error(target if target in form.fields else None, errors)


class ActionCreateView(ScanMixin, FormView):
    permission = "action.manage"
    template_name = "actions/action_form.html"
    form_class = ActionForm

    def get_initial(self):
        return {"owner": "role:actiehouder"}

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "scan": self.get_scan(),
            "users": services.possible_owners(self.organisation),
        }

    def form_valid(self, form):
        scan = self.get_scan()
        try:
            action = services.create_action(
                scan=scan, created_by=self.request.user, **_action_fields(form, scan)
            )
        except ValidationError as exc:
            _add_action_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("De actie is toegevoegd."))
        return redirect("actions:detail", org=self.organisation.slug, action_id=action.pk)


class FromRecommendationsView(ScanMixin, TemplateView):
    """Turn the scan's accepted recommendations into actions (idempotent)."""

    permission = "action.manage"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        created = services.create_actions_from_recommendations(self.get_scan(), user=request.user)
        if created:
            messages.success(
                request,
                _("%(n)s acties gemaakt uit overgenomen aanbevelingen.") % {"n": len(created)},
            )
        else:
            messages.info(request, _("Er zijn geen nieuwe overgenomen aanbevelingen."))
        return redirect(f"{self._list_url()}?scan={self.get_scan().pk}")

    def _list_url(self):
        from django.urls import reverse

        return reverse("actions:list", kwargs={"org": self.organisation.slug})


class ActionObjectMixin(OrganisationMixin):
    permission = "action.view_own"

    def get_action(self) -> Action:
        if not hasattr(self, "_action"):
            get_scoped_object_or_404(
                Action.objects.all(), self.organisation, pk=self.kwargs["action_id"]
            )
            action = (
                services.visible_actions(self.request.user, self.organisation)
                .filter(pk=self.kwargs["action_id"])
                .first()
            )
            if action is None:
                raise Http404
            self._action = action
        return self._action


class ActionDetailView(ActionObjectMixin, TemplateView):
    template_name = "actions/action_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        action = self.get_action()
        today = timezone.localdate()
        annotate([action], today)
        can_update = services.can_update_progress(self.request.user, action)
        ctx.update(
            action=action,
            scan=action.scan,
            notes=list(action.notes.select_related("author")),
            evidence=list(action.evidence.all()),
            can_update=can_update,
            can_manage=self.can("action.manage"),
            status_labels=dict(ActionStatus.choices),
            status_form=kwargs.get("status_form") or StatusForm(initial={"status": action.status}),
            note_form=kwargs.get("note_form") or NoteForm(),
            evidence_form=kwargs.get("evidence_form") or EvidenceForm(),
            fw=action.scan.framework,
            pillars=[p for p in action.scan.framework.pillars if p["id"] in action.pillar_ids],
            library_processes=[
                action.scan.framework.process_index[p]
                for p in action.library_process_ids
                if p in action.scan.framework.process_index
            ],
        )
        return ctx


class _ActionPostView(ActionDetailView):
    http_method_names = ["post"]
    form_class = None
    form_key = ""
    success_message = ""

    def post(self, request, *args, **kwargs):
        action = self.get_action()
        if not services.can_update_progress(request.user, action):
            raise Http404
        form = self.form_class(request.POST)
        if form.is_valid():
            try:
                self.apply(action, form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, self.success_message)
                return redirect("actions:detail", org=self.organisation.slug, action_id=action.pk)
        ctx = self.get_context_data(**{self.form_key: form})
        return self.render_to_response(ctx, status=400)


class ActionStatusView(_ActionPostView):
    form_class = StatusForm
    form_key = "status_form"

    @property
    def success_message(self):
        return _("De status is bijgewerkt.")

    def apply(self, action, data):
        services.change_status(
            action,
            data["status"],
            note=data.get("note", ""),
            reason=data.get("reason", ""),
            user=self.request.user,
        )


class ActionNoteView(_ActionPostView):
    form_class = NoteForm
    form_key = "note_form"

    @property
    def success_message(self):
        return _("De notitie is toegevoegd.")

    def apply(self, action, data):
        services.add_note(action, data["text"], user=self.request.user)


class ActionEvidenceView(_ActionPostView):
    form_class = EvidenceForm
    form_key = "evidence_form"

    @property
    def success_message(self):
        return _("Het bewijs is toegevoegd.")

    def apply(self, action, data):
        services.add_evidence(
            action, text=data.get("text", ""), url=data.get("url", ""), user=self.request.user
        )


class ActionEditView(ActionObjectMixin, FormView):
    permission = "action.manage"
    template_name = "actions/action_form.html"
    form_class = ActionForm

    def get_initial(self):
        a = self.get_action()
        return {
            "title": a.title,
            "description": a.description,
            "owner": f"user:{a.owner_user_id}" if a.owner_user_id else f"role:{a.owner_role}",
            "due_date": a.due_date,
            "dimension_ids": a.dimension_ids,
            "pillar_ids": a.pillar_ids,
            "library_process_ids": a.library_process_ids,
            "process_entry": str(a.process_entry_id or ""),
            "function_entry": str(a.function_entry_id or ""),
        }

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "scan": self.get_action().scan,
            "users": services.possible_owners(self.organisation),
        }

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["action"] = self.get_action()
        ctx["scan"] = self.get_action().scan
        return ctx

    def form_valid(self, form):
        action = self.get_action()
        try:
            services.update_action(action, **_action_fields(form, action.scan))
        except ValidationError as exc:
            _add_action_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("De actie is opgeslagen."))
        return redirect("actions:detail", org=self.organisation.slug, action_id=action.pk)


# ----------------------------------------------------------------------------- progress reports


class ProgressReportListView(OrganisationMixin, FormView):
    permission = "progress.view"
    template_name = "actions/progress_list.html"
    form_class = ProgressReportForm

    def get_initial(self):
        return {
            "title": _("Voortgang opvolging weerbaarheidsscan %(date)s")
            % {"date": timezone.localdate().strftime("%d-%m-%Y")}
        }

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["reports"] = list(ProgressReport.objects.filter(organisation=self.organisation))
        ctx["can_manage"] = self.can("action.manage")
        last = previous_report(self.organisation)
        ctx["pending"] = (
            progress_since(self.organisation, last.period_end if last else None, timezone.now())
            if ctx["can_manage"]
            else None
        )
        return ctx

    def post(self, request, *args, **kwargs):
        if not self.can("action.manage"):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        report = create_progress_report(
            self.organisation,
            title=form.cleaned_data["title"],
            summary=form.cleaned_data.get("summary", ""),
            user=self.request.user,
        )
        messages.success(self.request, _("De voortgangsrapportage is gemaakt."))
        return redirect(
            "actions:progress_detail", org=self.organisation.slug, progressreport_id=report.pk
        )


class ProgressReportMixin(OrganisationMixin):
    permission = "progress.view"

    def get_report(self) -> ProgressReport:
        return get_scoped_object_or_404(
            ProgressReport.objects.select_related("organisation"),
            self.organisation,
            pk=self.kwargs["progressreport_id"],
        )


class ProgressReportDetailView(ProgressReportMixin, TemplateView):
    template_name = "actions/progress_detail.html"

    def get_context_data(self, **kwargs):
        from .documents import document_context

        ctx = super().get_context_data(**kwargs)
        report = self.get_report()
        ctx.update(document_context(report))
        return ctx


class ProgressReportPdfView(ProgressReportMixin, TemplateView):
    def get(self, request, *args, **kwargs):
        report = self.get_report()
        response = HttpResponse(render_pdf(report), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="voortgang-{report.pk}.pdf"'
        return response


class ProgressReportDocxView(ProgressReportMixin, TemplateView):
    def get(self, request, *args, **kwargs):
        report = self.get_report()
        response = HttpResponse(
            render_docx(report),
            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
        response["Content-Disposition"] = f'attachment; filename="voortgang-{report.pk}.docx"'
        return response


# ----------------------------------------------------------------------------- repeat scans


class RepeatScanView(ScanMixin, FormView):
    """Start a herhaalmeting from this scan."""

    permission = "scan.manage"
    template_name = "actions/repeat_form.html"
    form_class = RepeatScanForm

    def get_initial(self):
        scan = self.get_scan()

        def next_year(d):
            try:
                return d.replace(year=d.year + 1)
            except ValueError:  # 29 February
                return d.replace(year=d.year + 1, day=28)

        return {
            "title": _("Herhaalmeting %(year)s") % {"year": scan.period_start.year + 1},
            "period_start": next_year(scan.period_start),
            "period_end": next_year(scan.period_end),
        }

    def form_valid(self, form):
        try:
            result = start_repeat_scan(self.get_scan(), user=self.request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _(
                "De herhaalmeting is aangemaakt: %(p)s processen, %(f)s functies, "
                "%(a)s beoordelingen en %(s)s vragenlijsten overgenomen om te herzien."
            )
            % {
                "p": result.registers.get("processes", 0),
                "f": result.registers.get("functions", 0),
                "a": result.assessment_items,
                "s": result.surveys,
            },
        )
        return redirect("scans:detail", org=self.organisation.slug, scan_id=result.scan.pk)


class ComparisonView(ScanMixin, TemplateView):
    """This scan against the previous one, and trends over three or more scans."""

    permission = "scan.view_work"
    template_name = "actions/comparison.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        scan = self.get_scan()
        previous = scan.previous_scan
        ctx["previous"] = previous
        cache: dict = {}
        if previous is not None:
            ctx["comparison"] = compare_scans(previous, scan, cache=cache)
            try:
                from weerbaar.assessment.models import AssessmentStatus

                labels = dict(AssessmentStatus.choices)
            except ImportError:  # pragma: no cover
                labels = {}
            for n in ctx["comparison"].norms:
                n.previous_label = labels.get(n.previous_status, n.previous_status)
                n.current_label = labels.get(n.current_status, n.current_status)
                n.comparable = [i for i in n.survey_items if i.interval is not None]
                n.not_comparable = len(n.survey_items) - len(n.comparable)
        trend = trends(scan, cache=cache)
        ctx["trend"] = trend
        if len(trend.scans) >= 3:
            labels = [str(s.period_start.year) for s in trend.scans]
            ctx["dimension_chart"] = line_chart(
                "trend-dim",
                _("Aandeel normen dat voldoet, per dimensie"),
                _("Lijngrafiek over %(n)s scans; dezelfde cijfers staan in de tabel eronder.")
                % {"n": len(trend.scans)},
                labels,
                [(translate(s.label), s.values) for s in trend.dimensions],
            )
            ctx["trend_labels"] = labels
            phases = {p["level"]: translate(p["name"]) for p in scan.framework.maturity_phases}
            if any(v is not None for s in trend.pillars for v in s.values):
                ctx["pillar_chart"] = line_chart(
                    "trend-pillar",
                    _("Volwassenheidsfase per RIEC-pijler"),
                    _("Lijngrafiek over %(n)s scans; dezelfde fasen staan in de tabel eronder.")
                    % {"n": len(trend.scans)},
                    labels,
                    [(translate(s.label), s.values) for s in trend.pillars],
                    y_min=1,
                    y_max=max(phases or {4: ""}),
                    ticks=[(level, f"{level} {name}") for level, name in sorted(phases.items())],
                )
                for series in trend.pillars:
                    series.phase_names = [phases.get(v, "–") for v in series.values]
        return ctx


# ----------------------------------------------------------------------------- settings


class SettingsView(OrganisationMixin, FormView):
    permission = "action.manage"
    template_name = "actions/settings.html"
    form_class = SettingsForm

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "instance": services.followup_settings(self.organisation),
        }

    def form_valid(self, form):
        form.save()
        messages.success(self.request, _("De instellingen zijn opgeslagen."))
        return redirect("actions:settings", org=self.organisation.slug)
