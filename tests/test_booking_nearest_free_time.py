"""Where a fraction goes on its own day when its machine goes down (the engine's search for the free start
nearest its time, `_nearest`): between two free windows as near as each other the earlier; past a window too
short for it, on to the next; and a weekend make-up session on its own weekend day on another machine of its
group. Written for what a mutation run of `_nearest` found no test noticing."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from planner.booking.engine import BookingEngine
from planner.booking.model import BookableMachine, BookingPolicy, CourseNeed
from planner.booking.needs import daily_sessions
from planner.core.clinic import ClinicCalendar
from planner.core.department import Booking, Downtime
from planner.core.kinds import AppointmentKind

from .helpers import leave_free

TZ = ZoneInfo("Europe/London")
HOURS = {d: (time(8, 0), time(18, 0)) for d in range(5)}
MONDAY = date(2026, 11, 2)
SATURDAY = MONDAY + timedelta(days=5)


def two_linacs(**policy: object) -> BookingEngine:
    machines = (BookableMachine("L1", "A", frozenset(), HOURS), BookableMachine("L2", "A", frozenset(), HOURS))
    return BookingEngine(machines, ClinicCalendar(), TZ, BookingPolicy(urgent_reserve=0.0, **policy))  # type: ignore[arg-type]


def moved_with_l2_free(*free: tuple[time, time]) -> time:
    """A 15-minute course at 08:30 on L1, which goes down on Monday: the time its fraction gets on L2 (5-minute
    slots), free only in the windows `free` that day."""
    eng = two_linacs()
    leave_free(eng, "L2", MONDAY, *free)
    eng.book_best(CourseNeed("c", daily_sessions(2, 15, 0), earliest=MONDAY, preferred_machine="L1",
                             preferred_time=time(8, 30)), MONDAY - timedelta(days=7))
    report = eng.add_downtime(Downtime("L1", datetime.combine(MONDAY, time(0), TZ), datetime.combine(MONDAY, time(23), TZ)),
                              MONDAY - timedelta(days=7))
    assert [(m.how, m.to_machine) for m in report.moved] == [("same day", "L2")]
    return report.moved[0].to_start.astimezone(TZ).time()


def test_between_two_windows_as_near_as_each_other_the_earlier_wins():
    assert moved_with_l2_free((time(8, 0), time(8, 30)), (time(8, 45), time(9, 30))) == time(8, 15)  # 08:15 and 08:45
    assert moved_with_l2_free((time(8, 0), time(8, 30)), (time(8, 40), time(9, 30))) == time(8, 40)  # 08:40 is nearer


def test_a_window_too_short_for_the_session_does_not_end_the_search():
    # 08:05 (25 minutes early), 08:35-08:45 too short, 08:50 (20 minutes late): the later is nearer
    assert moved_with_l2_free((time(8, 0), time(8, 20)), (time(8, 35), time(8, 45)), (time(8, 50), time(9, 30))) == time(8, 50)


def test_a_weekend_make_up_session_hit_by_downtime_stays_on_its_day_on_another_machine_of_its_group():
    eng = two_linacs(weekend_hours=(time(9, 0), time(13, 0)))
    need = CourseNeed("hn", daily_sessions(2, 15, 0), earliest=MONDAY, preferred_machine="L1", preferred_time=time(10, 0),
                      gap_sensitive=True)
    start = datetime.combine(SATURDAY, time(10, 0), TZ)
    held = (Booking("hn", AppointmentKind.FRACTION, 1, "L1", datetime.combine(MONDAY + timedelta(days=4), time(10, 0), TZ),
                    datetime.combine(MONDAY + timedelta(days=4), time(10, 15), TZ)),
            Booking("hn", AppointmentKind.FRACTION, 2, "L1", start, start + timedelta(minutes=15)))
    eng.restore(need, held, "L1", time(10, 0))
    report = eng.add_downtime(Downtime("L1", datetime.combine(SATURDAY, time(0), TZ),
                                       datetime.combine(SATURDAY + timedelta(days=1), time(0), TZ)), MONDAY)
    assert [(m.how, m.to_machine, m.to_start.astimezone(TZ)) for m in report.moved] == [("same day", "L2", start)]


def test_on_the_day_itself_a_fraction_never_goes_to_a_time_already_gone():
    """Taken down at 08:20 from 08:30 on: the fraction of 08:30 goes to 08:45 on L2, not to 08:15 (as near, and
    earlier), which has gone by the time the patient is phoned; the day list would say a time nobody can keep."""
    eng = two_linacs()
    leave_free(eng, "L2", MONDAY, (time(8, 0), time(8, 30)), (time(8, 45), time(9, 30)))
    eng.book_best(CourseNeed("c", daily_sessions(2, 15, 0), earliest=MONDAY, preferred_machine="L1",
                             preferred_time=time(8, 30)), MONDAY - timedelta(days=7))
    report = eng.add_downtime(Downtime("L1", datetime.combine(MONDAY, time(8, 30), TZ), datetime.combine(MONDAY, time(23), TZ)),
                              MONDAY, not_before=datetime.combine(MONDAY, time(8, 20), TZ))
    assert [(m.how, m.to_machine, m.to_start.astimezone(TZ).time()) for m in report.moved] == [("same day", "L2", time(8, 45))]
    again = eng.add_downtime(Downtime("L2", datetime.combine(MONDAY, time(8, 45), TZ), datetime.combine(MONDAY, time(9, 0), TZ)),
                             MONDAY, not_before=datetime.combine(MONDAY, time(8, 40), TZ))
    assert [m.to_start.astimezone(TZ).time() for m in again.moved] == [time(9, 0)]  # not back to 08:15 either
