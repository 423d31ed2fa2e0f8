"""Invariants of a whole-department closure over random departments, arrival streams and downtime: no
booking is left on a closed day, every fraction is re-booked or reported unplaced, numbering stays 1..N,
and every other rule of the engine (hours, downtime, eligibility, spacing, no overlap) still holds."""

from __future__ import annotations

from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.booking.model import FIRST_SET_UP
from planner.core.kinds import AppointmentKind

from .test_booking_properties import START, check_invariants, run, scenarios


def fraction_count(engine, course_id: str) -> int:
    return len([b for b in engine.bookings(course_id) if b.kind is AppointmentKind.FRACTION])


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios(), st.lists(st.integers(0, 25), min_size=1, max_size=4, unique=True))
def test_a_closure_leaves_no_booking_on_its_days_and_keeps_every_invariant(scenario, offsets):
    engine, stream, downtime = scenario
    booked = run(engine, stream, downtime)
    before = {c: fraction_count(engine, c) for c in booked}
    closed = {START + timedelta(days=d): "snow" for d in offsets}
    hit = {(b.course_id, b.start) for day in closed for held in engine.agenda(day).values() for b in held}
    report = engine.close_days(closed, START)
    for day in closed:
        assert not engine.is_open(day)
        assert all(held == () for held in engine.agenda(day).values())
    # the fractions hit, each once; besides them only a fraction that became the first and moved that day for its set-up time
    refitted = [m for m in report.moved if m.how == FIRST_SET_UP]
    assert all(m.number == 1 and m.was > 1 and m.from_start.astimezone(engine.tz).date() == m.to_start.astimezone(engine.tz).date() for m in refitted)
    rebooked = [m for m in report.moved + report.appended if m.how != FIRST_SET_UP]
    assert len(rebooked) + len(report.unplaced) == len(hit)
    assert {(m.course_id, m.from_start) for m in rebooked} | {(u.course_id, u.start) for u in report.unplaced} == hit
    assert set(report.updated_courses) == {course_id for course_id, _ in hit}
    assert not [m for m in report.moved if m.how in ("same day", "end of course")]  # no machine treats on a closed day
    assert sum(before.values()) - sum(fraction_count(engine, c) for c in booked) == len(report.unplaced)
    check_invariants(engine, booked)
