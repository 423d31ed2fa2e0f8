"""A fraction the coordinator moved or re-timed before booking carries its time to the engine
(`SessionNeed.wanted_at`), which books it nearest that time of its day and counts it on time there;
every other fraction, and a twice-daily day's second session, keeps the daily time. Plain values."""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

from planner.booking.needs import need_from_schedule, sessions_from_schedule
from planner.core.course import Adjustments, Move, Retime
from planner.core.kinds import AppointmentKey, Pattern

from .helpers import plan
from .test_booking_engine import MONDAY, engine, linac

LONDON = ZoneInfo("Europe/London")


def test_only_a_moved_or_re_timed_fraction_wants_its_own_time(catalogue):
    moved = plan(catalogue, fractions=6, tz="Europe/London", adjustments=Adjustments(
        moves=(Move(AppointmentKey.fraction(2), datetime(2026, 11, 3, 14, 0)),), retimes=(Retime(5, time(11, 30)),)))
    wanted = {s.number: s.wanted_at for s in sessions_from_schedule(moved, 10)}
    assert wanted[2] == datetime(2026, 11, 3, 14, 0, tzinfo=LONDON)
    assert wanted[5] == datetime(2026, 11, 6, 11, 30, tzinfo=LONDON) and wanted[6] is not None
    assert [n for n, at in wanted.items() if at is None] == [1, 3, 4]


def test_a_twice_daily_days_second_session_wants_nothing_of_its_own(catalogue):
    twice = plan(catalogue, fractions=4, tz="Europe/London", pattern=Pattern.TWICE_DAILY, second_time=time(15, 0))
    sessions = sessions_from_schedule(twice, 10)
    assert [s.same_day for s in sessions] == [False, True, False, True]
    assert all(s.wanted_at is None for s in sessions)


def test_the_engine_books_a_moved_fraction_at_its_time_on_time_and_the_rest_at_the_daily_time(catalogue):
    schedule = plan(catalogue, fractions=5, tz="Europe/London", start=MONDAY, at=time(9, 0), adjustments=Adjustments(
        moves=(Move(AppointmentKey.fraction(3), datetime(2026, 11, 4, 14, 0)),)))
    need = need_from_schedule(schedule, catalogue, "moved")
    proposal = engine(linac("Linac 1")).book_best(need, MONDAY)
    starts = {f.number: f.start.astimezone(LONDON) for f in proposal.fractions}
    assert starts[3] == datetime(2026, 11, 4, 14, 0, tzinfo=LONDON)
    assert {s.time() for n, s in starts.items() if n != 3} == {time(9, 0)}
    assert proposal.off_time == 0


def test_a_moved_time_already_taken_goes_nearest_it_and_counts_off_time(catalogue):
    eng = engine(linac("Linac 1"))
    blocker = plan(catalogue, fractions=5, tz="Europe/London", start=MONDAY, at=time(14, 0))
    eng.book_best(need_from_schedule(blocker, catalogue, "blocker"), MONDAY)
    schedule = plan(catalogue, fractions=5, tz="Europe/London", start=MONDAY, at=time(9, 0), adjustments=Adjustments(
        moves=(Move(AppointmentKey.fraction(3), datetime(2026, 11, 4, 14, 0)),)))
    proposal = eng.book_best(need_from_schedule(schedule, catalogue, "moved"), MONDAY)
    third = next(f for f in proposal.fractions if f.number == 3).start.astimezone(LONDON)
    assert third.date() == datetime(2026, 11, 4).date() and third.time() != time(14, 0)
    assert abs((third.hour * 60 + third.minute) - 14 * 60) <= 45  # beside the blocker's 14:00, not back at 09:00
