"""A booked session in the hour the clocks repeat: the window names its machine and the command
line's calendar gives its booked length, as on any other night. Python's `==` between aware
datetimes of different zones is always False when one falls in that hour (PEP 495), so a booked
start (held in UTC) is compared with the schedule's as an instant."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from planner.app.course_booking import BookedAppointment, BookingFacts, at_booked_times, machines_shown, off_booking
from planner.core.kinds import AppointmentKey

from .helpers import plan

LONDON = ZoneInfo("Europe/London")
EVERY_DAY = frozenset(range(7))


def _booked_as_planned(schedule, first_extra_minutes: int = 0) -> BookingFacts:
    """Every appointment booked where the plan has it, its start and end held in UTC as the store
    gives them back; the first fraction booked `first_extra_minutes` longer."""
    held = []
    for appointment in schedule.appointments:
        end = appointment.end + timedelta(minutes=first_extra_minutes if appointment.key == AppointmentKey.fraction(1) else 0)
        held.append(BookedAppointment(appointment.key, "Linac N", appointment.start.astimezone(UTC), end.astimezone(UTC)))
    first = schedule.fractions[0].start
    return BookingFacts("c-1", "Linac N", first.time(), first.date(), tuple(held))


def test_a_session_booked_in_the_repeated_hour_shows_its_machine(catalogue):
    schedule = plan(catalogue, start=date(2027, 10, 25), at=time(1, 30), tz="Europe/London", days=EVERY_DAY)
    change_night = next(a for a in schedule.fractions if a.start.date() == date(2027, 10, 31))
    assert change_night.start.astimezone(UTC) == datetime(2027, 10, 31, 0, 30, tzinfo=UTC)  # the first 01:30, BST
    facts = _booked_as_planned(schedule)
    shown = dict(machines_shown(schedule, facts))
    assert shown.get(change_night.key) == "Linac N"
    assert off_booking(schedule, facts) == 0  # no "shown at another time than booked" notice


def test_a_first_fraction_booked_in_the_repeated_hour_gets_its_booked_length(catalogue):
    schedule = plan(catalogue, start=date(2027, 10, 31), at=time(1, 20), tz="Europe/London", days=EVERY_DAY)
    facts = _booked_as_planned(schedule, first_extra_minutes=10)
    given = at_booked_times(schedule, facts)
    first = given.fractions[0]
    assert first.end - first.start == timedelta(minutes=30)
    assert first.end.astimezone(UTC) == datetime(2027, 10, 31, 0, 50, tzinfo=UTC)
