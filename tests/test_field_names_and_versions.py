"""Refusals of dates, times and numbers name the field the user typed into; closed days are
labelled as the coordinator wrote them; the holiday data's version is the installed package's."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta
from importlib.machinery import ModuleSpec
from importlib.metadata import version
from pathlib import Path

import pytest

from planner.core import clinic
from planner.core.clinic import (
    SEARCH_DAYS,
    ClinicCalendar,
    HolidayRegion,
    holiday_countries,
    holiday_subdivisions,
    holidays_version,
    parse_weekday,
    parse_weekdays,
)
from planner.core.errors import Field, InputError
from planner.core.parsing import parse_int, parse_local_datetime
from planner.core.text import quoted
from planner.core.zones import zone

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


def test_weekdays_are_read_from_two_letters_on_and_refusals_name_the_field():
    assert [parse_weekday(Field.DAYS, t) for t in ("MO", "tu", "Wednesday", " th ", "fRi")] == [0, 1, 2, 3, 4]
    assert parse_weekdays(Field.DAYS, "sa, su") == frozenset({5, 6})
    for text, reason in [("m", "'m' is not a weekday (use mon, tue, wed, thu, fri, sat, sun)"),
                         (" , ", "give at least one weekday, e.g. mon,tue,wed,thu,fri"),
                         ("mon,tu,monday", "'mon,tu,monday' names a weekday twice")]:
        with pytest.raises(InputError) as caught:
            parse_weekdays(Field.DAYS, text)
        assert (caught.value.field, caught.value.reason) == (Field.DAYS, reason)


class Subdivisions:
    """A holiday source for one country with `count` subdivisions S0, S1, ..."""

    def __init__(self, count: int) -> None:
        self.subs = tuple(f"S{i}" for i in range(count))

    def countries(self) -> Mapping[str, str]:
        return {"ZZ": "Testland"}

    def subdivisions(self, country: str) -> tuple[str, ...]:
        return self.subs if country == "ZZ" else ()

    def subdivision_names(self, country: str) -> Mapping[str, str]:
        return {}

    def year(self, country: str, subdivision: str | None, year: int) -> Mapping[date, str]:
        return {}


@pytest.mark.parametrize(("count", "listing"), [
    (0, " (ZZ has none)"),
    (2, " (known: S0, S1)"),
    (40, " (known: " + ", ".join(f"S{i}" for i in range(40)) + ")"),
    (41, " (known: " + ", ".join(f"S{i}" for i in range(40)) + " ...)"),
])
def test_an_unknown_subdivision_is_refused_listing_the_known_ones(count, listing):
    with pytest.raises(InputError) as caught:
        HolidayRegion.parse(Field.HOLIDAYS, "zz-nowhere", Subdivisions(count))
    assert (caught.value.field, caught.value.reason) == (Field.HOLIDAYS, "'nowhere' is not a subdivision of ZZ" + listing)


def test_a_holiday_region_is_refused_in_its_field_when_empty_or_unknown():
    assert HolidayRegion.parse(Field.HOLIDAYS, " zz ", Subdivisions(3)) == HolidayRegion("ZZ")
    assert HolidayRegion.parse(Field.HOLIDAYS, "zz-s1", Subdivisions(3)).code == "ZZ-S1"
    for text, reason in [("  ", "give a country code such as US, GB-ENG or DE-BY"),
                         ("QQ-1", "'QQ' is not a country the holidays package knows (use an ISO code such as US, GB, DE, CA, AU)")]:
        with pytest.raises(InputError) as caught:
            HolidayRegion.parse(Field.HOLIDAYS, text, Subdivisions(3))
        assert (caught.value.field, caught.value.reason) == (Field.HOLIDAYS, reason)


def test_a_calendar_without_open_or_weekend_days_says_so_in_its_field():
    every_day_closed = {date(2026, 11, 2) + timedelta(days=n): "" for n in range(SEARCH_DAYS + 7)}
    with pytest.raises(InputError) as caught:
        ClinicCalendar(closures=every_day_closed).next_open_day(date(2026, 11, 2))
    assert (caught.value.field, caught.value.reason) == (
        Field.DAYS, "the clinic calendar has no open treatment day in the next two years")
    with pytest.raises(InputError) as caught:
        ClinicCalendar(closures=every_day_closed).next_closed_weekday(date(2026, 11, 2))
    assert (caught.value.field, caught.value.reason) == (
        Field.MISSED, "no open weekend day in the next two years for a make-up session")


def fake_holidays_install(monkeypatch: pytest.MonkeyPatch, site: Path, *versions: str) -> None:
    """The holidays package found in `site`, next to a metadata folder for each of `versions`."""
    (site / "holidays").mkdir(parents=True)
    for number in versions:
        (site / f"holidays-{number}.dist-info").mkdir()
    found = ModuleSpec("holidays", None, is_package=True)
    found.submodule_search_locations = [str(site / "holidays")]
    monkeypatch.setattr(clinic, "find_spec", lambda name: found if name == "holidays" else None)


def test_the_holiday_data_version_comes_from_the_one_metadata_folder_found(monkeypatch, tmp_path):
    fake_holidays_install(monkeypatch, tmp_path, "0.99")
    assert holidays_version() == "0.99"


def test_two_metadata_folders_left_by_an_upgrade_ask_the_installed_metadata(monkeypatch, tmp_path):
    fake_holidays_install(monkeypatch, tmp_path, "0.98", "0.99")
    assert holidays_version() == version("holidays")


def test_no_holidays_package_has_no_version(monkeypatch):
    monkeypatch.setattr(clinic, "find_spec", lambda name: None)
    assert holidays_version() is None


def test_the_holiday_chooser_lists_countries_by_name_and_a_countrys_subdivisions():
    class Three(Subdivisions):
        def countries(self) -> Mapping[str, str]:
            return {"ZZ": "Zedland", "AA": "Middleland", "MM": "Aland"}

    assert holiday_countries(Three(0)) == (("MM", "Aland"), ("AA", "Middleland"), ("ZZ", "Zedland"))
    assert holiday_subdivisions(Three(2), "ZZ") == ("S0", "S1") and holiday_subdivisions(Three(2), "MM") == ()


def test_a_clinic_calendar_refuses_impossible_weekdays_and_words_its_closures():
    for days, reason in [(frozenset(), "the clinic needs at least one treatment weekday"),
                         (frozenset({0, 7}), "weekdays are numbered 0 (Monday) to 6 (Sunday)")]:
        with pytest.raises(InputError) as caught:
            ClinicCalendar(treatment_days=days)
        assert (caught.value.field, caught.value.reason) == (Field.DAYS, reason)
    calendar = ClinicCalendar(treatment_days=frozenset(range(7)), closures={date(2026, 12, 24): "staff training", date(2026, 12, 28): ""})
    assert calendar.closure_reason(date(2026, 12, 24)) == "clinic closure (staff training)"
    assert calendar.closure_reason(date(2026, 12, 28)) == "clinic closure"
    assert calendar.closure_reason(date(2026, 12, 27)) is None


@pytest.mark.parametrize("name", ["", "  ", "/etc/localtime", ".hidden", "./UTC", "Europe/../Paris", "..", "America/.."])
def test_a_zone_name_that_is_a_path_is_refused_before_any_file_is_looked_up(name):
    with pytest.raises(InputError) as caught:
        zone(Field.TZ, name)
    assert (caught.value.field, caught.value.reason) == (Field.TZ, f"{quoted(name)} is not an IANA time zone (e.g. Europe/London)")


def test_an_unknown_zone_name_is_refused_with_two_examples():
    with pytest.raises(InputError) as caught:
        zone(Field.TZ, "Mars/Olympus")
    assert caught.value.reason == "'Mars/Olympus' is not an IANA time zone (e.g. Europe/London, America/New_York)"
    assert zone(Field.TZ, " Europe/Paris ").key == "Europe/Paris"
