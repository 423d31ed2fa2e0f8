"""How the engine packs machine-days: the longer first fraction is not tied to the daily time, and
the daily time leaves no free time too short to start a course (issue 13: wait no worse than
first-fit at the same utilisation)."""

from __future__ import annotations

from datetime import date, time, timedelta
from zoneinfo import ZoneInfo

from planner.booking.engine import BookingEngine
from planner.booking.model import BookableMachine, BookingPolicy, CourseNeed
from planner.booking.needs import daily_sessions
from planner.core.clinic import ClinicCalendar

from .helpers import leave_free

TZ = ZoneInfo("Europe/London")
MONDAY = date(2026, 11, 2)
HOURS = {d: (time(8, 0), time(18, 0)) for d in range(5)}


def one_linac() -> BookingEngine:
    return BookingEngine((BookableMachine("Linac 1", "A", frozenset(), HOURS),), ClinicCalendar(), TZ, BookingPolicy())


def week(first: date = MONDAY) -> list[date]:
    return [first + timedelta(days=k) for k in range(5)]


def starts(proposal_bookings: tuple) -> list[tuple[date, time]]:  # type: ignore[type-arg]
    return [(b.start.astimezone(TZ).date(), b.start.astimezone(TZ).time()) for b in proposal_bookings]


def test_the_longer_first_fraction_goes_where_it_fits_and_the_daily_time_follows_the_later_days():
    # Monday has room for the 25-minute first fraction only at 12:00; the rest of the week only
    # at 09:00 for 15 minutes. Tied to the daily time, the course would either wait or be off its
    # time on four days; instead it starts Monday at 12:00 and keeps 09:00 afterwards.
    eng = one_linac()
    leave_free(eng, "Linac 1", MONDAY, (time(12, 0), time(12, 25)))
    for day in week()[1:]:
        leave_free(eng, "Linac 1", day, (time(9, 0), time(9, 15)))
    proposal = eng.book_best(CourseNeed("a", daily_sessions(5, 15, 10), earliest=MONDAY), MONDAY)
    assert proposal.time == time(9, 0)
    assert proposal.wait_days == 0
    assert starts(proposal.fractions) == [(MONDAY, time(12, 0))] + [(day, time(9, 0)) for day in week()[1:]]
    assert proposal.off_time == 1  # the first fraction only, reported as off the daily time
    assert proposal.fractions[0].end - proposal.fractions[0].start == timedelta(minutes=25)


def test_among_equally_free_daily_times_the_one_near_the_first_fraction_wins():
    # 09:00 and 14:00 are free all week; the first fraction fits only at 14:20 on Monday, so 14:00
    # (its start 20 minutes off) beats the earlier 09:00 (five hours off).
    eng = one_linac()
    leave_free(eng, "Linac 1", MONDAY, (time(9, 0), time(9, 15)), (time(14, 0), time(14, 15)), (time(14, 20), time(14, 45)))
    for day in week()[1:]:
        leave_free(eng, "Linac 1", day, (time(9, 0), time(9, 15)), (time(14, 0), time(14, 15)))
    proposal = eng.book_best(CourseNeed("a", daily_sessions(5, 15, 10), earliest=MONDAY), MONDAY)
    assert proposal.time == time(14, 0)
    assert starts(proposal.fractions)[0] == (MONDAY, time(14, 20))
    assert proposal.off_time == 1  # 20 minutes off: outside the 15-minute same-time band
    assert {t for _, t in starts(proposal.fractions)[1:]} == {time(14, 0)}


def test_the_daily_time_fills_a_gap_that_fits_rather_than_leaving_one_too_short_to_start_a_course():
    # Each day has 08:00-08:40 and 10:00-10:15 free. Booking 08:00 would leave 25 minutes, too short
    # for a new course's longer first fraction; 10:00 fills its gap exactly.
    eng = one_linac()
    for day in week():
        leave_free(eng, "Linac 1", day, (time(8, 0), time(8, 40)), (time(10, 0), time(10, 15)))
    proposal = eng.book_best(CourseNeed("a", daily_sessions(5, 15, 0), earliest=MONDAY), MONDAY)
    assert proposal.time == time(10, 0)
    assert {t for _, t in starts(proposal.fractions)} == {time(10, 0)}
    assert (proposal.off_time, proposal.wait_days) == (0, 0)


def test_a_routine_start_does_not_wait_a_day_only_to_keep_the_first_fraction_on_the_daily_time():
    # Monday's only room is 08:00; from Tuesday 10:00 is free every day (25 minutes on Tuesday).
    # Starting Tuesday would keep every fraction at 10:00, but waiting a day for the same time
    # (not for the same machine) is what left the engine's queue behind first-fit's.
    eng = one_linac()
    monday, tuesday, wednesday, thursday, friday = week()
    leave_free(eng, "Linac 1", monday, (time(8, 0), time(8, 25)))
    leave_free(eng, "Linac 1", tuesday, (time(10, 0), time(10, 25)))
    for day in (wednesday, thursday, friday):
        leave_free(eng, "Linac 1", day, (time(10, 0), time(10, 15)))
    proposal = eng.book_best(CourseNeed("a", daily_sessions(3, 15, 10), earliest=MONDAY), MONDAY)
    assert (proposal.first, proposal.machine, proposal.wait_days) == (MONDAY, "Linac 1", 0)
    assert starts(proposal.fractions) == [(monday, time(8, 0)), (tuesday, time(10, 0)), (wednesday, time(10, 0))]
