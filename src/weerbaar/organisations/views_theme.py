"""The organisation's own look: the coördinator's form, the theme stylesheet and the logo."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import FileResponse, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.templatetags.static import static
from django.utils.translation import gettext as _
from django.views.generic import FormView, View

from weerbaar.core.locking import ConflictError, ConflictResponseMixin, claim_version

from .forms_theme import ThemeForm
from .theme import THEME_PERMISSION, logo_content_type, theme_css
from .views_mixins import OrganisationMixin

#: Browsers may keep the stylesheet and the logo this long; the links carry the version.
CACHE_SECONDS = 3600


class ThemeView(ConflictResponseMixin, OrganisationMixin, FormView):
    """Primary colour and logo of the organisation (scancoördinator or beheerder; audited)."""

    permission = THEME_PERMISSION
    template_name = "organisations/theme.html"
    form_class = ThemeForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.organisation}

    def post(self, request, *args, **kwargs):
        # Validation writes the new values onto the instance: remember the stored logo first.
        self.old_logo = self.organisation.logo.name if self.organisation.logo else ""
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        old_logo = self.old_logo
        try:
            with transaction.atomic():
                claim_version(form.instance, form.expected_version)
                form.save()
        except ConflictError as conflict:
            return self.conflict_response(form, conflict)
        new_logo = form.instance.logo.name if form.instance.logo else ""
        if old_logo and old_logo != new_logo:
            form.instance.logo.storage.delete(old_logo)
        messages.success(self.request, _("De huisstijl is opgeslagen."))
        return redirect("organisations:theme", org=self.organisation.slug)


class ThemeStylesheetView(OrganisationMixin, View):
    """``thema.css``: the organisation's colour as NL Design System tokens (members only)."""

    permission = "organisation.view"

    def get(self, request, *args, **kwargs):
        response = HttpResponse(
            theme_css(self.organisation), content_type="text/css; charset=utf-8"
        )
        response["Cache-Control"] = f"private, max-age={CACHE_SECONDS}"
        return response


class LogoView(OrganisationMixin, View):
    """The organisation's logo as an image (members only); the default mark without one."""

    permission = "organisation.view"

    def get(self, request, *args, **kwargs):
        logo = self.organisation.logo
        if not logo or not logo.name or not logo.storage.exists(logo.name):
            return HttpResponseRedirect(static("weerbaar/favicon.svg"))
        file = logo.open("rb")
        content_type = logo_content_type(file)
        if content_type is None:  # never sent as anything but the image it was checked as
            file.close()
            return HttpResponseRedirect(static("weerbaar/favicon.svg"))
        response = FileResponse(file, content_type=content_type)
        response["Content-Disposition"] = "inline"
        response["Cache-Control"] = f"private, max-age={CACHE_SECONDS}"
        response["X-Content-Type-Options"] = "nosniff"
        return response
