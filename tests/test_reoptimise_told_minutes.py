"""The nightly re-optimisation keeps a told daily time that is not on the hour (10:30, 17:30): a
course that can start earlier keeps it to the minute, on another machine of its group when its own
is taken at that time, rather than take the engine's own choice of time."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest

from planner.booking.engine import BookingEngine
from planner.booking.model import CourseNeed, SessionNeed
from planner.booking.reoptimise import reoptimise
from planner.core.department import Downtime
from tests.test_reoptimise_told_time import A_WEEK_LATER, READY, SUNDAY, TZ, engine, fractions, need

EVENINGS = {d: (time(8, 0), time(19, 0)) for d in range(5)}


def department(*downtime: Downtime) -> BookingEngine:
    """Two beam-matched linacs open 08:00-19:00 on a 10-minute grid."""
    return engine(*downtime, hours=EVENINGS)


def booked_a_week_late(told: time) -> tuple[BookingEngine, str]:
    """Booked while both linacs were down all of the ready week: from Monday 7 December at `told`."""
    week = [Downtime(name, datetime(2026, 11, 30, 8, 0, tzinfo=TZ), datetime(2026, 12, 5, 0, 0, tzinfo=TZ), "service")
            for name in ("Linac 1", "Linac 2")]
    booked = department(*week)
    proposal = booked.book_best(need(told), SUNDAY)
    assert (proposal.first, proposal.time) == (A_WEEK_LATER, told)
    return booked, proposal.machine


@pytest.mark.parametrize("told", [time(10, 30), time(17, 30), time(8, 50)])
def test_a_course_that_starts_earlier_keeps_its_told_time_and_machine_to_the_minute(told: time):
    booked, machine = booked_a_week_late(told)
    freed = department()  # nothing in the way any more
    freed.restore(need(), booked.bookings("kim"), machine, told)

    result = reoptimise(freed, SUNDAY)

    assert [(c.to_first, c.to_machine, c.to_time) for c in result.changes] == [(READY, machine, told)]
    placed = fractions(freed)
    assert placed[0] == (machine, datetime.combine(READY, told, tzinfo=TZ))
    assert all(start.time() == told for _, start in placed) and placed[-1][1].date() == READY + timedelta(days=18)


@pytest.mark.parametrize("told", [time(10, 30), time(17, 30)])
def test_a_course_keeps_its_told_time_on_the_other_linac_when_its_own_is_taken_then(told: time):
    booked, machine = booked_a_week_late(told)
    other = "Linac 2" if machine == "Linac 1" else "Linac 1"
    # The told machine is held for QA around the told time on Wednesday 2 December.
    around = datetime.combine(READY + timedelta(days=2), told, tzinfo=TZ)
    freed = department(Downtime(machine, around - timedelta(hours=1), around + timedelta(hours=1), "QA"))
    freed.restore(need(), booked.bookings("kim"), machine, told)

    result = reoptimise(freed, SUNDAY)

    assert [(c.to_first, c.to_machine, c.to_time) for c in result.changes] == [(READY, other, told)]
    assert all(name == other and start.time() == told for name, start in fractions(freed))


def test_a_course_keeps_its_told_time_and_machine_with_one_session_ten_minutes_early_around_another_course():
    """Another course holds the told machine from 10:40 on Tuesday 1 December: the course told 10:30
    starts on its ready day on its own machine at 10:30, Tuesday's session at 10:20 (the same time
    within the department's 15 minutes), rather than move that course or go to the other linac."""
    booked, machine = booked_a_week_late(time(10, 30))
    freed = department()
    tuesday = freed.book_best(CourseNeed("other", (SessionNeed(1, 20, 0),), earliest=READY + timedelta(days=1),
                                         preferred_machine=machine, preferred_time=time(10, 40)), SUNDAY)
    assert (tuesday.machine, tuesday.time) == (machine, time(10, 40))
    held = freed.bookings("other")
    freed.restore(need(), booked.bookings("kim"), machine, time(10, 30))

    result = reoptimise(freed, SUNDAY)

    assert [(c.course_id, c.to_first, c.to_machine, c.to_time) for c in result.changes] == [("kim", READY, machine, time(10, 30))]
    assert freed.bookings("other") == held
    placed = fractions(freed)
    assert placed[1] == (machine, datetime.combine(READY + timedelta(days=1), time(10, 20), tzinfo=TZ))
    assert all(name == machine and start.time() == time(10, 30) for name, start in placed[:1] + placed[2:])
