"""Invariants of the booking engine on the nights the clocks change, over zones that change at
different hours and by different amounts (an hour at 02:00 or 03:00, half an hour on Lord Howe
Island, at midnight in Santiago), machines open through the night and daily times around the change:
every booking inside its machine's hours as the wall clock reads them on its own local day, none
held in the second run of a repeated hour or over a change, none overlapping another on its machine
or its downtime; also after downtime that night re-books what it hit, and after a nightly
re-optimisation re-places the courses not yet started."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.booking.engine import BookingEngine
from planner.booking.model import BookableMachine, BookingPolicy, CourseNeed, SessionNeed
from planner.booking.reoptimise import reoptimise
from planner.core.clinic import ClinicCalendar
from planner.core.department import Downtime
from planner.core.wall_clock import first_showing

ZONES = ("Europe/Amsterdam", "America/New_York", "Australia/Lord_Howe", "America/Santiago", "Europe/London")
EVERY_DAY = frozenset(range(7))


def _change_days(zone: ZoneInfo, year: int) -> list[date]:
    """The local days of `year` on which the zone's clocks change."""
    days = []
    day = date(year, 1, 1)
    while day.year == year:
        start = datetime.combine(day, time(0), tzinfo=zone)
        end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=zone)
        if start.utcoffset() != end.utcoffset():
            days.append(day)
        day += timedelta(days=1)
    return days


NIGHTS = [(key, night) for key in ZONES for night in _change_days(ZoneInfo(key), 2027)]


@st.composite
def nights(draw: st.DrawFn) -> tuple[BookingEngine, list[CourseNeed], date, list[tuple[str, time, int]], bool]:
    key, night = draw(st.sampled_from(NIGHTS))
    machines = []
    for index in range(draw(st.integers(1, 3))):
        opens = draw(st.integers(0, 18)) * 10  # 00:00 to 03:00
        closes = draw(st.integers(21 * 6, 24 * 6 - 1)) * 10  # 21:00 to 23:50
        hours = {weekday: (time(opens // 60, opens % 60), time(closes // 60, closes % 60)) for weekday in range(7)}
        machines.append(BookableMachine(f"M{index}", "A", frozenset(), hours, draw(st.sampled_from((0, 10, 15)))))
    engine = BookingEngine(machines, ClinicCalendar(treatment_days=EVERY_DAY), ZoneInfo(key),
                           BookingPolicy(urgent_reserve=0.0))
    needs = []
    for serial in range(draw(st.integers(1, 14))):
        minutes = draw(st.sampled_from((10, 15, 20, 30)))
        count = draw(st.integers(1, 5))
        sessions = tuple(SessionNeed(n, minutes + (10 if n == 1 else 0), 0 if n == 1 else 1, False) for n in range(1, count + 1))
        daily = draw(st.integers(0, 5 * 6)) * 10 if draw(st.integers(0, 4)) else draw(st.integers(20 * 6, 24 * 6 - 1)) * 10
        needs.append(CourseNeed(f"c{serial}", sessions, earliest=night - timedelta(days=draw(st.integers(0, count))),
                                preferred_time=time(daily // 60, daily % 60), urgent=draw(st.integers(0, 5)) == 0))
    down = [(draw(st.sampled_from(machines)).name, time(draw(st.integers(0, 3)), draw(st.sampled_from((0, 30)))),
             draw(st.integers(1, 6)) * 30) for _ in range(draw(st.integers(0, 2)))]
    return engine, needs, night, down, draw(st.booleans())


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(nights())
def test_every_booking_on_a_clock_change_night_is_inside_its_hours_on_the_wall_clock(case):
    engine, needs, night, down, reoptimised = case
    tz = engine.tz
    hours = {m.name: m.hours for m in engine.machines}
    today = night - timedelta(days=10)
    for need in needs:
        engine.book_best(need, today)
    for machine, clock, minutes in down:  # announced the day before: what it hits is re-booked
        start = first_showing(night, clock, tz)
        engine.add_downtime(Downtime(machine, start, start + timedelta(minutes=minutes)), night - timedelta(days=1))
    if reoptimised:
        reoptimise(engine, night - timedelta(days=3), days=5, solver_time=0.2)
    downtime = [(d.machine, d.start.timestamp(), d.end.timestamp()) for d in engine.downtime()]
    held: dict[str, list[tuple[datetime, datetime]]] = defaultdict(list)
    for course_id in engine.booked_courses():
        for booking in engine.bookings(course_id):
            start, end = booking.start.astimezone(tz), booking.end.astimezone(tz)
            opens, closes = hours[booking.machine][start.weekday()]
            assert end.date() == start.date(), booking
            assert opens <= start.time().replace(tzinfo=None) and end.time().replace(tzinfo=None) <= closes, booking
            assert start.fold == 0 and end.fold == 0, booking  # nothing in the second run of a repeated hour
            assert start.utcoffset() == end.utcoffset(), booking  # nothing over a change
            assert (end - start) == (booking.end.astimezone(ZoneInfo("UTC")) - booking.start.astimezone(ZoneInfo("UTC")))
            held[booking.machine].append((start, end))
            assert not any(m == booking.machine and a < end.timestamp() and start.timestamp() < b for m, a, b in downtime)
    for spans in held.values():
        spans.sort(key=lambda span: span[0].timestamp())
        for (_, end), (start, _) in zip(spans, spans[1:], strict=False):
            assert end.timestamp() <= start.timestamp(), (end, start)


def test_the_nights_drawn_from_include_every_kind_of_change():
    """Half-hour changes, changes at midnight and both directions are among the nights drawn."""
    moved = set()
    for key, night in NIGHTS:
        zone = ZoneInfo(key)
        start = datetime.combine(night, time(0), tzinfo=zone)
        end = datetime.combine(night + timedelta(days=1), time(0), tzinfo=zone)
        moved.add(int((end.utcoffset() - start.utcoffset()).total_seconds() // 60))  # type: ignore[operator]
    assert moved == {60, -60, 30, -30}
    assert len(NIGHTS) == 2 * len(ZONES)
