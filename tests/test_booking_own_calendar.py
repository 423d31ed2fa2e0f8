"""The engine keeps a course off the days its own calendar closes (a course that keeps its own
holidays, closures or treatment days over the department's): a start, a later fraction, a fraction
re-booked at the end of the course after downtime, and the nightly re-optimisation's start days."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from planner.booking.engine import BookingEngine
from planner.booking.model import BookableMachine, BookingPolicy, CourseNeed
from planner.booking.needs import daily_sessions
from planner.booking.reoptimise import _start_days, _Unstarted
from planner.core.clinic import ClinicCalendar
from planner.core.department import Downtime

TZ = ZoneInfo("Europe/London")
MONDAY = date(2026, 11, 2)
HOURS = {d: (time(8, 0), time(18, 0)) for d in range(5)}
OWN = ClinicCalendar(closures={MONDAY: "Staff training", MONDAY + timedelta(days=3): "Local holiday",
                               MONDAY + timedelta(days=7): "Local holiday 2"})


def engine() -> BookingEngine:
    return BookingEngine((BookableMachine("L1", "A", frozenset(), HOURS),), ClinicCalendar(), TZ, BookingPolicy(urgent_reserve=0.0))


def days_of(bookings) -> list[date]:
    return [b.start.astimezone(TZ).date() for b in bookings]


def test_a_course_starts_and_goes_on_only_on_days_its_own_calendar_keeps_open():
    eng = engine()
    need = CourseNeed("a", daily_sessions(5, 15, 10), earliest=MONDAY, own_calendar=OWN)
    best = eng.book_best(need, MONDAY - timedelta(days=7))
    assert best.first == MONDAY + timedelta(days=1)  # Monday closed to the course
    assert days_of(best.fractions) == [MONDAY + timedelta(days=k) for k in (1, 2, 4, 8, 9)]  # Thursday and next Monday too
    assert [(p.day, p.reason) for p in best.pushed] == [(MONDAY + timedelta(days=3), "clinic closure (Local holiday)"),
                                                         (MONDAY + timedelta(days=7), "clinic closure (Local holiday 2)")]
    assert eng.open_for(need, MONDAY + timedelta(days=2)) and not eng.open_for(need, MONDAY)
    assert eng.is_open(MONDAY)  # the department itself treats that day
    plain = CourseNeed("b", daily_sessions(5, 15, 10), earliest=MONDAY)
    assert eng.propose(plain, MONDAY - timedelta(days=7)).proposals[0].first == MONDAY


def test_first_fit_keeps_to_the_courses_own_calendar_too():
    eng = engine()
    need = CourseNeed("a", daily_sessions(3, 15, 10), earliest=MONDAY, own_calendar=OWN)
    assert days_of(eng.propose_first_fit(need, MONDAY - timedelta(days=7)).fractions) == [
        MONDAY + timedelta(days=k) for k in (1, 2, 4)]


def test_a_fraction_moved_to_the_end_of_the_course_skips_a_day_its_calendar_closes():
    eng = engine()
    need = CourseNeed("a", daily_sessions(2, 15, 10), earliest=MONDAY + timedelta(days=1), own_calendar=OWN)
    booked = eng.book_best(need, MONDAY - timedelta(days=7))
    assert days_of(booked.fractions) == [MONDAY + timedelta(days=1), MONDAY + timedelta(days=2)]
    down = Downtime("L1", datetime.combine(MONDAY + timedelta(days=1), time(0), TZ),
                    datetime.combine(MONDAY + timedelta(days=2), time(0), TZ), "fault")
    report = eng.add_downtime(down, MONDAY)
    assert [m.to_start.astimezone(TZ).date() for m in report.appended] == [MONDAY + timedelta(days=4)]  # not Thursday


def test_the_nightly_re_optimisation_tries_only_the_courses_open_days():
    eng = engine()
    need = CourseNeed("a", daily_sessions(2, 15, 10), earliest=MONDAY, own_calendar=OWN)
    item = _Unstarted("a", need, (), MONDAY + timedelta(days=9), MONDAY, MONDAY)
    assert _start_days(eng, item) == [MONDAY + timedelta(days=k) for k in (1, 2, 4, 8)]
