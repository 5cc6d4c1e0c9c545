"""Pages of the good-practice library: search, one practice, writing, review, adoption."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from weerbaar.audit.services import record_read
from weerbaar.core.forms import add_service_errors
from weerbaar.core.uploads import attachment_response
from weerbaar.library.framework import Framework, framework_for
from weerbaar.organisations.views_mixins import OrganisationMixin

from .. import selectors, services
from ..forms import DocumentForm, PracticeForm, ReviewForm
from ..models import Practice, PracticeDocument, PracticeKind


class PracticeListView(OrganisationMixin, TemplateView):
    """Search the library: published practices, and drafts the user may see."""

    permission = "practice.view"
    template_name = "practices/practice_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        framework = selectors.current_framework()
        filters = selectors.parse_filters(self.request.GET, framework)
        visible = selectors.visible_practices(self.request.user)
        practices = selectors.search(visible, filters)
        choices = selectors.link_choices(framework) if framework else {}
        ctx.update(
            filters=filters,
            published=[(p, selectors.publisher_name(p)) for p in practices if p.is_published],
            drafts=[(p, selectors.publisher_name(p)) for p in practices if not p.is_published],
            kinds=PracticeKind.choices,
            norms=choices.get("norms", []),
            processes=choices.get("processes", []),
            regions=selectors.region_choices(),
            can_author=self.can("practice.author"),
            to_review=selectors.awaiting_review(self.request.user),
        )
        return ctx


class PracticeMixin(OrganisationMixin):
    """Resolves ``practice_id`` among the practices the user may see (404 otherwise)."""

    def get_practice(self) -> Practice:
        cached = getattr(self, "_practice", None)
        if cached is None:
            cached = (
                selectors.visible_practices(self.request.user)
                .filter(pk=self.kwargs["practice_id"])
                .first()
            )
            if cached is None:
                raise Http404
            self._practice = cached
        return cached

    def to_detail(self) -> HttpResponse:
        return redirect(
            "practices:detail", org=self.organisation.slug, practice_id=self.get_practice().pk
        )


class PracticeDetailView(PracticeMixin, TemplateView):
    permission = "practice.view"
    template_name = "practices/practice_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        practice = self.get_practice()
        if not practice.is_published:
            record_read(self.request, practice, "practice_draft")
        ctx.update(
            practice=practice,
            publisher=selectors.publisher_name(practice),
            linked=selectors.linked_items(practice),
            documents=list(practice.documents.all()),
            can_edit=selectors.can_edit(user, practice),
            can_review=selectors.can_review(user, practice),
            can_withdraw=selectors.can_withdraw(user, practice, self.organisation),
            can_adopt=selectors.can_adopt(user, practice, self.organisation),
            adoption=services.adoption_of(practice, self.organisation),
            adoption_count=selectors.adoption_count(practice),
            min_adoptions_shown=selectors.MIN_ADOPTIONS_SHOWN,
            can_author=self.can("practice.author"),
        )
        ctx.setdefault("document_form", DocumentForm())
        ctx.setdefault("review_form", ReviewForm())
        return ctx


class PracticeFormMixin(FormView):
    template_name = "practices/practice_form.html"
    form_class = PracticeForm

    def framework(self) -> Framework:
        raise NotImplementedError

    def get_form_kwargs(self) -> dict[str, Any]:
        framework = self.framework()
        return {**super().get_form_kwargs(), "choices": selectors.link_choices(framework)}


class PracticeCreateView(OrganisationMixin, PracticeFormMixin):
    permission = "practice.author"

    def framework(self):
        framework = selectors.current_framework()
        if framework is None:
            raise Http404
        return framework

    def form_valid(self, form: PracticeForm) -> HttpResponse:
        try:
            practice = services.create_practice(
                self.organisation, form.data_object(), user=self.request.user
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("De praktijk is als concept opgeslagen."))
        return redirect("practices:detail", org=self.organisation.slug, practice_id=practice.pk)


class PracticeEditView(PracticeMixin, PracticeFormMixin):
    permission = "practice.author"

    def get(self, request, *args, **kwargs):
        if not selectors.can_edit(request.user, self.get_practice()):
            messages.info(request, _("Deze praktijk kan nu niet worden bewerkt."))
            return self.to_detail()
        return super().get(request, *args, **kwargs)

    def framework(self):
        return framework_for(self.get_practice().library_version)

    def get_initial(self) -> dict[str, Any]:
        p = self.get_practice()
        return {
            "kind": p.kind,
            "title": p.title,
            "summary": p.summary,
            "description": p.description,
            "norm_ids": p.norm_ids,
            "process_ids": p.process_ids,
            "measure_ids": p.measure_ids,
        }

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(practice=self.get_practice(), **kwargs)

    def form_valid(self, form: PracticeForm) -> HttpResponse:
        try:
            services.update_practice(
                self.get_practice(), form.data_object(), user=self.request.user
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("De praktijk is opgeslagen."))
        return self.to_detail()


class PracticeActionView(PracticeMixin, TemplateView):
    """A POST that changes a practice; errors are shown on the practice's page."""

    http_method_names = ["post"]
    permission = "practice.view"
    template_name = "practices/practice_detail.html"

    def render_detail(self, **extra: Any) -> HttpResponse:
        detail = PracticeDetailView()
        detail.setup(self.request, *self.args, **self.kwargs)
        detail.organisation = self.organisation
        detail.roles = self.roles
        detail._practice = self.get_practice()
        ctx = detail.get_context_data(**extra)
        return self.render_to_response(ctx, status=400)


class SubmitView(PracticeActionView):
    def post(self, request, *args, **kwargs):
        try:
            services.submit_practice(self.get_practice(), user=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return self.to_detail()
        messages.success(request, _("De praktijk is ingediend bij het RIEC ter beoordeling."))
        return self.to_detail()


class ReviewView(PracticeActionView):
    def post(self, request, *args, **kwargs):
        form = ReviewForm(request.POST)
        if form.is_valid():
            try:
                services.review_practice(
                    self.get_practice(),
                    publish=form.cleaned_data["decision"] == "publish",
                    reason=form.cleaned_data["reason"],
                    user=request.user,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                if self.get_practice().is_published:
                    messages.success(request, _("De praktijk is gepubliceerd."))
                else:
                    messages.success(
                        request, _("De praktijk is afgewezen; de reden is vastgelegd.")
                    )
                return self.to_detail()
        return self.render_detail(review_form=form)


class WithdrawView(PracticeActionView):
    def post(self, request, *args, **kwargs):
        practice = self.get_practice()
        if practice.organisation_id != self.organisation.pk:
            raise Http404
        services.withdraw_practice(practice, user=request.user)
        messages.success(request, _("De praktijk is teruggezet naar concept."))
        return self.to_detail()


class DocumentUploadView(PracticeActionView):
    def post(self, request, *args, **kwargs):
        form = DocumentForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.add_document(
                    self.get_practice(),
                    form.cleaned_data["file"],
                    title=form.cleaned_data["title"],
                    user=request.user,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Het document is toegevoegd."))
                return self.to_detail()
        return self.render_detail(document_form=form)


class AdoptView(PracticeActionView):
    permission = "action.manage"

    def post(self, request, *args, **kwargs):
        try:
            action = services.adopt_practice(
                self.get_practice(), self.organisation, user=request.user
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return self.to_detail()
        messages.success(request, _("De praktijk staat nu als actie in het plan van aanpak."))
        return redirect("actions:detail", org=self.organisation.slug, action_id=action.pk)


class DocumentMixin(OrganisationMixin):
    permission = "practice.view"

    def get_document(self) -> PracticeDocument:
        visible = selectors.visible_practices(self.request.user)
        document = (
            PracticeDocument.objects.filter(
                practice__in=visible, pk=self.kwargs["practicedocument_id"]
            )
            .select_related("practice")
            .first()
        )
        if document is None:
            raise Http404
        return document


class DocumentDownloadView(DocumentMixin, TemplateView):
    """A document as a download, never rendered by the browser."""

    def get(self, request, *args, **kwargs):
        document = self.get_document()
        try:
            fh = document.file.open("rb")
        except (FileNotFoundError, ValueError):
            raise Http404 from None
        if not document.practice.is_published:
            record_read(request, document, "practice_document")
        return attachment_response(
            fh,
            filename=f"praktijk-{document.practice_id}-{document.pk}.{document.file_type}",
            file_type=document.file_type,
        )


class DocumentDeleteView(DocumentMixin, TemplateView):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        document = self.get_document()
        practice_id = document.practice_id
        services.delete_document(document, user=request.user)
        messages.success(request, _("Het document is verwijderd."))
        return redirect("practices:detail", org=self.organisation.slug, practice_id=practice_id)
