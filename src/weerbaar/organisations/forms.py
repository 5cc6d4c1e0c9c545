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
        help_text=_(
            "Eén afdeling per regel. Deze lijst gebruikt de medewerkersenquête (vraag 1). Een "
            "naam die u weghaalt, verwijdert die afdeling; hernoem een afdeling met het veld "
            "‘nieuwe naam’ hieronder, dan houdt zij haar antwoorden."
        ),
    )

    class Meta:
        model = Organisation
        fields = [
            "name",
            "cbs_code",
            "inhabitants",
            "province",
            "min_cell_size",
            "survey_contact_name",
            "survey_contact_email",
            "privacy_url",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.existing_departments = (
            list(self.instance.departments.all()) if self.instance.pk else []
        )
        if self.instance.pk and not self.is_bound:
            self.initial["departments"] = "\n".join(d.name for d in self.existing_departments)
        # One rename field per existing department, by id: a rename keeps the department
        # (and the responses that name it); the list above only adds, orders and removes.
        for dept in self.existing_departments:
            self.fields[rename_field(dept.pk)] = forms.CharField(
                label=_("Nieuwe naam voor “%(name)s”") % {"name": dept.name},
                max_length=200,
                required=False,
            )

    def clean(self) -> dict:
        cleaned = super().clean() or {}
        names = cleaned.get("departments")
        if names is None:
            return cleaned
        renames: dict[int, str] = {}
        for dept in self.existing_departments:
            new = (cleaned.get(rename_field(dept.pk)) or "").strip()
            if new and new != dept.name:
                renames[dept.pk] = new
        by_old = {d.name.lower(): d for d in self.existing_departments}
        result: list[str] = []
        for name in names:
            dept = by_old.get(name.lower())
            result.append(renames.get(dept.pk, name) if dept is not None else name)
        lowered = [n.lower() for n in result]
        duplicates = {n for n in lowered if lowered.count(n) > 1}
        if duplicates:
            self.add_error(
                "departments",
                _("Twee afdelingen kunnen niet dezelfde naam hebben: %(names)s.")
                % {"names": ", ".join(sorted(duplicates))},
            )
        listed = {n.lower() for n in names}
        for dept in self.existing_departments:
            if dept.pk in renames and dept.name.lower() not in listed:
                self.add_error(
                    rename_field(dept.pk),
                    _("Deze afdeling staat niet meer in de lijst; zet haar terug om te hernoemen."),
                )
        cleaned["departments"] = result
        cleaned["department_renames"] = renames
        return cleaned

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


def rename_field(department_pk: int) -> str:
    """The form field that renames one department (by id: unambiguous)."""
    return f"rename_{department_pk}"


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
