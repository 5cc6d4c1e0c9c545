"""The region's directory of support: RIEC contacts, resources and e-learning."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from weerbaar.core.forms import add_service_errors
from weerbaar.organisations.views_mixins import OrganisationMixin

from .. import selectors, services
from ..forms import SupportLinkForm
from ..models import SupportKind, SupportLink


class SupportDirectoryView(OrganisationMixin, TemplateView):
    permission = "practice.view"
    template_name = "practices/support_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        links = list(selectors.support_links(self.organisation.region))
        groups = [
            (label, [link for link in links if link.kind == value])
            for value, label in SupportKind.choices
        ]
        ctx.update(
            groups=[(label, items) for label, items in groups if items],
            region=self.organisation.region,
            can_author=self.can("practice.author"),
            can_maintain=self.can("practice.review") and self.organisation.region_id is not None,
        )
        return ctx


class SupportLinkMixin(OrganisationMixin):
    permission = "practice.review"

    def get_link(self) -> SupportLink | None:
        if "supportlink_id" not in self.kwargs:
            return None
        link = (
            selectors.support_links(self.organisation.region)
            .filter(pk=self.kwargs["supportlink_id"])
            .first()
        )
        if link is None:
            raise Http404
        return link

    def to_directory(self) -> HttpResponse:
        return redirect("practices:support", org=self.organisation.slug)


class SupportLinkFormView(SupportLinkMixin, FormView):
    template_name = "practices/support_form.html"
    form_class = SupportLinkForm

    def get_initial(self) -> dict[str, Any]:
        link = self.get_link()
        if link is None:
            return {}
        return {
            name: getattr(link, name)
            for name in ("kind", "title", "url", "email", "phone", "description")
        }

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        if self.organisation.region_id is None:
            raise Http404
        return super().get_context_data(link=self.get_link(), **kwargs)

    def form_valid(self, form: SupportLinkForm) -> HttpResponse:
        try:
            services.save_support_link(
                self.organisation, form.data_object(), user=self.request.user, link=self.get_link()
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("De gegevens zijn opgeslagen."))
        return self.to_directory()


class SupportLinkDeleteView(SupportLinkMixin, TemplateView):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        link = self.get_link()
        assert link is not None
        services.delete_support_link(self.organisation, link, user=request.user)
        messages.success(request, _("Het item is verwijderd."))
        return self.to_directory()
