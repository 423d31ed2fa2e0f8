"""The messages for an appointment key that names nothing: one short line, whatever was given."""

from __future__ import annotations

import pytest

from planner.core.kinds import AppointmentKey, AppointmentKind


def message(text: str) -> str:
    with pytest.raises(ValueError) as caught:
        AppointmentKey.parse(text)
    return str(caught.value)


def test_a_long_unknown_key_is_quoted_in_40_characters():
    for text in ("x" * 50 + "-12345", "y" * 50 + "-7", "z" * 50):
        assert message(text) == f"'{text[:40]}...' does not name an appointment (e.g. fraction-7)"


def test_a_single_appointment_has_no_number():
    with pytest.raises(ValueError) as caught:
        AppointmentKey(AppointmentKind.FOLLOW_UP, 2)
    assert str(caught.value) == "a follow-up has no number"
    assert message("follow-up-2") == "'follow-up-2' does not name an appointment (e.g. fraction-7)"


def test_an_appointment_number_out_of_range_is_refused_with_the_number():
    with pytest.raises(ValueError) as caught:
        AppointmentKey.fraction(1001)
    assert str(caught.value) == "appointment number 1001 is out of range"
    assert AppointmentKey.fraction(1000).number == 1000
