"""Where downtime's make-up sessions go for a gap-sensitive course (issue 13): a weekend day after
the day lost, never before it, nor on a day the course's own calendar closes; or a second session
on a later treatment day, at least six hours from that day's own session, never closer, and on the
next day that has only one session; and a twice-daily course's session moved the same day keeps six
hours from the day's other one."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from planner.booking.engine import BookingEngine
from planner.booking.model import BookableMachine, BookingPolicy, CourseNeed
from planner.booking.needs import daily_sessions
from planner.core.clinic import ClinicCalendar
from planner.core.department import Downtime

from .helpers import leave_free

TZ = ZoneInfo("Europe/London")
HOURS = {d: (time(8, 0), time(18, 0)) for d in range(5)}
MONDAY = date(2026, 11, 2)
WEDNESDAY, THURSDAY, FRIDAY = (MONDAY + timedelta(days=k) for k in (2, 3, 4))
SATURDAY, SUNDAY = MONDAY + timedelta(days=5), MONDAY + timedelta(days=6)


def engine(**policy: object) -> BookingEngine:
    machines = (BookableMachine("Linac 1", "A", frozenset(), HOURS), BookableMachine("Tomo", "T", frozenset(), HOURS))
    return BookingEngine(machines, ClinicCalendar(), TZ, BookingPolicy(urgent_reserve=0.0, **policy))  # type: ignore[arg-type]


def course(at: time, own: ClinicCalendar | None = None) -> CourseNeed:
    return CourseNeed("hn", daily_sessions(10, 15, 0), earliest=MONDAY, preferred_machine="Linac 1", preferred_time=at,
                      gap_sensitive=True, own_calendar=own)


def down(eng: BookingEngine, day: date, today: date = MONDAY):
    """Linac 1 down all `day`; the re-booking's single move."""
    report = eng.add_downtime(Downtime("Linac 1", datetime.combine(day, time(0), TZ),
                                       datetime.combine(day + timedelta(days=1), time(0), TZ)), today)
    assert len(report.moved) == 1, report
    return report.moved[0]


WEEKEND = (time(9, 0), time(13, 0))


def test_a_friday_lost_is_made_up_on_the_saturday_after():
    eng = engine(weekend_hours=WEEKEND)
    eng.book_best(course(time(11, 0)), MONDAY - timedelta(days=7))
    move = down(eng, FRIDAY)
    assert (move.how, move.to_start.astimezone(TZ)) == ("weekend", datetime.combine(SATURDAY, time(11, 0), TZ))


def test_a_monday_lost_is_made_up_on_the_weekend_after_it_never_the_one_before():
    eng = engine(weekend_hours=WEEKEND)
    eng.book_best(course(time(11, 0)), MONDAY - timedelta(days=7))
    move = down(eng, MONDAY + timedelta(days=7), today=MONDAY)  # announced a week ahead: the Sunday before is still to come
    assert (move.how, move.to_start.astimezone(TZ)) == ("weekend", datetime.combine(SATURDAY + timedelta(days=7), time(11, 0), TZ))


def test_a_weekend_day_the_courses_own_calendar_closes_is_passed_over():
    eng = engine(weekend_hours=WEEKEND)
    eng.book_best(course(time(11, 0), ClinicCalendar(closures={SATURDAY: "Local festival"})), MONDAY - timedelta(days=7))
    move = down(eng, FRIDAY)
    assert move.to_start.astimezone(TZ) == datetime.combine(SUNDAY, time(11, 0), TZ)


def test_a_second_session_is_six_hours_after_the_days_own_never_closer_though_closer_time_is_free():
    eng = engine(second_session=True)
    # Thursday on Linac 1: the course's 08:00, 13:45-14:00 (under six hours after it) and 14:20-14:40.
    leave_free(eng, "Linac 1", THURSDAY, (time(8, 0), time(8, 15)), (time(13, 45), time(14, 0)), (time(14, 20), time(14, 40)))
    eng.book_best(course(time(8, 0)), MONDAY - timedelta(days=7))
    move = down(eng, WEDNESDAY)
    assert (move.how, move.to_start.astimezone(TZ)) == ("second session", datetime.combine(THURSDAY, time(14, 20), TZ))
    # Tuesday lost too: Thursday has two sessions now, so Friday takes the next one.
    move = down(eng, MONDAY + timedelta(days=1))
    assert (move.how, move.to_start.astimezone(TZ)) == ("second session", datetime.combine(FRIDAY, time(14, 0), TZ))


def test_a_late_session_gets_its_second_six_hours_before_never_closer():
    eng = engine(second_session=True)
    # Thursday on Linac 1: 09:30-09:45 (six and a half hours before 16:00), 10:05-10:20 (under six) and the course's 16:00.
    leave_free(eng, "Linac 1", THURSDAY, (time(9, 30), time(9, 45)), (time(10, 5), time(10, 20)), (time(16, 0), time(16, 15)))
    eng.book_best(course(time(16, 0)), MONDAY - timedelta(days=7))
    move = down(eng, WEDNESDAY)
    assert (move.how, move.to_start.astimezone(TZ)) == ("second session", datetime.combine(THURSDAY, time(9, 30), TZ))


def twice_daily_on_linac_1() -> BookingEngine:
    machines = (BookableMachine("Linac 1", "A", frozenset(), HOURS), BookableMachine("Linac 2", "A", frozenset(), HOURS))
    eng = BookingEngine(machines, ClinicCalendar(), TZ, BookingPolicy(urgent_reserve=0.0))
    need = CourseNeed("bd", daily_sessions(4, 15, 0, twice_daily=True), earliest=MONDAY, preferred_machine="Linac 1",
                      preferred_time=time(8, 0))
    best = eng.book_best(need, MONDAY - timedelta(days=7))
    assert [b.start.astimezone(TZ).time() for b in best.fractions] == [time(8, 0), time(14, 0)] * 2
    return eng


def test_a_days_second_session_moved_the_same_day_stays_six_hours_after_the_first():
    eng = twice_daily_on_linac_1()
    # Linac 2 that Monday: free 13:30-14:00 (too soon after 08:00) and from 15:00.
    leave_free(eng, "Linac 2", MONDAY, (time(8, 0), time(8, 0)), (time(13, 30), time(14, 0)), (time(15, 0), time(18, 0)))
    report = eng.add_downtime(Downtime("Linac 1", datetime.combine(MONDAY, time(13, 0), TZ),
                                       datetime.combine(MONDAY, time(18, 0), TZ)), MONDAY - timedelta(days=7))
    assert [(m.how, m.to_machine, m.to_start.astimezone(TZ)) for m in report.moved] == [
        ("same day", "Linac 2", datetime.combine(MONDAY, time(15, 0), TZ))]


def test_a_days_first_session_is_not_moved_the_same_day_to_under_six_hours_before_the_second():
    eng = twice_daily_on_linac_1()
    leave_free(eng, "Linac 2", MONDAY, (time(8, 15), time(18, 0)))  # Linac 2 taken at 08:00
    report = eng.add_downtime(Downtime("Linac 1", datetime.combine(MONDAY, time(7, 0), TZ),
                                       datetime.combine(MONDAY, time(10, 0), TZ)), MONDAY - timedelta(days=7))
    assert [m.how for m in report.moved] == [] and [m.how for m in report.appended] == ["end of course"]
