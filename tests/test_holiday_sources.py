"""The holiday source is a value handed down, never a global: two sources live side by side in one process."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import pytest

from planner.app.planning import new_spec, plan
from planner.core import clinic
from planner.core.clinic import ClinicCalendar, HolidayRegion, holiday_countries, holiday_subdivisions
from planner.core.errors import InputError
from planner.core.spec import CourseSpec
from planner.store.settings import Settings


class FakeHolidays:
    """A holiday source answering from a table, for one country; it records every year asked."""

    def __init__(self, country: str, name: str, table: Mapping[date, str], subdivisions: tuple[str, ...] = ()) -> None:
        self.country, self.name, self.table, self.subs = country, name, dict(table), subdivisions
        self.asked: list[tuple[str, str | None, int]] = []

    def countries(self) -> Mapping[str, str]:
        return {self.country: self.name}

    def subdivisions(self, country: str) -> tuple[str, ...]:
        return self.subs if country == self.country else ()

    def subdivision_names(self, country: str) -> Mapping[str, str]:
        return {}

    def year(self, country: str, subdivision: str | None, year: int) -> Mapping[date, str]:
        self.asked.append((country, subdivision, year))
        return {d: n for d, n in self.table.items() if d.year == year} if country == self.country else {}


NORTH = FakeHolidays("US", "Northland", {date(2026, 12, 22): "North Day"}, ("NY", "VT"))
SOUTH = FakeHolidays("US", "Southland", {date(2026, 12, 23): "South Day"}, ("TX",))
SPEC = CourseSpec(site="prostate", fractions=5, start=date(2026, 12, 21), tz="America/New_York", holidays="US")


def test_no_module_wide_holiday_source_is_left_to_set():
    for name in ("_source", "use_holiday_source", "holiday_source"):
        assert not hasattr(clinic, name)


def test_two_calendars_with_their_own_sources_answer_differently_in_one_process():
    north = ClinicCalendar(holiday_region=HolidayRegion("US"), holidays_from=NORTH)
    south = ClinicCalendar(holiday_region=HolidayRegion("US"), holidays_from=SOUTH)
    assert north.closure_name(date(2026, 12, 22)) == "North Day" and south.is_open(date(2026, 12, 22))
    assert south.closure_name(date(2026, 12, 23)) == "South Day" and north.is_open(date(2026, 12, 23))
    assert north.why_not_open(date(2026, 12, 22)) == "Tue 22 Dec 2026 is closed: North Day (public holiday, Northland)"
    assert south.why_not_open(date(2026, 12, 22)) is None


def test_a_course_is_planned_around_the_holidays_of_the_source_it_is_given(catalogue):
    north_days = [a.start.date() for a in plan(SPEC, catalogue, NORTH).fractions]
    south_days = [a.start.date() for a in plan(SPEC, catalogue, SOUTH).fractions]
    assert date(2026, 12, 22) not in north_days and date(2026, 12, 23) in north_days
    assert date(2026, 12, 23) not in south_days and date(2026, 12, 22) in south_days
    assert SPEC.to_request(catalogue, NORTH).calendar.holidays_from is NORTH
    assert SPEC.clinic_calendar(SOUTH).holiday_name(date(2026, 12, 23)) == "South Day"


def test_regions_and_their_lists_come_from_the_source_passed():
    assert holiday_countries(NORTH) == (("US", "Northland"),)
    assert holiday_subdivisions(NORTH, "US") == ("NY", "VT") and holiday_subdivisions(SOUTH, "US") == ("TX",)
    assert HolidayRegion.parse("holidays", "us-vt", NORTH) == HolidayRegion("US", "VT")
    with pytest.raises(InputError, match="'VT' is not a subdivision of US"):
        HolidayRegion.parse("holidays", "US-VT", SOUTH)
    with pytest.raises(InputError, match="'VT' is not a subdivision of US"):
        CourseSpec(holidays="US-VT").clinic_calendar(SOUTH)


def test_a_new_course_starts_on_the_first_day_open_under_its_source(catalogue):
    settings = Settings(holidays="US", time_zone="America/New_York")
    # A week after 2026-12-15 is Tuesday the 22nd: North Day, so the north's course starts on the 23rd.
    assert new_spec(settings, catalogue, date(2026, 12, 15), holidays=NORTH).start == date(2026, 12, 23)
    assert new_spec(settings, catalogue, date(2026, 12, 15), holidays=SOUTH).start == date(2026, 12, 22)


def test_the_window_parts_take_their_lists_and_holidays_from_the_source_handed_to_them(qtbot, catalogue):
    from planner.ui.course_form import CourseForm
    from planner.ui.dialogs import SettingsDialog
    from planner.ui.main_window import catalogue_at
    from planner.ui.session import CourseSession

    form = CourseForm(catalogue, NORTH)
    qtbot.addWidget(form)
    form.set_spec(SPEC)
    form.fill_lists()
    assert [form.country.itemData(i) for i in range(form.country.count())] == ["", "US"]
    assert form.subdivision.isEnabled() and form.subdivision.count() == 3  # whole country, NY, VT
    assert "Northland (US)" in [form.country.itemText(i) for i in range(form.country.count())]
    dialog = SettingsDialog(Settings(holidays="US-TX"), catalogue_at, holidays=SOUTH)
    qtbot.addWidget(dialog)
    assert dialog.holidays.code() == "US-TX"
    assert [dialog.holidays.subdivision.itemData(i) for i in range(dialog.holidays.subdivision.count())] == ["", "TX"]
    session = CourseSession(catalogue, Settings(holidays="US", time_zone="America/New_York"), holidays=SOUTH)
    session.start()
    assert session.result.schedule is not None
    assert session.result.schedule.request.calendar.holidays_from is SOUTH


def test_make_up_options_and_the_span_of_an_imported_course_use_the_source_given(catalogue):
    from planner.app.adjusting import make_up_options
    from planner.app.stored_courses import course_span
    from planner.core.course import MakeUp

    spec = SPEC.updated(start=date(2026, 12, 15))  # five fractions: the 15th to the 18th, and the 21st
    for source, make_up_day in ((NORTH, date(2026, 12, 23)), (SOUTH, date(2026, 12, 22))):
        options = make_up_options(spec, plan(spec, catalogue, source), catalogue, date(2026, 12, 16), source)
        ended = options[MakeUp.END].schedule
        assert ended is not None and ended.request.calendar.holidays_from is source
        assert ended.last_fraction.start.date() == make_up_day  # North Day (the 22nd) is skipped in the north only
    longer = spec.updated(fractions=6)
    assert course_span(longer, catalogue, NORTH) == (date(2026, 12, 15), date(2026, 12, 23))
    assert course_span(longer, catalogue, SOUTH) == (date(2026, 12, 15), date(2026, 12, 22))


def test_a_year_the_holidays_data_does_not_reach_is_said(catalogue):
    """The holidays package knows no holiday past 2100: a course then (or a mistyped year) is told its holidays are
    planned as open days, where it was planned with none, silently."""
    spec = SPEC.updated(start=date(2026, 12, 28), fractions=5)  # into 2027, a year the source has nothing of
    warnings = plan(spec, catalogue, NORTH).warnings
    assert [w for w in warnings if "No public holidays" in w] == [
        "No public holidays of Northland are known for 2027: they are planned as open days. Check the year, "
        "or enter them as clinic closures."]
    assert not [w for w in plan(SPEC, catalogue, NORTH).warnings if "No public holidays" in w]  # 2026 has North Day
    assert not [w for w in plan(spec.updated(holidays=""), catalogue, NORTH).warnings if "No public holidays" in w]


def test_the_packages_holidays_end_in_2100_and_a_course_after_is_warned(catalogue):
    spec = CourseSpec(site="prostate", fractions=5, start=date(2101, 3, 7), tz="Europe/London", holidays="GB-ENG")
    assert any("No public holidays of England are known for 2101" in w for w in plan(spec, catalogue, None).warnings)
    spec = spec.updated(start=date(2100, 3, 8))
    assert not any("No public holidays" in w for w in plan(spec, catalogue, None).warnings)
