"""A date typed with digits that str.isdigit() takes and int() does not ('²', '⁰') is refused beside
the field like any other text that is not a date: it raised ValueError out of the field's slot."""

from __future__ import annotations

from datetime import date

import pytest

from planner.ui.date_field import DateField, parse_typed_date


@pytest.mark.parametrize("text", ["² Dec 2026", "7 Dec ²⁰²⁶", "Dec ², 2026", "Mon ① Dec 2026"])
def test_superscript_and_circled_digits_are_not_a_date(text):
    assert parse_typed_date(text) is None


def test_digits_of_other_scripts_still_read():
    assert parse_typed_date("٧ Dec ٢٠٢٦") == date(2026, 12, 7)
    assert parse_typed_date("Dec 7, 26") == date(2026, 12, 7)


def test_the_field_says_what_is_wrong_instead_of_failing(qapp):
    field = DateField()
    field.setText("² Dec 2026")
    assert field.commit().startswith("'² Dec 2026' is not a date: type it like ")
