from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, UserPassesTestMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import CreateView, FormView, ListView, TemplateView, View

from weerbaar.core.forms import add_service_errors
from weerbaar.core.locking import ConflictError, ConflictResponseMixin, claim_version

from . import governance, notifications, services
from .forms import MemberForm, NewOrganisationForm, OrganisationForm
from .history import governance_history
from .models import Membership, MembershipRequest, Organisation, Role
from .views_mixins import OrganisationMixin, ScopedObjectMixin


class OrganisationSettingsView(ConflictResponseMixin, OrganisationMixin, FormView):
    """Details, departments and minimum cell size k of the organisation."""

    permission = "organisation.manage"
    template_name = "organisations/settings.html"
    form_class = OrganisationForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.organisation}

    def form_valid(self, form):
        k_before = form.initial.get("min_cell_size")
        try:
            with transaction.atomic():
                claim_version(form.instance, form.expected_version)
                form.save()
                departments = services.set_departments(
                    self.organisation,
                    form.cleaned_data["departments"],
                    form.cleaned_data.get("department_renames"),
                )
        except ConflictError as conflict:
            return self.conflict_response(form, conflict)
        notifications.settings_changed(
            self.organisation, self.request.user, form, k_before, departments
        )
        messages.success(self.request, _("De gegevens zijn opgeslagen."))
        return redirect("organisations:settings", org=self.organisation.slug)


class MembersView(OrganisationMixin, FormView):
    """Who has which role, requests waiting for confirmation, and the history of changes.

    The scancoördinator adds people by e-mail address (see :mod:`.governance` for which roles
    need confirmation); the gemeentesecretaris and the other coördinators confirm.
    """

    permission = "members.view"
    template_name = "organisations/members.html"
    form_class = MemberForm

    def post(self, request, *args, **kwargs):
        if not governance.may_add_members(request.user, self.organisation):
            raise PermissionDenied
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        ctx["memberships"] = self.organisation.memberships.select_related("user").order_by(
            "role", "user__email"
        )
        ctx["pending"] = [
            (req, governance.can_decide(user, req))
            for req in governance.pending_requests(self.organisation)
        ]
        ctx["history"] = governance_history(self.organisation)
        ctx["can_add"] = governance.may_add_members(user, self.organisation)
        ctx["can_remove"] = self.can("members.manage")
        return ctx

    def form_valid(self, form):
        try:
            change = governance.add_member(
                self.organisation, by=self.request.user, request=self.request, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        details = {"email": change.email, "role": Role(change.role).label}
        if change.pending:
            text = _(
                "Het verzoek om de rol %(role)s voor %(email)s is vastgelegd. De "
                "gemeentesecretaris of een andere scancoördinator moet het bevestigen; tot dan "
                "geeft het geen toegang."
            )
        else:
            # The same answer whether or not the address already had an account.
            text = _("%(email)s heeft de rol %(role)s gekregen en ontvangt hierover een e-mail.")
        messages.success(self.request, text % details)
        return redirect("organisations:members", org=self.organisation.slug)


class MembershipRequestDecisionView(ScopedObjectMixin, TemplateView):
    """Confirm or reject a requested role (never one's own request)."""

    permission = "members.view"
    http_method_names = ["post"]
    scoped_model = MembershipRequest
    scoped_url_kwarg = "membershiprequest_id"

    def post(self, request, *args, **kwargs):
        req = self.get_scoped_object()
        decision = request.POST.get("decision")
        if decision not in {"confirm", "reject"}:
            messages.error(request, _("Kies bevestigen of afwijzen."))
            return redirect("organisations:members", org=self.organisation.slug)
        try:
            governance.decide(req, by=request.user, confirm=decision == "confirm", request=request)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                _("Het verzoek is bevestigd.")
                if decision == "confirm"
                else _("Het verzoek is afgewezen."),
            )
        return redirect("organisations:members", org=self.organisation.slug)


class MembershipRemoveView(ScopedObjectMixin, TemplateView):
    """Withdraw a role; governance.remove_membership refuses anyone but the coördinator."""

    permission = "members.view"
    http_method_names = ["post"]
    scoped_model = Membership
    scoped_url_kwarg = "membership_id"

    def post(self, request, *args, **kwargs):
        governance.remove_membership(self.get_scoped_object(), by=request.user)
        messages.success(request, _("De rol is ingetrokken."))
        return redirect("organisations:members", org=self.organisation.slug)


class PlatformAdminMixin(LoginRequiredMixin, UserPassesTestMixin, View):
    def test_func(self) -> bool:
        return self.request.user.is_superuser


class OrganisationListView(PlatformAdminMixin, ListView):
    """Platform beheer: all organisations."""

    template_name = "organisations/admin_list.html"
    queryset = Organisation.objects.select_related("region")
    context_object_name = "organisations"


class OrganisationCreateView(PlatformAdminMixin, CreateView):
    template_name = "organisations/admin_create.html"
    form_class = NewOrganisationForm

    def form_valid(self, form):
        organisation = form.save()
        messages.success(self.request, _("De organisatie is aangemaakt."))
        return redirect("organisations:settings", org=organisation.slug)
