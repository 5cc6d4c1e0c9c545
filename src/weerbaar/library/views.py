from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy as _
from django.views.generic import ListView, TemplateView

from weerbaar.core.urlkwargs import register_kwarg

from .drafts import may_upload
from .loader import current_version
from .models import LibraryVersion

SECTIONS = [
    ("dimensies", _("Dimensies en normen")),
    ("pijlers", _("RIEC-pijlers")),
    ("processen", _("Kwetsbare processen")),
    ("criteria", _("Kwetsbaarheidscriteria")),
    ("functies", _("Functies en screening")),
    ("maatregelen", _("Maatregelen")),
    ("vpt", _("Veilige Publieke Taak")),
    ("gemeentesecretaris", _("Rol gemeentesecretaris")),
    ("kaders", _("Andere kaders en overlap")),
]
SECTION_KEYS = {key for key, _label in SECTIONS}


class LibraryIndexView(LoginRequiredMixin, ListView):
    """All loaded library versions; the reference content is the same for every user."""

    template_name = "library/index.html"
    context_object_name = "versions"

    def get_queryset(self):
        return (
            LibraryVersion.objects.visible_to(self.request.user)
            .select_related("region")
            .order_by("identifier", "-loaded_at")
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(may_upload=may_upload(self.request.user), **kwargs)


class LibrarySectionView(LoginRequiredMixin, TemplateView):
    template_name = "library/section.html"

    def get(self, request, *args, **kwargs):
        if kwargs.get("section", "dimensies") not in SECTION_KEYS:
            return redirect("library:section", version_id=kwargs["version_id"], section="dimensies")
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        version = get_object_or_404(
            LibraryVersion.objects.visible_to(self.request.user), pk=kwargs["version_id"]
        )
        section = kwargs.get("section", "dimensies")
        ctx.update(
            version=version,
            fw=version.framework,
            sections=SECTIONS,
            section=section,
            section_label=dict(SECTIONS)[section],
            section_template=f"library/sections/{section}.html",
        )
        return ctx


def _example_version(_organisation):
    version = current_version()
    return version.pk if version else 1


register_kwarg("version_id", _example_version)
register_kwarg("section", lambda _organisation: "dimensies")
