from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from weerbaar.accounts import normalise_email
from weerbaar.core.locking import VersionedFormMixin

from .models import Organisation, Role


class OrganisationForm(VersionedFormMixin, forms.ModelForm):
    departments = forms.CharField(
        label=_("Afdelingen"),
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
        help_text=_("Eén afdeling per regel. Deze lijst gebruikt de medewerkersenquête (vraag 1)."),
    )

    class Meta:
        model = Organisation
        fields = ["name", "cbs_code", "inhabitants", "province", "min_cell_size"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["departments"] = "\n".join(
                self.instance.departments.values_list("name", flat=True)
            )

    def clean_min_cell_size(self) -> int:
        k = self.cleaned_data["min_cell_size"]
        if k < settings.MIN_CELL_SIZE_FLOOR:
            raise forms.ValidationError(
                _("De minimale celgrootte is ten minste %(k)s.")
                % {"k": settings.MIN_CELL_SIZE_FLOOR}
            )
        return k

    def clean_departments(self) -> list[str]:
        names = [line.strip() for line in self.cleaned_data["departments"].splitlines()]
        names = [n for n in names if n]
        too_long = [n for n in names if len(n) > 200]
        if too_long:
            raise forms.ValidationError(_("Een afdelingsnaam is ten hoogste 200 tekens."))
        seen: list[str] = []
        for n in names:
            if n.lower() not in [s.lower() for s in seen]:
                seen.append(n)
        return seen


class NewOrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "slug", "cbs_code", "inhabitants", "province", "region"]
        help_texts = {"slug": _("Korte naam in webadressen, bijvoorbeeld 'voorbeeld'.")}


class MemberForm(forms.Form):
    email = forms.EmailField(label=_("E-mailadres"))
    full_name = forms.CharField(label=_("Naam"), max_length=200, required=False)
    role = forms.ChoiceField(label=_("Rol"), choices=Role.choices)

    def clean_email(self) -> str:
        return normalise_email(self.cleaned_data["email"])
