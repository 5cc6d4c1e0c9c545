from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, UserPassesTestMixin
from django.db import transaction
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import CreateView, FormView, ListView, TemplateView, View

from . import services
from .forms import MemberForm, NewOrganisationForm, OrganisationForm
from .models import Membership, Organisation
from .views_mixins import OrganisationMixin, ScopedObjectMixin


class OrganisationSettingsView(OrganisationMixin, FormView):
    """Details, departments and minimum cell size k of the organisation."""

    permission = "organisation.manage"
    template_name = "organisations/settings.html"
    form_class = OrganisationForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.organisation}

    def form_valid(self, form):
        with transaction.atomic():
            form.save()
            services.set_departments(self.organisation, form.cleaned_data["departments"])
        messages.success(self.request, _("De gegevens zijn opgeslagen."))
        return redirect("organisations:settings", org=self.organisation.slug)


class MembersView(OrganisationMixin, FormView):
    """Who has which role in the organisation; add people by e-mail address."""

    permission = "organisation.manage"
    template_name = "organisations/members.html"
    form_class = MemberForm

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["memberships"] = self.organisation.memberships.select_related("user").order_by(
            "role", "user__email"
        )
        return ctx

    def form_valid(self, form):
        membership, created = services.add_member(
            self.organisation, request=self.request, **form.cleaned_data
        )
        if created:
            messages.success(
                self.request,
                _("%(email)s is toegevoegd en ontvangt een e-mail om een wachtwoord te kiezen.")
                % {"email": membership.user.email},
            )
        else:
            messages.success(
                self.request,
                _("%(email)s heeft nu de rol %(role)s.")
                % {"email": membership.user.email, "role": membership.get_role_display()},
            )
        return redirect("organisations:members", org=self.organisation.slug)


class MembershipRemoveView(ScopedObjectMixin, TemplateView):
    permission = "organisation.manage"
    http_method_names = ["post"]
    scoped_model = Membership
    scoped_url_kwarg = "membership_id"

    def post(self, request, *args, **kwargs):
        self.get_scoped_object().delete()
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
