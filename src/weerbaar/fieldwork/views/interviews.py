"""Interviews and group sessions: plan, record held, notes behind need-to-know."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView

from weerbaar.core.forms import add_service_errors
from weerbaar.core.locking import ConflictError

from .. import interviews
from ..access import may_read_notes, may_write_notes
from ..forms import NoteForm, SessionForm
from ..models import InterviewSession
from ..norms import norm_labels
from .common import NewScanObjectFormMixin, ScanObjectFormMixin, ScanObjectMixin


def _save(view: Any, form: SessionForm) -> HttpResponse:
    session = form.instance
    try:
        interviews.save_session(
            session,
            by=view.request.user,
            interviewers=form.cleaned_data.get("interviewers"),
            expected_version=form.expected_version,
        )
    except ConflictError as conflict:
        return view.conflict_response(form, conflict)
    except ValidationError as exc:
        add_service_errors(form, exc)
        return view.form_invalid(form)
    messages.success(view.request, _("Het gesprek is opgeslagen."))
    return redirect("fieldwork:session", org=view.organisation.slug, interviewsession_id=session.pk)


class SessionCreateView(NewScanObjectFormMixin, FormView):
    new_model = InterviewSession
    template_name = "fieldwork/session_form.html"
    form_class = SessionForm

    def form_valid(self, form: SessionForm) -> HttpResponse:
        return _save(self, form)


class SessionEditView(ScanObjectFormMixin, FormView):
    scoped_model = InterviewSession
    scoped_url_kwarg = "interviewsession_id"
    context_object_name = "session"
    template_name = "fieldwork/session_form.html"
    form_class = SessionForm

    def form_valid(self, form: SessionForm) -> HttpResponse:
        return _save(self, form)


class SessionDetailView(ScanObjectMixin, FormView):
    """The session; its notes only for those who need to know (each read recorded)."""

    permission = "scan.view_work"
    scoped_model = InterviewSession
    scoped_url_kwarg = "interviewsession_id"
    template_name = "fieldwork/session_detail.html"
    form_class = NoteForm

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "scan": self.get_scan()}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        session = self.get_scoped_object()
        ctx["session"] = session
        ctx["can_manage"] = self.can("scan.manage")
        ctx["can_write"] = may_write_notes(self.request.user, session)
        ctx["notes_visible"] = may_read_notes(self.request.user, session)
        if ctx["notes_visible"]:
            ctx["notes"] = [
                {"note": n, "norms": norm_labels(session.scan, n.norm_ids)}
                for n in interviews.read_notes(self.request, session)
            ]
        return ctx

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not may_write_notes(request.user, self.get_scoped_object()):
            raise PermissionDenied
        return super().post(request, *args, **kwargs)

    def form_valid(self, form: NoteForm) -> HttpResponse:
        session = self.get_scoped_object()
        try:
            interviews.add_note(
                session,
                by=self.request.user,
                text=form.cleaned_data["text"],
                norm_ids=form.cleaned_data["norm_ids"],
                is_quote=form.cleaned_data["is_quote"],
                anonymised=form.cleaned_data["anonymised"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("De aantekening is opgeslagen."))
        return redirect(
            "fieldwork:session", org=self.organisation.slug, interviewsession_id=session.pk
        )
