"""A course as described: the second session of a twice-daily day, and the holidays of the source it is given."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date, time

import pytest

from planner.core.clinic import ClinicCalendar, HolidayRegion
from planner.core.errors import Field, InputError
from planner.core.spec import CourseSpec


def test_the_second_session_is_six_hours_later_when_that_is_still_the_same_day():
    assert CourseSpec(time=time(9, 0)).second_session_time() == time(15, 0)
    assert CourseSpec(time=time(17, 59)).second_session_time() == time(23, 59)
    assert CourseSpec(time=time(18, 0)).second_session_time() is None
    assert CourseSpec(time=time(20, 30)).second_session_time() is None
    assert CourseSpec(time=time(20, 30), second_time=time(21, 0)).second_session_time() == time(21, 0)


class OneHoliday:
    """A holiday source that knows one country and one holiday: not the holidays package's."""

    def countries(self) -> Mapping[str, str]:
        return {"ZZ": "Testland"}

    def subdivisions(self, country: str) -> tuple[str, ...]:
        return ()

    def subdivision_names(self, country: str) -> Mapping[str, str]:
        return {}

    def year(self, country: str, subdivision: str | None, year: int) -> Mapping[date, str]:
        return {date(year, 11, 4): "Founders' Day"} if country == "ZZ" else {}


def test_the_course_calendar_asks_the_holiday_source_it_is_given():
    calendar = CourseSpec(holidays="ZZ").clinic_calendar(OneHoliday())
    assert calendar.closure_reason(date(2026, 11, 4)) == "Founders' Day (public holiday, Testland)"
    assert calendar.is_open(date(2026, 11, 5))


def test_an_unknown_preset_is_refused_listing_the_sites_presets_or_none(catalogue):
    site = catalogue.site("prostate")
    assert site is not None and site.presets
    with pytest.raises(InputError) as caught:
        CourseSpec(site="prostate", preset="7-weekly").preset_in(site)
    known = ", ".join(p.id for p in site.presets)
    assert str(caught.value) == f"preset: '7-weekly' is not a preset of prostate (known: {known})"
    assert known.count(", ") == len(site.presets) - 1
    with pytest.raises(InputError) as caught:
        CourseSpec(site="prostate", preset="7-weekly").preset_in(replace(site, presets=()))
    assert str(caught.value) == "preset: '7-weekly' is not a preset of prostate (known: none)"


def test_a_missing_or_unknown_site_is_refused_listing_the_catalogues_sites(catalogue):
    known = ", ".join(s.id for s in catalogue.sites)
    assert known.count(", ") == len(catalogue.sites) - 1 > 0
    for spec, reason in ((CourseSpec(site=" "), f"choose a treatment site ({known})"),
                         (CourseSpec(site="knee"), f"'knee' is not in the catalogue (known: {known})")):
        with pytest.raises(InputError) as caught:
            spec.site_in(catalogue)
        assert str(caught.value) == f"site: {reason}"


def test_a_closure_note_on_two_lines_is_refused_naming_the_closed_days():
    spec = CourseSpec(closed=((date(2026, 11, 4), "staff\ntraining"),))
    with pytest.raises(InputError) as caught:
        spec.check_text()
    assert caught.value.field is Field.CLOSED


def test_a_course_request_takes_its_holidays_from_the_source_it_is_given(catalogue):
    spec = CourseSpec(site="prostate", fractions=5, start=date(2026, 11, 2), holidays="ZZ")
    request = spec.to_request(catalogue, OneHoliday())
    assert request.calendar.closure_reason(date(2026, 11, 4)) == "Founders' Day (public holiday, Testland)"


def test_a_course_request_names_what_is_missing_or_given_twice(catalogue):
    base = CourseSpec(site="prostate", fractions=20, start=date(2026, 11, 2))
    for spec, message in ((base.updated(weeks=4), "weeks: give either fractions or weeks, not both"),
                          (base.updated(fractions=None), "fractions: give the number of fractions (or weeks, or a preset)"),
                          (base.updated(start=None), "start: give the date of the first fraction")):
        with pytest.raises(InputError) as caught:
            spec.to_request(catalogue)
        assert str(caught.value) == message


def test_a_presets_own_session_length_wins_over_the_sites(catalogue):
    spec = CourseSpec(site="prostate", preset="sbrt-5-alternate", start=date(2026, 11, 2))
    assert spec.to_request(catalogue).duration_minutes == 30
    assert spec.updated(preset=None, fractions=20).to_request(catalogue).duration_minutes == 20
    assert spec.updated(duration=25).to_request(catalogue).duration_minutes == 25


def test_a_pushed_date_names_the_holidays_region_in_words_or_by_code_where_the_source_has_no_name():
    class Nameless(OneHoliday):
        def countries(self) -> Mapping[str, str]:
            return {}

    assert CourseSpec(holidays="ZZ").clinic_calendar(OneHoliday()).region_name == "Testland"
    assert CourseSpec().clinic_calendar(OneHoliday()).region_name == ""
    calendar = ClinicCalendar(holiday_region=HolidayRegion("ZZ"), holidays_from=Nameless())
    assert calendar.closure_reason(date(2026, 11, 4)) == "Founders' Day (public holiday, ZZ)"
