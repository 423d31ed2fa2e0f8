"""The first fraction's set-up time stays with the first fraction when downtime takes the first day and
the lost fraction goes to the end of the course: the new first fraction (the old second) takes the longer
session, the appended one the plain length. Found by a fresh-eyes coordinator: after Linac 1 went down on
an SBRT course's first day, fraction 1 was 30 minutes and fraction 5 the 40 with the set-up time."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from planner.booking.engine import BookingEngine
from planner.booking.model import FIRST_SET_UP
from planner.core.department import Downtime
from planner.core.kinds import AppointmentKind

from .test_booking_engine import MONDAY, TZ, engine, linac, local, need


def fractions(eng: BookingEngine, course_id: str) -> list[tuple[int, datetime, int]]:
    """(number, local start, minutes) of each fraction, in order."""
    return [(b.number, local(b.start), int((b.end - b.start).total_seconds()) // 60)
            for b in sorted(eng.bookings(course_id), key=lambda b: b.start) if b.kind is AppointmentKind.FRACTION]


def day_down(day_offset: int) -> Downtime:
    start = datetime.combine(MONDAY + timedelta(days=day_offset), time(0), tzinfo=TZ)
    return Downtime("Linac 1", start, start + timedelta(days=1))


def test_the_new_first_fraction_takes_the_set_up_time_and_the_appended_one_does_not():
    eng = engine(linac("Linac 1"), linac("Tomo", group="T"))
    eng.book_best(need("a", count=5, minutes=30, preferred_machine="Linac 1", preferred_time=time(10, 0)), MONDAY)
    assert [minutes for _, _, minutes in fractions(eng, "a")] == [40, 30, 30, 30, 30]
    report = eng.add_downtime(day_down(0), MONDAY)
    assert [(m.number, m.was) for m in report.appended] == [(5, 1)]
    booked = fractions(eng, "a")
    assert [minutes for _, _, minutes in booked] == [40, 30, 30, 30, 30]
    assert booked[0][1] == datetime(2026, 11, 3, 10, 0, tzinfo=TZ)  # extended in place: its time was free after it
    assert report.moved == ()


def test_a_new_first_fraction_with_no_room_to_grow_moves_nearest_its_time_and_is_reported():
    eng = engine(linac("Linac 1"), linac("Tomo", group="T"))
    eng.book_best(need("a", count=5, minutes=30, preferred_machine="Linac 1", preferred_time=time(10, 0)), MONDAY)
    eng.book_best(need("b", count=1, minutes=20, earliest=MONDAY + timedelta(days=1), preferred_machine="Linac 1",
                       preferred_time=time(10, 30)), MONDAY)  # right after the second fraction on Tuesday
    report = eng.add_downtime(day_down(0), MONDAY)
    booked = fractions(eng, "a")
    assert [minutes for _, _, minutes in booked] == [40, 30, 30, 30, 30]
    first = booked[0][1]
    assert first.date() == MONDAY + timedelta(days=1) and first != datetime(2026, 11, 3, 10, 0, tzinfo=TZ)
    assert [(m.number, m.was, m.how, local(m.to_start)) for m in report.moved] == [(1, 2, FIRST_SET_UP, first)]
    assert local(report.moved[0].from_start) == datetime(2026, 11, 3, 10, 0, tzinfo=TZ)


def test_a_later_day_lost_changes_no_length():
    eng = engine(linac("Linac 1"), linac("Tomo", group="T"))
    eng.book_best(need("a", count=5, minutes=30, preferred_machine="Linac 1", preferred_time=time(10, 0)), MONDAY)
    eng.add_downtime(day_down(2), MONDAY)
    assert [(n, minutes) for n, _, minutes in fractions(eng, "a")] == [(1, 40), (2, 30), (3, 30), (4, 30), (5, 30)]
