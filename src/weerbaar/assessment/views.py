"""Pages of the self-assessment: dashboard, a page per dimension/theme/pillar (with what each
source says per norm), downloads; the recommendations are in :mod:`.views_recommendations`.
Viewing needs ``scan.view_work``; changing anything needs ``scan.manage``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from weerbaar.audit.services import record_read
from weerbaar.core.text import translate
from weerbaar.core.uploads import DOCUMENT_CONTENT_TYPES, attachment_response
from weerbaar.organisations.views_mixins import ScopedObjectMixin
from weerbaar.scans.views import ScanMixin

from . import services
from .content import document_for
from .evidence import download_name
from .forms import (
    AssessmentItemForm,
    EvidenceLinkForm,
    EvidenceUploadForm,
    prefix_for,
)
from .maturity import pillar_maturity
from .models import AssessmentStatus, EvidenceDocument, RecommendationStatus
from .triangulation import norm_sources

if TYPE_CHECKING:
    from weerbaar.scans.models import Scan


def posted_text(request) -> list[str]:
    """The text a user submitted, to show back when it could not be stored anywhere."""
    skip = {"csrfmiddlewaretoken", "item_id", "action"}
    return [
        v
        for k, v in request.POST.items()
        if k not in skip and not k.endswith(("lock_version", "status")) and v.strip()
    ]


def is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


class AssessmentMixin(ScanMixin):
    permission = "scan.view_work"

    def require_manage(self) -> None:
        if not self.can("scan.manage"):
            raise PermissionDenied

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["can_edit"] = self.can("scan.manage")
        ctx["status_choices"] = AssessmentStatus.choices
        return ctx


class DashboardView(AssessmentMixin, TemplateView):
    """Counts per dimension and theme, and the maturity phase per RIEC pillar."""

    template_name = "assessment/dashboard.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        scan = ctx["scan"]
        ctx["page_title"] = _("Zelfevaluatie")
        ctx["overview"] = services.overview(scan)
        ctx["maturity"] = pillar_maturity(scan)
        ctx["method"] = document_for(scan, "maturity_method")
        ctx["phases"] = scan.framework.maturity_phases
        ctx["recommendation_counts"] = {
            s: scan.recommendations.filter(status=s).count() for s in RecommendationStatus.values
        }
        return ctx


class GroupView(AssessmentMixin, TemplateView):
    """The norms of one dimension or theme, or the points of attention of one pillar."""

    template_name = "assessment/group.html"
    card_template = "assessment/_item_card.html"

    def get_group(self) -> services.Group:
        group = services.group_index(self.get_scan().framework).get(self.kwargs["assessment_group"])
        if group is None:
            raise Http404
        return group

    def action_url(self) -> str:
        return reverse(
            "assessment:group",
            kwargs={
                "org": self.organisation.slug,
                "scan_id": self.get_scan().pk,
                "assessment_group": self.kwargs["assessment_group"],
            },
        )

    def card(self, lib_item: dict, item, **extra) -> dict:
        prefix = prefix_for(lib_item["id"])
        form = extra.pop("form", None) or AssessmentItemForm(
            prefix=prefix,
            initial={
                "status": item.status if item else AssessmentStatus.UNKNOWN,
                "finding": item.finding if item else "",
                "evidence_text": item.evidence_text if item else "",
                "sources": item.sources if item else [],
                "lock_version": item.lock_version if item else 0,
            },
        )
        return {
            "lib": lib_item,
            "item": item,
            "prefix": prefix,
            "form": form,
            "upload_form": extra.pop("upload_form", None)
            or EvidenceUploadForm(prefix=prefix + "-u"),
            "link_form": extra.pop("link_form", None) or EvidenceLinkForm(prefix=prefix + "-l"),
            "action": self.action_url(),
            **extra,
        }

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        scan = ctx["scan"]
        group = self.get_group()
        saved = services.saved_items(scan)
        override = kwargs.get("override") or {}
        sources = norm_sources(scan, [i for s in group.sections for i in s["items"]])
        sections = []
        for section in group.sections:
            cards = []
            for lib_item in section["items"]:
                if lib_item["id"] in override:
                    card = override[lib_item["id"]]
                else:
                    card = self.card(lib_item, saved.get(lib_item["id"]))
                cards.append({**card, "sources": sources.get(lib_item["id"], [])})
            sections.append({**section, "cards": cards})
        ctx.update(
            group=group,
            sections=sections,
            groups=services.groups(scan.framework),
            page_title=translate(group.name),
            page_error=kwargs.get("page_error"),
            posted=kwargs.get("posted"),
        )
        return ctx

    # ----------------------------------------------------------------- POST
    def post(self, request, *args, **kwargs):
        self.require_manage()
        scan = self.get_scan()
        group = self.get_group()
        item_id = request.POST.get("item_id", "")
        try:
            services.require_item(scan, item_id, group)
        except ValidationError as exc:
            return self.page_error(exc.messages[0])
        lib_item = next(i for s in group.sections for i in s["items"] if i["id"] == item_id)
        action = request.POST.get("action", "save")
        handler = {
            "save": self.save_item,
            "upload": self.upload,
            "link": self.add_link,
        }.get(action)
        if handler is None:
            return self.page_error(_("Onbekende actie."))
        return handler(scan, lib_item)

    def page_error(self, message: str):
        """The whole page with the message and the submitted text (no card to put it in)."""
        response = self.render_to_response(
            self.get_context_data(page_error=message, posted=posted_text(self.request))
        )
        if is_htmx(self.request):
            response["HX-Retarget"] = "#main"
            response["HX-Reselect"] = "#main"
            response["HX-Reswap"] = "outerHTML"
        return response

    def respond(self, lib_item: dict, card: dict, success: str | None = None):
        if success and not is_htmx(self.request):
            messages.success(self.request, success)
            return redirect(f"{self.action_url()}#card-{card['prefix']}")
        card["success"] = success
        if is_htmx(self.request):
            card["sources"] = norm_sources(self.get_scan(), [lib_item])[lib_item["id"]]
            return TemplateResponse(
                self.request,
                self.card_template,
                {
                    "card": card,
                    "can_edit": True,
                    "organisation": self.organisation,
                    "scan": self.get_scan(),
                },
            )
        return self.render_to_response(self.get_context_data(override={lib_item["id"]: card}))

    def current_item(self, scan, item_id):
        return scan.assessment_items.filter(item_id=item_id).first()

    def save_item(self, scan, lib_item):
        prefix = prefix_for(lib_item["id"])
        form = AssessmentItemForm(self.request.POST, prefix=prefix)
        if not form.is_valid():
            item = self.current_item(scan, lib_item["id"])
            return self.respond(lib_item, self.card(lib_item, item, form=form))
        data = form.cleaned_data
        outcome = services.save_item(
            scan,
            lib_item["id"],
            status=data["status"],
            finding=data["finding"],
            evidence_text=data["evidence_text"],
            expected_version=data["lock_version"],
            user=self.request.user,
            sources=data["sources"],
        )
        if outcome.conflict is not None:
            # Keep what this user typed, based on the stored version now: saving again is
            # then a deliberate choice after seeing the other version.
            posted = self.request.POST.copy()
            posted[f"{prefix}-lock_version"] = str(outcome.item.lock_version)
            form = AssessmentItemForm(posted, prefix=prefix)
            form.is_valid()
            return self.respond(
                lib_item,
                self.card(lib_item, outcome.item, form=form, conflict=outcome.conflict),
            )
        item = outcome.item
        return self.respond(
            lib_item,
            self.card(lib_item, item),
            success=_("Opgeslagen.") if outcome.changed else _("Geen wijzigingen."),
        )

    def upload(self, scan, lib_item):
        prefix = prefix_for(lib_item["id"])
        upload_form = EvidenceUploadForm(
            self.request.POST, self.request.FILES, prefix=prefix + "-u"
        )
        item = self.current_item(scan, lib_item["id"])
        if upload_form.is_valid():
            upload = upload_form.cleaned_data["document"]
            try:
                services.add_document(
                    scan,
                    lib_item["id"],
                    upload,
                    original_name=upload.name,
                    description=upload_form.cleaned_data["description"],
                    user=self.request.user,
                )
            except ValidationError as exc:
                upload_form.add_error("document", exc.messages)
            else:
                item = self.current_item(scan, lib_item["id"])
                return self.respond(
                    lib_item,
                    self.card(lib_item, item),
                    success=_("Het bewijsstuk %(name)s is toegevoegd.") % {"name": upload.name},
                )
        return self.respond(lib_item, self.card(lib_item, item, upload_form=upload_form))

    def add_link(self, scan, lib_item):
        prefix = prefix_for(lib_item["id"])
        link_form = EvidenceLinkForm(self.request.POST, prefix=prefix + "-l")
        item = self.current_item(scan, lib_item["id"])
        if link_form.is_valid():
            try:
                services.add_link(
                    scan,
                    lib_item["id"],
                    url=link_form.cleaned_data["url"],
                    title=link_form.cleaned_data["title"],
                    user=self.request.user,
                )
            except ValidationError as exc:
                link_form.add_error("url", exc.messages)
            else:
                item = self.current_item(scan, lib_item["id"])
                return self.respond(
                    lib_item, self.card(lib_item, item), success=_("De link is toegevoegd.")
                )
        return self.respond(lib_item, self.card(lib_item, item, link_form=link_form))


class EvidenceDocumentMixin(AssessmentMixin, ScopedObjectMixin[EvidenceDocument]):
    """One evidence document of the scan in the URL (404 otherwise)."""

    scoped_model = EvidenceDocument
    scoped_url_kwarg = "evidencedocument_id"

    def get_scoped_queryset(self):
        return EvidenceDocument.objects.filter(item__scan=self.get_scan()).select_related("item")

    def get_document(self) -> EvidenceDocument:
        # get_scoped_queryset() only yields EvidenceDocuments; the mixin returns a Model.
        return self.get_scoped_object()


class DocumentDownloadView(EvidenceDocumentMixin, View):
    """An evidence document, only ever as a download (never rendered inline)."""

    def get(self, request, *args, **kwargs):
        doc = self.get_document()
        if doc.file_type not in DOCUMENT_CONTENT_TYPES:
            raise Http404
        try:
            fh = doc.file.open("rb")
        except (FileNotFoundError, ValueError):
            raise Http404 from None
        record_read(request, doc, "evidence_document", {"file_type": doc.file_type})
        return attachment_response(
            fh, filename=download_name(doc.original_name, doc.file_type), file_type=doc.file_type
        )


class DocumentDeleteView(EvidenceDocumentMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        self.require_manage()
        scan = self.get_scan()
        doc = self.get_document()
        group = _group_of(scan, doc.item.item_id)
        name = doc.original_name
        services.delete_document(doc)
        messages.success(request, _("Het bewijsstuk %(name)s is verwijderd.") % {"name": name})
        return redirect(
            "assessment:group",
            org=self.organisation.slug,
            scan_id=scan.pk,
            assessment_group=group,
        )


def _group_of(scan: Scan, item_id: str) -> str:
    for g in services.groups(scan.framework):
        if item_id in g.item_ids:
            return g.id
    raise Http404
