"""The engine's own capacity rules, each at its edge (issue 13: nothing booked outside a machine's
hours, on a closed day, in the urgent reserve before it opens, or over another booking): written
for what a mutation run of `BookingEngine` found no test noticing."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from planner.booking.engine import BookingConflict, BookingEngine
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


def engine(hours=None, closures=None, **policy: object) -> BookingEngine:
    machines = (BookableMachine("L1", "A", frozenset(), hours or HOURS),)
    return BookingEngine(machines, ClinicCalendar(closures=closures or {}), TZ,
                         BookingPolicy(**{"urgent_reserve": 0.0, **policy}))  # type: ignore[arg-type]


def fraction(number: int, day: date, at: time, minutes: int = 15, course: str = "c") -> Booking:
    start = datetime.combine(day, at, TZ)
    return Booking(course, AppointmentKind.FRACTION, number, "L1", start, start + timedelta(minutes=minutes))


def restore(eng: BookingEngine, *held: Booking) -> None:
    eng.restore(CourseNeed(held[0].course_id, daily_sessions(len(held), 15, 0), earliest=MONDAY), held, "L1", time(8, 0))


@pytest.mark.parametrize("held, message", [
    ((fraction(1, MONDAY, time(7, 50)),), "L1 does not treat at 2026-11-02 07:50"),  # starts before opening
    ((fraction(1, MONDAY, time(17, 46)),), "L1 does not treat at 2026-11-02 17:46"),  # ends a minute after closing
    ((fraction(1, SATURDAY, time(9, 0)),), "L1 does not treat at 2026-11-07 09:00"),  # no hours that day
    ((fraction(1, MONDAY, time(9, 0)), fraction(2, MONDAY, time(9, 10))),
     "two appointments of the course overlap at 2026-11-02 09:10"),
])
def test_time_a_machine_does_not_give_is_refused_with_the_reason(held, message):
    eng = engine()
    with pytest.raises(BookingConflict) as refused:
        restore(eng, *held)
    assert str(refused.value) == message
    assert eng.booked_courses() == ()  # nothing held


def test_time_held_by_another_course_is_refused_and_edges_that_only_touch_are_not():
    eng = engine()
    restore(eng, fraction(1, MONDAY, time(9, 0), course="other"))
    with pytest.raises(BookingConflict) as refused:
        restore(eng, fraction(1, MONDAY, time(9, 10)))
    assert str(refused.value) == "L1 is taken at 2026-11-02 09:10"
    restore(eng, fraction(1, MONDAY, time(8, 45)), fraction(2, MONDAY, time(9, 15)))  # flush on both sides
    restore(eng, fraction(1, MONDAY, time(17, 45), course="last"))  # ends as the machine closes
    restore(eng, fraction(1, MONDAY, time(10, 15), course="pair"), fraction(2, MONDAY, time(10, 0), course="pair"))  # its own, flush
    restore(eng, fraction(1, MONDAY, time(10, 30), course="fwd"), fraction(2, MONDAY, time(10, 45), course="fwd"))
    assert set(eng.booked_courses()) == {"other", "c", "last", "pair", "fwd"}


def test_a_weekend_make_up_session_is_restored_where_the_department_allows_weekend_hours():
    eng = engine(weekend_hours=(time(9, 0), time(13, 0)))
    restore(eng, fraction(1, MONDAY, time(9, 0)), fraction(2, SATURDAY, time(9, 0)))
    assert [b.start.date() for b in eng.bookings("c")] == [MONDAY, SATURDAY]


def test_a_machine_opening_at_half_past_starts_its_first_session_then():
    eng = engine(hours={d: (time(7, 30), time(17, 0)) for d in range(5)})
    best = eng.book_best(CourseNeed("c", daily_sessions(1, 15, 0), earliest=MONDAY, preferred_time=time(7, 0)), MONDAY)
    assert best.fractions[0].start.astimezone(TZ) == datetime.combine(MONDAY, time(7, 30), TZ)


def test_a_session_ends_by_closing_time_and_by_the_urgent_reserve_until_it_opens():
    # 08:00-18:00 with a 10 % reserve: the last hour is kept for urgent starts until two working days ahead.
    eng = engine(urgent_reserve=0.10, reserve_release_days=2)
    far, near = MONDAY + timedelta(days=7), MONDAY + timedelta(days=2)  # 5 and exactly 2 working days after today
    for day in (far, near):
        leave_free(eng, "L1", day, (time(16, 45), time(18, 0)))
    one = daily_sessions(1, 15, 0)
    routine = eng.book_best(CourseNeed("far", one, earliest=far, preferred_time=time(17, 30)), MONDAY)
    assert routine.fractions[0].start.astimezone(TZ) == datetime.combine(far, time(16, 45), TZ)  # ends 17:00, as the reserve begins
    released = eng.book_best(CourseNeed("near", one, earliest=near, preferred_time=time(17, 30)), MONDAY)
    assert released.fractions[0].start.astimezone(TZ) == datetime.combine(near, time(17, 30), TZ)  # the reserve is open
    late = eng.book_best(CourseNeed("late", one, earliest=near, preferred_time=time(17, 55)), MONDAY)
    assert late.fractions[0].start.astimezone(TZ).time() <= time(17, 45)  # never past closing


def test_a_fraction_off_a_daily_time_in_the_reserve_stays_out_of_the_reserve_where_it_is_not_open():
    eng = engine(urgent_reserve=0.10, reserve_release_days=2)
    wednesday, thursday = MONDAY + timedelta(days=2), MONDAY + timedelta(days=3)  # 2 and 3 working days ahead
    leave_free(eng, "L1", wednesday, (time(17, 30), time(18, 0)))  # only the reserve, open on Wednesday
    leave_free(eng, "L1", thursday, (time(16, 45), time(18, 0)))
    best = eng.book_best(CourseNeed("c", daily_sessions(2, 15, 0), earliest=wednesday), MONDAY)
    assert [b.start.astimezone(TZ) for b in best.fractions] == [datetime.combine(wednesday, time(17, 30), TZ),
                                                                datetime.combine(thursday, time(16, 45), TZ)]


def test_working_days_are_counted_from_the_next_open_day_and_skip_closures():
    tuesday = MONDAY + timedelta(days=1)
    eng = engine(closures={tuesday: "Staff training"})
    assert eng.add_working_days(SATURDAY, 0) == MONDAY + timedelta(days=7)
    assert eng.add_working_days(SATURDAY + timedelta(days=1), 0) == MONDAY + timedelta(days=7)
    assert eng.add_working_days(MONDAY, 1) == MONDAY + timedelta(days=2)  # Tuesday closed
    assert eng.add_working_days(MONDAY, 4) == MONDAY + timedelta(days=7)
    assert eng.working_days(MONDAY, MONDAY + timedelta(days=7)) == 4 and eng.working_days(MONDAY, MONDAY) == 0


def test_a_day_closed_by_the_department_is_named_by_it_and_a_courses_own_weekend_closure_is_not_a_day_lost():
    wednesday = MONDAY + timedelta(days=2)
    eng = engine(closures={wednesday: "Staff training", SATURDAY: "Open day"})  # a Saturday closure loses no day either
    own = ClinicCalendar(closures={wednesday: "Own day off", SATURDAY: "Festival"})
    best = eng.book_best(CourseNeed("c", daily_sessions(5, 15, 0), earliest=MONDAY, own_calendar=own), MONDAY)
    assert [(p.day, p.reason) for p in best.pushed] == [(wednesday, "clinic closure (Staff training)")]


def test_unbooking_a_course_that_is_not_booked_releases_nothing():
    assert engine().unbook("nobody") == ()


def moved_to_linac_2(opens: time, free: tuple[time, time] = (time(8, 0), time(18, 0))) -> time:
    """A 15-minute course at 08:30 on Linac 1 (10-minute slots from 08:00), which goes down that day:
    the time its fraction gets on Linac 2 of the same group, whose 10-minute slots count from `opens`."""
    hours2 = {d: (opens, time(18, 0)) for d in range(5)}
    machines = (BookableMachine("L1", "A", frozenset(), HOURS, slot_minutes=10),
                BookableMachine("L2", "A", frozenset(), hours2, slot_minutes=10))
    eng = BookingEngine(machines, ClinicCalendar(), TZ, BookingPolicy(urgent_reserve=0.0))
    leave_free(eng, "L2", MONDAY, free)
    eng.book_best(CourseNeed("c", daily_sessions(2, 15, 0), earliest=MONDAY, preferred_machine="L1",
                             preferred_time=time(8, 30)), MONDAY - timedelta(days=7))
    report = eng.add_downtime(Downtime("L1", datetime.combine(MONDAY, time(0), TZ), datetime.combine(MONDAY, time(23), TZ)),
                              MONDAY - timedelta(days=7))
    assert [m.how for m in report.moved] == ["same day"]
    return report.moved[0].to_start.astimezone(TZ).time()


def test_a_fraction_moved_to_a_machine_with_other_slots_goes_to_the_slot_nearest_its_time():
    assert moved_to_linac_2(time(8, 3)) == time(8, 33)  # slots 08:23 and 08:33: 08:33 is nearer 08:30
    assert moved_to_linac_2(time(8, 7)) == time(8, 27)  # slots 08:27 and 08:37
    assert moved_to_linac_2(time(8, 5)) == time(8, 25)  # 08:25 and 08:35 alike: the earlier
    assert moved_to_linac_2(time(8, 3), (time(8, 23), time(8, 48))) == time(8, 33)  # the later slot, flush with the window's end
    assert moved_to_linac_2(time(8, 3), (time(8, 23), time(8, 47))) == time(8, 23)  # it no longer fits there


def test_a_second_session_on_another_machine_still_keeps_six_hours_from_the_first():
    machines = (BookableMachine("L1", "A", frozenset(), HOURS), BookableMachine("L2", "A", frozenset(), HOURS))
    eng = BookingEngine(machines, ClinicCalendar(), TZ, BookingPolicy(urgent_reserve=0.0))
    leave_free(eng, "L1", MONDAY, (time(8, 0), time(8, 15)))  # L1 has room for the first session only
    leave_free(eng, "L2", MONDAY, (time(13, 45), time(14, 0)), (time(14, 20), time(14, 40)))
    best = eng.book_best(CourseNeed("bd", daily_sessions(2, 15, 0, twice_daily=True), earliest=MONDAY,
                                    preferred_machine="L1", preferred_time=time(8, 0)), MONDAY - timedelta(days=7))
    assert [(b.machine, b.start.astimezone(TZ).time()) for b in best.fractions] == [("L1", time(8, 0)), ("L2", time(14, 20))]
