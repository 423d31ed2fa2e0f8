"""A re-booking report says what kind of appointment each move is: a review moved to another clinic
room by a room's downtime is a review, not a fraction."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from planner.booking.engine import BookingEngine
from planner.booking.model import BookableMachine, BookingPolicy, CourseNeed, ReviewNeed
from planner.booking.needs import daily_sessions
from planner.core.clinic import ClinicCalendar
from planner.core.department import Downtime
from planner.core.kinds import AppointmentKind

TZ = ZoneInfo("Europe/London")
MONDAY = date(2026, 11, 2)
WEEKDAYS = {d: (time(8, 0), time(18, 0)) for d in range(5)}


def test_a_review_moved_by_a_room_s_downtime_is_reported_as_a_review():
    machines = [BookableMachine("Linac 1", "A", frozenset(), WEEKDAYS),
                BookableMachine("Room 1", "rooms", frozenset({"room"}), WEEKDAYS),
                BookableMachine("Room 2", "rooms", frozenset({"room"}), WEEKDAYS)]
    engine = BookingEngine(machines, ClinicCalendar(closures={}), TZ, BookingPolicy(urgent_reserve=0.0))
    need = CourseNeed("a", daily_sessions(5, 15, 10), earliest=MONDAY, reviews=ReviewNeed(2, 15, 15), preferred_time=time(9, 0))
    engine.book_best(need, MONDAY)
    review = next(b for b in engine.bookings("a") if b.kind is AppointmentKind.REVIEW)
    wednesday = MONDAY + timedelta(days=2)
    down = Downtime(review.machine, datetime(2026, 11, 4, 8, tzinfo=TZ), datetime(2026, 11, 4, 18, tzinfo=TZ))
    assert review.start.date() == wednesday
    report = engine.add_downtime(down, MONDAY)
    assert [(m.kind, m.number, m.from_machine, m.how) for m in report.moved] == [(AppointmentKind.REVIEW, 1, review.machine, "same day")]
    assert report.moved[0].to_machine != review.machine
