"""Boundaries of the schedule's checks, through the public build_schedule API: the minimum gap
of a hypofractionated course (exactly the gap is fine, one day less warns), and the warning that
a gap-sensitive course grew longer because a missed session went to the end."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from planner.core.course import Adjustments, MakeUp, MissedSession, Move
from planner.core.kinds import AppointmentKey, Pattern
from planner.core.schedule import suggest_make_up

from .helpers import fraction_dates, plan

MONDAY = date(2026, 11, 2)
HYPO = [Pattern.ALTERNATE, Pattern.TWICE_WEEKLY, Pattern.WEEKLY]


def spacing_warnings(schedule) -> list[str]:
    return [w for w in schedule.warnings if "apart" in w]


@pytest.mark.parametrize("pattern", HYPO)
def test_a_course_built_at_exactly_the_minimum_gap_has_no_spacing_warning(catalogue, pattern):
    schedule = plan(catalogue, site="upper-abdomen", fractions=3, pattern=pattern, start=MONDAY, tz="UTC")
    dates = fraction_dates(schedule)
    assert (dates[1] - dates[0]).days == pattern.min_gap_days  # the first gap falls on an open weekday
    assert spacing_warnings(schedule) == []


@pytest.mark.parametrize("pattern", HYPO)
def test_moving_a_fraction_one_day_closer_than_the_minimum_warns(catalogue, pattern):
    built = plan(catalogue, site="upper-abdomen", fractions=3, pattern=pattern, start=MONDAY, tz="UTC")
    second = built.find(AppointmentKey.fraction(2)).start
    closer = second.replace(tzinfo=None) - timedelta(days=1)
    moved = plan(catalogue, site="upper-abdomen", fractions=3, pattern=pattern, start=MONDAY, tz="UTC",
                 adjustments=Adjustments(moves=(Move(AppointmentKey.fraction(2), closer),)))
    gap = pattern.min_gap_days - 1
    article = "an" if pattern.value == "alternate" else "a"
    assert spacing_warnings(moved) == [
        f"Fractions 1 and 2 are {gap} day{'' if gap == 1 else 's'} apart; {article} {pattern.value} course needs at least {pattern.min_gap_days}."]


@pytest.mark.parametrize("pattern", HYPO)
def test_moving_a_fraction_to_exactly_the_minimum_gap_is_fine(catalogue, pattern):
    later = datetime.combine(MONDAY + timedelta(days=pattern.min_gap_days), datetime.min.time()).replace(hour=15)
    moved = plan(catalogue, site="upper-abdomen", fractions=3, pattern=pattern, start=MONDAY, tz="UTC",
                 adjustments=Adjustments(moves=(Move(AppointmentKey.fraction(2), later),)))
    assert moved.find(AppointmentKey.fraction(2)).start.replace(tzinfo=None) == later
    assert spacing_warnings(moved) == []


def gap_warnings(schedule) -> list[str]:
    return [w for w in schedule.warnings if "gap-sensitive" in w]


def test_a_missed_session_added_at_the_end_of_a_gap_sensitive_course_warns(catalogue):
    missed = plan(catalogue, site="head-neck", fractions=10, start=MONDAY, tz="UTC",
                  adjustments=Adjustments(missed=(MissedSession(date(2026, 11, 4), MakeUp.END),)))
    (warning,) = gap_warnings(missed)
    assert "Wed 4 Nov 2026" in warning and "added at the end" in warning


def test_no_gap_warning_when_the_site_is_not_gap_sensitive_or_the_make_up_keeps_the_time(catalogue):
    not_sensitive = plan(catalogue, site="prostate", fractions=10, start=MONDAY, tz="UTC",
                         adjustments=Adjustments(missed=(MissedSession(date(2026, 11, 4), MakeUp.END),)))
    assert gap_warnings(not_sensitive) == []
    base = plan(catalogue, site="head-neck", fractions=10, start=MONDAY, tz="UTC")
    assert gap_warnings(base) == []
    for make_up in (MakeUp.WEEKEND, MakeUp.SAME_DAY):
        when = suggest_make_up(base, date(2026, 11, 4), make_up)
        kept = plan(catalogue, site="head-neck", fractions=10, start=MONDAY, tz="UTC",
                    adjustments=Adjustments(missed=(MissedSession(date(2026, 11, 4), make_up, when),)))
        assert gap_warnings(kept) == [], make_up


def test_a_closed_day_inside_a_gap_sensitive_course_warns_once(catalogue):
    closed = plan(catalogue, site="head-neck", fractions=10, start=MONDAY, tz="UTC", closures={date(2026, 11, 5): "service"})
    (warning,) = gap_warnings(closed)
    assert "1 closed treatment day lengthens" in warning and f"{closed.overall_days} days" in warning


def test_the_span_limit_of_the_matching_preset_wins_over_the_sites():
    from planner.core.catalogue import parse_catalogue

    catalogue = parse_catalogue(
        'schema = 1\n[[site]]\nid = "liver"\nname = "Liver"\nsession_minutes = 30\nmax_span_days = 20\n'
        '[[site.preset]]\nid = "a3"\nname = "3 alternate"\nfractions = 3\npattern = "alternate"\nmax_span_days = 6\n'
        '[[site.preset]]\nid = "w3"\nname = "3 weekly"\nfractions = 3\npattern = "weekly"\nmax_span_days = 6\n', "c.toml")
    closed = {date(2026, 11, 4): "service"}  # Mon 2, (Wed 4 closed) Thu 5, Mon 9: 8 days

    def span_warnings(fractions: int, pattern: Pattern) -> list[str]:
        schedule = plan(catalogue, site="liver", fractions=fractions, pattern=pattern, start=MONDAY, tz="UTC", closures=closed)
        return [w for w in schedule.warnings if w.startswith("The course spans")]

    (warning,) = span_warnings(3, Pattern.ALTERNATE)
    assert warning == "The course spans 8 days, more than the 6 days the catalogue allows for Liver (alternate); 1 closed day pushed it."
    assert span_warnings(4, Pattern.ALTERNATE) == []  # no preset of 4: the site's 20 days
    assert span_warnings(3, Pattern.TWICE_WEEKLY) == []  # a preset of 3, but weekly: the site's 20 days
