"""Every date input renders its value as an ISO date, the only format a browser date input
accepts: a locale-formatted ``30-06-2027`` shows an empty field and saving wipes the date."""

from __future__ import annotations

import datetime

from django.utils import translation

from weerbaar.core.forms import DateInput


def test_the_shared_date_input_renders_iso_dates_in_dutch():
    with translation.override("nl"):
        html = DateInput().render("due", datetime.date(2027, 6, 30))
    assert 'type="date"' in html
    assert 'value="2027-06-30"' in html


def test_every_date_field_of_the_coordinator_forms_uses_the_shared_widget():
    from weerbaar.actions.forms import ActionForm, RepeatScanForm
    from weerbaar.scans.forms import ScanForm

    for form_class in (ActionForm, RepeatScanForm, ScanForm):
        for name, field in form_class.base_fields.items():
            if field.__class__.__name__ == "DateField":
                assert isinstance(field.widget, DateInput), f"{form_class.__name__}.{name}"
