"""The nightly re-optimisation keeps what the patient was told: a course that can start earlier
keeps its daily time (then its machine, then its beam-matched group) wherever the new start day
has such a placement, rather than taking another time on its own machine."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from planner.booking.engine import BookingEngine
from planner.booking.model import BookableMachine, BookingPolicy, CourseNeed, SessionNeed
from planner.booking.reoptimise import reoptimise
from planner.core.clinic import ClinicCalendar
from planner.core.department import Downtime
from planner.core.kinds import AppointmentKind

TZ = ZoneInfo("Europe/London")
SUNDAY = date(2026, 11, 22)
READY = date(2026, 11, 30)  # a Monday
A_WEEK_LATER = date(2026, 12, 7)
LONG_DAY = {d: (time(8, 0), time(18, 0)) for d in range(4)} | {4: (time(8, 0), time(16, 0))}


def engine(*downtime: Downtime, hours: dict[int, tuple[time, time]] = LONG_DAY) -> BookingEngine:
    """Two beam-matched linacs open `hours` (default 08:00-18:00, Friday to 16:00) on a 10-minute grid."""
    machines = [BookableMachine("Linac 1", "A", frozenset(), hours, 10),
                BookableMachine("Linac 2", "A", frozenset(), hours, 10)]
    held = BookingEngine(machines, ClinicCalendar(), TZ, BookingPolicy(urgent_reserve=0.0))
    for down in downtime:
        held.add_downtime(down, SUNDAY)
    return held


def need(prefer: time | None = None) -> CourseNeed:
    """Fifteen daily fractions, the first 30 minutes (set-up and imaging), the rest 20."""
    sessions = tuple(SessionNeed(n, 30 if n == 1 else 20, 0 if n == 1 else 1) for n in range(1, 16))
    return CourseNeed("kim", sessions, earliest=READY, preferred_time=prefer, patient="Kim Wu")


def down(machine: str, start: datetime, end: datetime, reason: str) -> Downtime:
    return Downtime(machine, start, end, reason)


def fractions(held: BookingEngine) -> list[tuple[str, datetime]]:
    return sorted(((b.machine, b.start.astimezone(TZ)) for b in held.bookings("kim") if b.kind is AppointmentKind.FRACTION),
                  key=lambda item: item[1])


def test_a_course_freed_from_downtime_starts_on_its_ready_day_at_the_time_it_was_told():
    # Booked while both linacs were down all of the ready week: from Monday 7 December at 10:00.
    week = [down(name, datetime(2026, 11, 30, 8, 0, tzinfo=TZ), datetime(2026, 12, 5, 0, 0, tzinfo=TZ), "service")
            for name in ("Linac 1", "Linac 2")]
    booked = engine(*week)
    proposal = booked.book_best(need(time(10, 0)), SUNDAY)
    assert (proposal.first, proposal.time) == (A_WEEK_LATER, time(10, 0))
    told_machine = proposal.machine
    other = "Linac 2" if told_machine == "Linac 1" else "Linac 1"
    # The service downtime is taken off; the told machine keeps a morning's QA on Wednesday 2 December,
    # so on it 10:00 is not free all course, while the other, beam-matched linac is free at 10:00 every day.
    qa = down(told_machine, datetime(2026, 12, 2, 8, 0, tzinfo=TZ), datetime(2026, 12, 2, 12, 0, tzinfo=TZ), "QA")
    freed = engine(qa)
    freed.restore(need(), booked.bookings("kim"), told_machine, time(10, 0))

    result = reoptimise(freed, SUNDAY)

    assert [(c.from_first, c.to_first) for c in result.changes] == [(A_WEEK_LATER, READY)]
    change = result.changes[0]
    assert (change.to_time, change.to_machine) == (time(10, 0), other)
    assert (change.wait_before, change.wait_after) == (5, 0)
    placed = fractions(freed)
    assert len(placed) == 15 and placed[0] == (other, datetime(2026, 11, 30, 10, 0, tzinfo=TZ))
    assert all(machine == other and start.time() == time(10, 0) for machine, start in placed)
    assert freed.placement("kim") == (other, time(10, 0))


def test_a_course_keeps_its_machine_too_when_the_told_time_is_free_on_it():
    week = [down(name, datetime(2026, 11, 30, 8, 0, tzinfo=TZ), datetime(2026, 12, 5, 0, 0, tzinfo=TZ), "service")
            for name in ("Linac 1", "Linac 2")]
    booked = engine(*week)
    proposal = booked.book_best(need(time(10, 0)), SUNDAY)
    freed = engine()
    freed.restore(need(), booked.bookings("kim"), proposal.machine, time(10, 0))

    result = reoptimise(freed, SUNDAY)

    assert [(c.to_first, c.to_machine, c.to_time) for c in result.changes] == [(READY, proposal.machine, time(10, 0))]
    assert fractions(freed)[0] == (proposal.machine, datetime(2026, 11, 30, 10, 0, tzinfo=TZ))
    assert fractions(freed)[-1][1].date() == READY + timedelta(days=18)
