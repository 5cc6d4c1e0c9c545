"""Formatting and form plumbing every app's pages rely on."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from weerbaar.core.formatting import number, percentage
from weerbaar.core.forms import add_service_errors


@pytest.mark.parametrize(
    ("language", "value", "digits", "expected"),
    [
        ("nl", 4.53, 1, "4,5"),
        ("en", 4.53, 1, "4.5"),
        ("nl", 2.25, 1, "2,3"),  # half up, not banker's rounding
        ("nl", 3, 0, "3"),
        ("nl", None, 1, "–"),
    ],
)
def test_numbers_are_written_the_way_the_reader_reads_them(language, value, digits, expected):
    with translation.override(language):
        assert number(value, digits) == expected


def test_inhabitants_are_grouped_in_dutch():
    with translation.override("nl"):
        assert number(25400, grouping=True) == "25.400"
    with translation.override("en"):
        assert number(25400, grouping=True) == "25,400"


def test_a_percentage_is_rounded_once_from_the_unrounded_fraction():
    # 4.53 % is "5%" (rounded from 4.53), never "4%" (from a pre-rounded 4.5 rounded again).
    with translation.override("nl"):
        assert percentage(0.0453) == "5%"
        assert percentage(0.0453, 1) == "4,5%"
        assert percentage(None) == "–"


@given(st.decimals(min_value=0, max_value=1, places=6))
def test_percentages_agree_with_exact_half_up_rounding(fraction):
    expected = (fraction * 100).quantize(Decimal(1), rounding="ROUND_HALF_UP")
    with translation.override("en"):
        assert percentage(fraction) == f"{expected}%"


class _TitleForm(forms.Form):
    title = forms.CharField()
    period_start = forms.DateField(required=False)


def test_a_service_error_lands_on_its_field_and_keeps_what_was_typed():
    form = _TitleForm(data={"title": "Herhaalmeting 2027"})
    assert form.is_valid()
    add_service_errors(
        form,
        ValidationError({"period_start": ["Te vroeg."], "library_version": ["Onbekend."]}),
    )
    assert form.errors["period_start"] == ["Te vroeg."]
    # A field the form does not show becomes a message above the form: nothing is lost.
    assert form.non_field_errors() == ["Onbekend."]
    assert form["title"].value() == "Herhaalmeting 2027"


def test_a_plain_service_error_is_shown_above_the_form():
    form = _TitleForm(data={"title": "x"})
    assert form.is_valid()
    add_service_errors(form, ValidationError(["Eerste.", "Tweede."]))
    assert form.non_field_errors() == ["Eerste.", "Tweede."]
