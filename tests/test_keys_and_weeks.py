"""Boundaries of the small parsers the course file and the command line share: appointment
keys ("fraction-7") and a daily course given in weeks."""

from __future__ import annotations

import pytest

from planner.core.clinic import ClinicCalendar
from planner.core.course import fractions_from_weeks
from planner.core.errors import InputError
from planner.core.kinds import MAX_KEY_NUMBER, MAX_WEEKS, AppointmentKey, AppointmentKind, Pattern


@pytest.mark.parametrize("text, key", [
    ("fraction-7", AppointmentKey(AppointmentKind.FRACTION, 7)), ("review-12", AppointmentKey(AppointmentKind.REVIEW, 12)),
    ("follow-up", AppointmentKey(AppointmentKind.FOLLOW_UP)), ("simulation", AppointmentKey(AppointmentKind.SIMULATION)),
    (f"fraction-{MAX_KEY_NUMBER}", AppointmentKey(AppointmentKind.FRACTION, MAX_KEY_NUMBER)),
])
def test_appointment_keys_read_back(text, key):
    assert AppointmentKey.parse(text) == key and str(key) == text


@pytest.mark.parametrize("text", ["fraction", "fraction-", "fraction-x", "fraction-٣", "fraction-00001", "follow-up-2",
                                  "simulation-1", "lesson-3", "fraction-7-", "x" * 60])
def test_anything_else_is_refused_naming_at_most_forty_characters(text):
    with pytest.raises(ValueError) as caught:
        AppointmentKey.parse(text)
    message = str(caught.value)
    assert message.startswith(f"'{text[:40]}") and message.endswith("' does not name an appointment (e.g. fraction-7)")
    assert len(message) <= 40 + 60


def test_a_daily_course_in_weeks_counts_each_treatment_day():
    four_days = ClinicCalendar(treatment_days=frozenset(range(4)))
    assert fractions_from_weeks(1, Pattern.DAILY, four_days) == 4
    assert fractions_from_weeks(MAX_WEEKS, Pattern.DAILY, four_days) == 4 * MAX_WEEKS
    for weeks in (0, MAX_WEEKS + 1):
        with pytest.raises(InputError) as caught:
            fractions_from_weeks(weeks, Pattern.DAILY, four_days)
        assert (caught.value.field, caught.value.reason) == ("weeks", f"a daily course lasts 1 to {MAX_WEEKS} weeks (got {weeks})")
    with pytest.raises(InputError) as caught:
        fractions_from_weeks(2, Pattern.WEEKLY, four_days)
    assert (caught.value.field, caught.value.reason) == ("weeks", "weeks apply to daily courses; give --fractions for a weekly course")
