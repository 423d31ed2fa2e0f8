"""Refusals of dates, times and numbers name the field the user typed into; closed days are
labelled as the coordinator wrote them; the holiday data's version is the installed package's."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from importlib.metadata import version

import pytest

from planner.core.clinic import SEARCH_DAYS, ClinicCalendar, HolidayRegion, holidays_version
from planner.core.errors import InputError
from planner.core.parsing import parse_int, parse_local_datetime

from .helpers import plan


def test_a_local_date_and_time_takes_a_t_or_a_space():
    assert parse_local_datetime("simulation", " 2026-11-02T09:05 ") == datetime(2026, 11, 2, 9, 5)
    assert parse_local_datetime("simulation", "2026-11-02 09:05") == datetime(2026, 11, 2, 9, 5)


@pytest.mark.parametrize("text", ["2026-11-02", "2026-11-02T25:00", "2026-02-30 09:00", "tomorrow 09:00"])
def test_a_bad_date_and_time_is_refused_in_its_field(text):
    with pytest.raises(InputError) as caught:
        parse_local_datetime("simulation", text)
    assert caught.value.field == "simulation"
    assert caught.value.reason == f"'{text}' is not a date and time in the form YYYY-MM-DDTHH:MM"


@pytest.mark.parametrize(("text", "reason"), [
    ("①", "'①' is not a whole number"),
    ("1_0", "'1_0' is not a whole number"),
    ("0", "must be from 1 to 40 (got 0)"),
    ("41", "must be from 1 to 40 (got 41)"),
])
def test_a_bad_number_is_refused_in_its_field(text, reason):
    with pytest.raises(InputError) as caught:
        parse_int("fractions", text, 1, 40)
    assert (caught.value.field, caught.value.reason) == ("fractions", reason)


def test_numbers_at_both_bounds_are_accepted():
    assert parse_int("fractions", " 1 ", 1, 40) == 1 and parse_int("fractions", "40", 1, 40) == 40


def test_a_calendar_with_no_room_is_refused_as_a_closure_problem(catalogue):
    start = date(2026, 11, 2)
    closed = {start + timedelta(days=n): "" for n in range(1, SEARCH_DAYS + 7)}  # open on the first day only
    with pytest.raises(InputError) as caught:
        plan(catalogue, fractions=5, start=start, closures=closed)
    assert caught.value.field == "closed"
    assert caught.value.reason == f"the clinic calendar leaves no room for 5 fractions within {SEARCH_DAYS} days"


def test_a_closed_day_is_labelled_with_the_coordinators_note_or_the_holiday():
    calendar = ClinicCalendar(closures={date(2026, 12, 24): "staff training", date(2026, 12, 28): ""},
                              holiday_region=HolidayRegion.parse("holidays", "US-NY"))
    assert calendar.closure_name(date(2026, 12, 24)) == "Clinic closure (staff training)"
    assert calendar.closure_name(date(2026, 12, 28)) == "Clinic closure"
    assert calendar.closure_name(date(2026, 12, 25)) == "Christmas Day"
    assert calendar.closure_name(date(2026, 12, 23)) is None


def test_the_holiday_data_version_is_the_installed_packages():
    assert holidays_version() == version("holidays")
