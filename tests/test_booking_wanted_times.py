"""A fraction the coordinator moved or re-timed before booking carries its time to the engine
(`SessionNeed.wanted_at`), which books it nearest that time of its day and counts it on time there;
every other fraction keeps the daily time, and a twice-daily day's second session its time after the first (the
course's second time, never under six hours). Plain values."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from planner.booking.model import CourseNeed
from planner.booking.needs import daily_sessions, need_from_schedule, sessions_from_schedule
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


def test_a_twice_daily_days_second_session_keeps_its_time_after_the_first_not_a_time_of_its_own(catalogue):
    twice = plan(catalogue, fractions=4, tz="Europe/London", pattern=Pattern.TWICE_DAILY, second_time=time(15, 0))
    sessions = sessions_from_schedule(twice, 10)
    assert [s.same_day for s in sessions] == [False, True, False, True]
    assert all(s.wanted_at is None for s in sessions)
    assert [s.after_first for s in sessions] == [None, 6 * 60, None, 6 * 60]  # 09:00 and 15:00


def twice_daily(catalogue, second: time | None, fractions: int = 6, **extra: object):
    return plan(catalogue, fractions=fractions, tz="Europe/London", start=MONDAY, at=time(8, 0),
                pattern=Pattern.TWICE_DAILY, second_time=second, **extra)


def test_the_engine_books_a_twice_daily_course_at_its_own_second_time_not_six_hours_on(catalogue):
    schedule = twice_daily(catalogue, time(16, 30))
    assert {s.after_first for s in sessions_from_schedule(schedule, 10) if s.same_day} == {8 * 60 + 30}
    proposal = engine(linac("Linac 1")).book_best(need_from_schedule(schedule, catalogue, "bd"), MONDAY)
    starts = [f.start.astimezone(LONDON) for f in proposal.fractions]
    assert {s.time() for s in starts[::2]} == {time(8, 0)}
    assert {s.time() for s in starts[1::2]} == {time(16, 30)}  # as the course has it, not 14:00
    assert [s.date() for s in starts[::2]] == [s.date() for s in starts[1::2]]
    assert proposal.off_time == 0


def test_a_need_without_a_time_after_the_first_books_its_second_session_six_hours_on():
    sessions = daily_sessions(4, 15, 10, twice_daily=True)
    assert all(s.after_first is None for s in sessions)
    proposal = engine(linac("Linac 1")).book_best(CourseNeed("bd", sessions, earliest=MONDAY), MONDAY)
    assert {f.start.astimezone(LONDON).time() for f in proposal.fractions[1::2]} == {time(14, 0)}


def test_a_second_time_the_machine_s_hours_cannot_hold_is_booked_as_late_as_they_allow(catalogue):
    schedule = twice_daily(catalogue, time(17, 0))  # nine hours apart; Linac 1 closes at 18:00
    need = need_from_schedule(schedule, catalogue, "bd", preferred_time=time(10, 0))
    eng = engine(linac("Linac 1"))
    proposal = eng.book_best(need, MONDAY)
    starts = [f.start.astimezone(LONDON) for f in proposal.fractions]
    assert set(s.time() for s in starts[::2]) == {time(10, 0)}
    assert set(s.time() for s in starts[1::2]) == {time(17, 40)}  # its 20 minutes end at 18:00
    # 80 minutes before 19:00, the course's own second time after a first session at 10:00: each counts as off time,
    # in the proposal the coordinator compares and in the booked course's departures alike
    assert proposal.off_time == 3 and eng.departures("bd") == (3, 0, 0)


def test_a_later_daily_time_asked_for_keeps_the_course_s_hours_between_the_two_sessions(catalogue):
    schedule = twice_daily(catalogue, time(15, 0))  # seven hours apart
    need = need_from_schedule(schedule, catalogue, "bd", preferred_time=time(9, 30))
    starts = [f.start.astimezone(LONDON).time() for f in engine(linac("Linac 1")).book_best(need, MONDAY).fractions]
    assert set(starts[::2]) == {time(9, 30)} and set(starts[1::2]) == {time(16, 30)}


def test_a_second_time_already_taken_goes_nearest_it_and_never_under_six_hours_after_the_first(catalogue):
    eng = engine(linac("Linac 1"))
    blocker = plan(catalogue, fractions=5, tz="Europe/London", start=MONDAY, at=time(16, 0), minutes=60)
    eng.book_best(need_from_schedule(blocker, catalogue, "blocker"), MONDAY)
    schedule = twice_daily(catalogue, time(16, 0))
    proposal = eng.book_best(need_from_schedule(schedule, catalogue, "bd"), MONDAY)
    starts = [f.start.astimezone(LONDON) for f in proposal.fractions]
    for first, second in zip(starts[::2], starts[1::2], strict=True):
        assert second - first >= timedelta(hours=6)
        assert second.time() not in (time(16, 0), time(14, 0))
        gap = abs((second.hour * 60 + second.minute) - 16 * 60)
        assert gap <= 75  # beside the blocker's hour (a first session may take 10 minutes more), not back at 14:00
    off = sum(abs((s.hour * 60 + s.minute) - 16 * 60) > 15 for s in starts[1::2])
    assert off and proposal.off_time == off and eng.departures("bd") == (off, 0, 0)
