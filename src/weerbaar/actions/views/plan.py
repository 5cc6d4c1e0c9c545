"""Pages of the action plan: the lists, the overview, one action and its changes, settings."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from weerbaar.core.forms import add_service_errors
from weerbaar.core.locking import ConflictError, ConflictResponseMixin, save_model_form
from weerbaar.organisations.views_mixins import OrganisationMixin, ScopedObjectMixin
from weerbaar.scans.selectors import latest_scan
from weerbaar.scans.views import ScanMixin

from .. import services
from ..forms import ActionForm, EvidenceForm, NoteForm, SettingsForm, StatusForm
from ..models import Action, ActionStatus
from ..overview import build_overview, previous_report
from ..overview_items import overview_items


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
        latest = latest_scan(self.organisation)
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
        ctx["other_items"] = overview_items(self.organisation, overview.today)
        return ctx


# ----------------------------------------------------------------------------- create / edit


def _owner_from(value: str, organisation):
    """Parse ``user:<pk>`` / ``role:<role>`` into (user or None, role)."""
    kind, _sep, ref = (value or "").partition(":")
    if kind == "user" and ref.isdigit():
        user = get_user_model().objects.filter(pk=int(ref)).first()
        if user is None:
            # The same answer as for an account outside the organisation (no account probing).
            raise ValidationError({"owner": [services.owner_not_in_organisation(organisation)]})
        return user, ""
    if kind == "role":
        return None, ref
    raise ValidationError({"owner": [_("Kies een eigenaar: een persoon of een rol.")]})


def _entries_from(scan, data) -> dict:
    """The register entries of ``scan`` chosen in the form (None where none was chosen)."""
    process, function = data.get("process_entry"), data.get("function_entry")
    return {
        "process_entry": scan.process_entries.filter(pk=int(process)).first() if process else None,
        "function_entry": (
            scan.function_entries.filter(pk=int(function)).first() if function else None
        ),
    }


def _action_fields(form, scan) -> dict:
    data = form.cleaned_data
    user, role = _owner_from(data["owner"], scan.organisation)
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


#: The service's owner fields, shown on the form's one ``owner`` field.
OWNER_FIELDS = {"owner_user": "owner", "owner_role": "owner"}


def _add_action_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        renamed: dict[str, list[ValidationError]] = {}
        for field, errors in exc.error_dict.items():
            renamed.setdefault(OWNER_FIELDS.get(field, field), []).extend(errors)
        exc = ValidationError(renamed)
    add_service_errors(form, exc)


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
        url = reverse("actions:list", kwargs={"org": self.organisation.slug})
        return redirect(f"{url}?scan={self.get_scan().pk}")


class ActionObjectMixin(ScopedObjectMixin[Action]):
    """One action of the organisation that this user may see (404 otherwise)."""

    permission = "action.view_own"
    scoped_model = Action
    scoped_url_kwarg = "action_id"
    request: HttpRequest  # set by the view this mixin is combined with

    def get_scoped_queryset(self):
        return services.visible_actions(self.request.user, self.organisation)

    def get_action(self) -> Action:
        # The scoped object is an instance of ``scoped_model``.
        return self.get_scoped_object()


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
    """A change to an action posted from its page; the page is shown again on an error."""

    http_method_names = ["post"]
    form_class: ClassVar[type[forms.Form]]
    form_key: ClassVar[str]  # the page's context name of the form

    @property
    def success_message(self) -> str:
        raise NotImplementedError

    def apply(self, action: Action, data: dict[str, Any]) -> None:
        """Carry out the change; a ``ValidationError`` is shown on the form."""
        raise NotImplementedError

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
    def success_message(self) -> str:
        return _("De status is bijgewerkt.")

    def apply(self, action: Action, data: dict[str, Any]) -> None:
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
    def success_message(self) -> str:
        return _("De notitie is toegevoegd.")

    def apply(self, action: Action, data: dict[str, Any]) -> None:
        services.add_note(action, data["text"], user=self.request.user)


class ActionEvidenceView(_ActionPostView):
    form_class = EvidenceForm
    form_key = "evidence_form"

    @property
    def success_message(self) -> str:
        return _("Het bewijs is toegevoegd.")

    def apply(self, action: Action, data: dict[str, Any]) -> None:
        services.add_evidence(
            action, text=data.get("text", ""), url=data.get("url", ""), user=self.request.user
        )


class ActionEditView(ConflictResponseMixin, ActionObjectMixin, FormView):
    permission = "action.manage"
    template_name = "actions/action_form.html"
    form_class = ActionForm

    def get_initial(self):
        return self.initial_for(self.get_action())

    def initial_for(self, a):
        return {
            "lock_version": a.lock_version,
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
            services.update_action(
                action, expected_version=form.expected_version, **_action_fields(form, action.scan)
            )
        except ConflictError as conflict:
            return self.conflict_response(form, conflict)
        except ValidationError as exc:
            _add_action_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("De actie is opgeslagen."))
        return redirect("actions:detail", org=self.organisation.slug, action_id=action.pk)


# ----------------------------------------------------------------------------- settings


class SettingsView(ConflictResponseMixin, OrganisationMixin, FormView):
    permission = "action.manage"
    template_name = "actions/settings.html"
    form_class = SettingsForm

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "instance": services.followup_settings(self.organisation),
        }

    def form_valid(self, form):
        try:
            save_model_form(form)
        except ConflictError as conflict:
            return self.conflict_response(form, conflict)
        messages.success(self.request, _("De instellingen zijn opgeslagen."))
        return redirect("actions:settings", org=self.organisation.slug)
