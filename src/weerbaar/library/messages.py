"""Validation errors of a library in the user's language (Dutch first).

The loader reports each error with a code and its parameters (see
:class:`~weerbaar.library.loader.LibraryError`); the command line prints its English text,
the upload pages show :func:`describe`.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from .loader import LibraryError

MESSAGES = {
    "not_found": _("Het bestand ontbreekt."),
    "not_utf8": _("Het bestand is geen UTF-8-tekst."),
    "yaml_syntax": _("De YAML is niet geldig: %(problem)s."),
    "yaml_alias": _(
        "Verwijzingen binnen de YAML (ankers en aliassen, & en *) zijn niet toegestaan."
    ),
    "unknown_kind": _("Onbekend soort document %(kind)s; bekende soorten: %(known)s."),
    "no_kind": _("Een bibliotheekbestand begint met ‘kind: …’."),
    "not_manifest": _("Een bundel begint met een manifest (kind: manifest)."),
    "outside_bundle": _("Het bestand %(name)s ligt buiten de bundel."),
    "duplicate_id": _("De id %(id)s komt twee keer voor (ook in %(other)s)."),
    "unknown_reference": _("%(value)s is geen bekende id (verwacht: %(targets)s)."),
    "version_exists": _(
        "Versie %(version)s van %(identifier)s bestaat al met een andere inhoud; "
        "geef de gewijzigde bibliotheek een nieuw versienummer."
    ),
    "identifier_taken": _(
        "De id %(identifier)s is al in gebruik voor een bibliotheek van een ander bereik "
        "(landelijk of een andere regio); kies een eigen id."
    ),
    "schema_required": _("Dit verplichte veld ontbreekt."),
    "schema_additionalProperties": _("Onbekend veld: %(fields)s."),
    "schema_type": _("De waarde heeft niet het juiste type (verwacht: %(expected)s)."),
    "schema_enum": _("%(value)s is geen toegestane waarde; kies uit: %(expected)s."),
    "schema_const": _("De waarde moet %(expected)s zijn."),
    "schema_pattern": _("%(value)s heeft niet de juiste vorm."),
    "schema_minItems": _("Hier hoort ten minste %(expected)s onderdeel."),
    "schema_minLength": _("Dit veld mag niet leeg zijn."),
    "schema_maxLength": _("De tekst is te lang (ten hoogste %(expected)s tekens)."),
    "schema_uniqueItems": _("Een waarde komt twee keer voor."),
    "schema_minimum": _("De waarde is te klein (ten minste %(expected)s)."),
    # Spreadsheets (weerbaar.library.spreadsheet)
    "sheet_missing": _("Het werkblad %(sheet)s ontbreekt."),
    "column_missing": _("De kolom %(column)s ontbreekt in de kopregel."),
    "cell_empty": _("De kolom %(column)s is leeg."),
    "cell_id": _("%(value)s is geen geldige id (letters, cijfers, punt, streepje)."),
    "pillar_changed": _("De pijler %(pillar)s heeft hier een andere naam dan eerder."),
    "no_rows": _("Het werkblad bevat geen indicatoren."),
    "norm_link": _("%(value)s is geen koppeling van de vorm ‘D1.N2=gelijk’."),
    "version_format": _("%(value)s is geen versienummer zoals 2026.1."),
}


def describe(error: LibraryError) -> str:
    """The error's message in the active language; its English text when it has no code."""
    template = MESSAGES.get(error.code)
    if template is None:
        return error.message
    return str(template) % dict(error.params)
