"""Pages of the confidential notes: only for the author and the members a note names.

Anyone else gets 404 on every notes page, as if there were none: a user without
``notes.use`` (coordinator, lezer, beheerder, RIEC adviser), a member of another
organisation, and a user who may keep notes but is not named in the note asked for.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.generic import FormView, TemplateView

from weerbaar.core.forms import add_service_errors
from weerbaar.organisations.permissions import visible_organisations
from weerbaar.organisations.views_mixins import OrganisationMixin, ScopedObjectMixin

from . import services
from .crypto import NoteUnreadable
from .forms import NoteForm
from .models import ConfidentialNote
from .selectors import may_use_notes, possible_readers, visible_notes

UNREADABLE = _lazy(
    "Deze notitie is met een sleutel versleuteld die hier niet is ingesteld en kan niet worden "
    "gelezen. Vraag de beheerder het sleutelbestand terug te zetten."
)


class NotesMixin(OrganisationMixin):
    permission = None

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.user.is_authenticated:
            organisation = get_object_or_404(
                visible_organisations(request.user), slug=kwargs.get("org")
            )
            if not may_use_notes(request.user, organisation):
                raise Http404
        return super().dispatch(request, *args, **kwargs)


class NoteMixin(NotesMixin, ScopedObjectMixin[ConfidentialNote]):
    scoped_model = ConfidentialNote
    scoped_url_kwarg = "confidentialnote_id"

    def get_scoped_queryset(self):
        return visible_notes(self.request.user, self.organisation)

    def require_author(self) -> ConfidentialNote:
        note = self.get_scoped_object()
        if note.author_id != self.request.user.pk:
            raise Http404
        return note


class NoteListView(NotesMixin, TemplateView):
    template_name = "notes/note_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        notes = list(
            visible_notes(self.request.user, self.organisation).prefetch_related("readers")
        )
        titles = services.read_titles(self.request, self.organisation, notes)
        ctx["rows"] = [{"note": n, "title": titles[n.pk]} for n in notes]
        ctx["page_title"] = _("Vertrouwelijke notities")
        return ctx


class NoteFormMixin(FormView):
    template_name = "notes/note_form.html"
    form_class = NoteForm
    request: HttpRequest

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["readers"] = possible_readers(self.organisation, self.request.user)  # type: ignore[attr-defined]
        return kwargs


class NoteCreateView(NotesMixin, NoteFormMixin):
    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["page_title"] = _("Nieuwe notitie")
        return ctx

    def form_valid(self, form: NoteForm) -> HttpResponse:
        text = services.NoteText(form.cleaned_data["title"], form.cleaned_data["body"])
        try:
            note = services.create_note(
                self.organisation, self.request.user, text, form.cleaned_data["readers"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("De notitie is versleuteld opgeslagen."))
        return redirect("notes:detail", org=self.organisation.slug, confidentialnote_id=note.pk)


class NoteDetailView(NoteMixin, TemplateView):
    template_name = "notes/note_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        note = self.get_scoped_object()
        try:
            text: services.NoteText | None = services.read_note(self.request, note)
        except NoteUnreadable:
            text = None
        ctx.update(
            note=note,
            text=text,
            readers=list(note.readers.all()),
            is_author=note.author_id == self.request.user.pk,
            page_title=text.title if text else _("Notitie die niet te lezen is"),
            unreadable=UNREADABLE,
        )
        return ctx


class NoteEditView(NoteMixin, NoteFormMixin):
    def get_initial(self) -> dict[str, Any]:
        note = self.require_author()
        initial: dict[str, Any] = {"readers": list(note.readers.all())}
        try:
            text = services.read_note(self.request, note)
        except NoteUnreadable:
            messages.error(self.request, UNREADABLE)
        else:
            initial.update(title=text.title, body=text.body)
        return initial

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["note"] = self.require_author()
        ctx["page_title"] = _("Notitie bewerken")
        return ctx

    def form_valid(self, form: NoteForm) -> HttpResponse:
        note = self.require_author()
        text = services.NoteText(form.cleaned_data["title"], form.cleaned_data["body"])
        try:
            services.update_note(note, self.request.user, text, form.cleaned_data["readers"])
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("De notitie is opgeslagen."))
        return redirect("notes:detail", org=self.organisation.slug, confidentialnote_id=note.pk)


class NoteDeleteView(NoteMixin, TemplateView):
    template_name = "notes/note_delete.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["note"] = self.require_author()
        ctx["page_title"] = _("Notitie verwijderen")
        return ctx

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        note = self.require_author()
        services.delete_note(note, request.user)
        messages.success(request, _("De notitie en haar versleutelde inhoud zijn verwijderd."))
        return redirect("notes:list", org=self.organisation.slug)
