"""Pages of the college agenda items and of the portfolios."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView

from weerbaar.audit.services import record_read
from weerbaar.core.forms import add_service_errors
from weerbaar.core.locking import ConflictError, ConflictResponseMixin, save_model_form
from weerbaar.organisations.views_mixins import ScopedObjectMixin

from . import agenda, portfolios
from .documents import agenda_context, render_agenda_docx, render_agenda_pdf, render_brief_pdf
from .forms import (
    AgendaCreateForm,
    AgendaEditForm,
    DecisionForm,
    PortfolioForm,
    ResultingActionForm,
)
from .models import AgendaItem, AgendaStatus, Portfolio
from .views_mixins import WorkspaceMixin, _WorkspaceGate


class AgendaListView(WorkspaceMixin, FormView):
    template_name = "secretaris/agenda_list.html"
    form_class = AgendaCreateForm

    def get_initial(self):
        today = timezone.localdate()
        return {
            "title": _("Ondermijning: stand van zaken"),
            "meeting_date": agenda.next_due(self.organisation, today),
        }

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["items"] = list(AgendaItem.objects.filter(organisation=self.organisation))
        ctx["next_due"] = agenda.next_due(self.organisation, timezone.localdate())
        return ctx

    def form_valid(self, form):
        try:
            item = agenda.create_item(
                self.organisation,
                title=form.cleaned_data["title"],
                meeting_date=form.cleaned_data["meeting_date"],
                user=self.request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Het agendapunt is voorbereid met de actuele gegevens."))
        return redirect(
            "secretaris:agenda_detail", org=self.organisation.slug, agendaitem_id=item.pk
        )


class AgendaItemMixin(ScopedObjectMixin[AgendaItem], _WorkspaceGate):
    permission = "secretaris.workspace"
    scoped_model = AgendaItem
    scoped_url_kwarg = "agendaitem_id"
    template_name: str | None = "secretaris/agenda_detail.html"

    def get_item(self) -> AgendaItem:
        return self.get_scoped_object()

    def detail_context(self, **forms) -> dict:
        item = self.get_item()
        ctx = agenda_context(item)
        ctx["edit_form"] = forms.get("edit_form") or AgendaEditForm(instance=item)
        ctx["decision_form"] = forms.get("decision_form") or DecisionForm(
            initial={"decision": item.decision, "decided_on": item.decided_on or item.meeting_date}
        )
        ctx["action_form"] = forms.get("action_form") or ResultingActionForm()
        ctx["decided"] = item.status == AgendaStatus.DECIDED
        return ctx

    def redirect_to_item(self):
        return redirect(
            "secretaris:agenda_detail", org=self.organisation.slug, agendaitem_id=self.get_item().pk
        )


class AgendaDetailView(ConflictResponseMixin, AgendaItemMixin, FormView):
    form_class = AgendaEditForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.get_item()}

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(self.detail_context(edit_form=ctx["form"]))
        return ctx

    def form_valid(self, form):
        try:
            save_model_form(form)
        except ConflictError as conflict:
            return self.conflict_response(form, conflict)
        messages.success(self.request, _("Het agendapunt is opgeslagen."))
        return self.redirect_to_item()


class AgendaRefreshView(AgendaItemMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        try:
            agenda.refresh(self.get_item())
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("De gegevens zijn opnieuw opgehaald."))
        return self.redirect_to_item()


class AgendaDecisionView(AgendaItemMixin, FormView):
    form_class = DecisionForm
    http_method_names = ["post"]

    def form_valid(self, form):
        try:
            agenda.record_decision(
                self.get_item(), form.cleaned_data["decision"], form.cleaned_data["decided_on"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Het besluit van het college is vastgelegd."))
        return self.redirect_to_item()

    def form_invalid(self, form):
        ctx = {**self.get_context_data(), **self.detail_context(decision_form=form)}
        return self.render_to_response(ctx)


class AgendaActionView(AgendaItemMixin, FormView):
    form_class = ResultingActionForm
    http_method_names = ["post"]

    def form_valid(self, form):
        try:
            agenda.add_resulting_action(
                self.get_item(),
                title=form.cleaned_data["title"],
                due_date=form.cleaned_data["due_date"],
                owner_role=form.cleaned_data["owner_role"],
                user=self.request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("De actie is aan het plan van aanpak toegevoegd."))
        return self.redirect_to_item()

    def form_invalid(self, form):
        ctx = {**self.get_context_data(), **self.detail_context(action_form=form)}
        return self.render_to_response(ctx)


class AgendaDocumentView(AgendaItemMixin, View):
    fmt = "pdf"

    def get(self, request, *args, **kwargs):
        item = self.get_item()
        record_read(request, item, "gs_agenda_document", {"format": self.fmt})
        name = slugify(f"{item.title}-{item.meeting_date.isoformat()}") or "agendapunt"
        if self.fmt == "docx":
            response = HttpResponse(
                render_agenda_docx(item),
                content_type=(
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
                ),
            )
        else:
            response = HttpResponse(render_agenda_pdf(item), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{name}.{self.fmt}"'
        return response


# ----------------------------------------------------------------------------- portfolios


class PortfolioListView(ConflictResponseMixin, WorkspaceMixin, FormView):
    template_name = "secretaris/portfolio_list.html"
    form_class = PortfolioForm

    def get_form_kwargs(self):
        processes, functions = portfolios.register_entries(self.organisation)
        return {
            **super().get_form_kwargs(),
            "instance": Portfolio(organisation=self.organisation),
            "processes": processes,
            "functions": functions,
        }

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["portfolios"] = list(
            Portfolio.objects.filter(organisation=self.organisation).prefetch_related(
                "processes", "functions"
            )
        )
        return ctx

    def form_valid(self, form):
        try:
            portfolio = portfolios.save_portfolio(
                form.instance,
                holder_title=form.cleaned_data["holder_title"],
                name=form.cleaned_data["name"],
                processes=list(form.cleaned_data["processes"]),
                functions=list(form.cleaned_data["functions"]),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("De portefeuille is opgeslagen."))
        return redirect(
            "secretaris:portfolio_detail", org=self.organisation.slug, portfolio_id=portfolio.pk
        )


class PortfolioMixin(ScopedObjectMixin[Portfolio], _WorkspaceGate):
    permission = "secretaris.workspace"
    scoped_model = Portfolio
    scoped_url_kwarg = "portfolio_id"


class PortfolioDetailView(ConflictResponseMixin, PortfolioMixin, FormView):
    """The one-page brief for the portfolio talk, and the portfolio's edit form."""

    template_name = "secretaris/portfolio_detail.html"
    form_class = PortfolioForm

    def get_form_kwargs(self):
        processes, functions = portfolios.register_entries(self.organisation)
        return {
            **super().get_form_kwargs(),
            "instance": self.get_scoped_object(),
            "processes": processes,
            "functions": functions,
        }

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["brief"] = portfolios.brief(self.get_scoped_object())
        return ctx

    def form_valid(self, form):
        try:
            save_model_form(form)
        except ConflictError as conflict:
            return self.conflict_response(form, conflict)
        messages.success(self.request, _("De portefeuille is opgeslagen."))
        return redirect(
            "secretaris:portfolio_detail",
            org=self.organisation.slug,
            portfolio_id=self.get_scoped_object().pk,
        )


class PortfolioPdfView(PortfolioMixin, View):
    def get(self, request, *args, **kwargs):
        portfolio = self.get_scoped_object()
        record_read(request, portfolio, "gs_portfolio_brief", {"format": "pdf"})
        pdf = render_brief_pdf(portfolios.brief(portfolio), self.organisation)
        response = HttpResponse(pdf, content_type="application/pdf")
        name = slugify(portfolio.name) or "portefeuille"
        response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
        return response
