"""What a booking's write reads. The test of what a new booking overlaps (`bookings.held_time`), read by machine in
spans of time with one statement of a single shape, finds exactly the stored bookings that hold time (not released)
and overlap one of the wanted bookings on its machine, none left out (`leaving_out`), on both databases: compared with
every stored booking tested one by one, over random stored days (back-to-back sessions, long ones reaching into the
next day, released ones lying over held ones) and random wanted bookings (daily, weekly, scattered, overlapping one
another, on several machines at once). Booking a course that holds nothing drops nothing and reads the machines once."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import insert, select

from planner.core.kinds import AppointmentKind
from planner.store.db import Store
from planner.store.db import bookings as db
from planner.store.db.department_rows import machine_ids

from .booking_scenario import stock

FIRST = datetime(2030, 3, 4, 7, 0, tzinfo=UTC)  # a Monday
WEEKS = 6


def stored_days(rng: random.Random, machines: list[int]) -> list[dict[str, object]]:
    """Held bookings that never overlap on a machine (as both databases keep them), and released ones anywhere."""
    rows: list[dict[str, object]] = []
    number = 0
    for machine_id in machines:
        at = FIRST - timedelta(hours=rng.randint(0, 30))
        while at < FIRST + timedelta(weeks=WEEKS):
            length = timedelta(hours=rng.randint(2, 23)) if rng.random() < 0.02 else timedelta(minutes=rng.randint(5, 45))
            number += 1
            rows.append({"course_id": "course-prostate", "kind": AppointmentKind.FRACTION.value, "number": number,
                         "machine_id": machine_id, "starts_at": at, "ends_at": at + length, "released": False})
            if rng.random() < 0.08:  # a released session over whatever is there
                number += 1
                start = at + timedelta(minutes=rng.randint(-30, 30))
                rows.append({"course_id": "course-prostate", "kind": AppointmentKind.FRACTION.value, "number": number,
                             "machine_id": machine_id, "starts_at": start, "ends_at": start + timedelta(minutes=20),
                             "released": True})
            gap = timedelta(hours=rng.randint(10, 60)) if rng.random() < 0.05 else timedelta(minutes=rng.choice((0, 0, 0, 5, 20)))
            at += length + gap
    return rows


def wanted(rng: random.Random, machines: list[int], names: dict[int, str]) -> list[tuple[db.Booking, int]]:
    start = FIRST + timedelta(days=rng.randint(-2, 7 * WEEKS), minutes=rng.randrange(0, 24 * 60, 5))
    step = rng.choice((timedelta(days=1), timedelta(days=2), timedelta(days=7), timedelta(minutes=25), None))
    found = []
    for number in range(rng.randint(1, 25)):
        machine_id = rng.choice(machines) if rng.random() < 0.3 or not found else found[-1][1]
        at = start + step * number if step is not None else FIRST + timedelta(minutes=rng.randrange(-600, WEEKS * 7 * 24 * 60, 5))
        length = timedelta(minutes=rng.randint(5, 90))
        found.append((db.Booking("course-breast", AppointmentKind.FRACTION, number + 1, names[machine_id], at, at + length), machine_id))
    return found


def one_by_one(stored: list[tuple[int, int, datetime, datetime, bool]], tests: list[tuple[db.Booking, int]],
               skip: set[int]) -> list[tuple[int, datetime, datetime]]:
    return sorted((machine_id, starts, ends) for row_id, machine_id, starts, ends, released in stored
                  if not released and row_id not in skip
                  and any(m == machine_id and starts < b.end and b.start < ends for b, m in tests))


@pytest.mark.parametrize("seed", [1, 2])
def test_held_time_finds_every_overlapping_booking_and_no_other(store_url: str, seed: int) -> None:
    rng = random.Random(seed)
    with Store.open(stock(store_url)) as store:
        with db.writing(store.engine, store.display_url) as connection:
            ids = machine_ids(connection)
            names = {machine_id: name for name, machine_id in ids.items()}
            machines = sorted(names)[:3]
            connection.execute(insert(db.bookings), stored_days(rng, machines))
        with store.engine.connect() as connection:
            stored = [(r.id, r.machine_id, r.starts_at, r.ends_at, r.released) for r in connection.execute(
                select(db.bookings.c.id, db.bookings.c.machine_id, db.bookings.c.starts_at, db.bookings.c.ends_at,
                       db.bookings.c.released))]
            hits = 0
            for _ in range(120):
                tests = wanted(rng, machines, names)
                skip = set(rng.sample([row[0] for row in stored], 3)) if rng.random() < 0.3 else set()
                expected = one_by_one(stored, tests, skip)
                assert sorted(db.held_time(connection, tests, leaving_out=skip)) == expected
                hits += bool(expected)
            assert 30 < hits < 120  # both answers were asked for often
            long_ones = [row for row in stored if row[3] - row[2] > timedelta(hours=2) and not row[4]]
            assert long_ones  # one reaching far into the time after its start is found from a test hours later
            row_id, machine_id, starts, ends, _ = long_ones[0]
            late = ends - timedelta(minutes=10)
            test = [(db.Booking("course-breast", AppointmentKind.FRACTION, 1, names[machine_id], late, late + timedelta(minutes=5)),
                     machine_id)]
            assert (machine_id, starts, ends) in db.held_time(connection, test)
            assert (machine_id, starts, ends) not in db.held_time(connection, test, leaving_out=[row_id])


def test_spans_read_a_daily_course_at_once_and_a_weekly_course_week_by_week() -> None:
    def booking(day: int) -> tuple[db.Booking, int]:
        start = FIRST + timedelta(days=day, hours=2)
        return db.Booking("c", AppointmentKind.FRACTION, day + 1, "Linac 1", start, start + timedelta(minutes=15)), 7

    daily = [booking(day) for week in range(4) for day in range(week * 7, week * 7 + 5)]
    spans = db._held_spans(daily)
    assert [(m, since, until, len(tests)) for m, since, until, tests in spans] == [
        (7, daily[0][0].start, daily[-1][0].end, 20)]
    weekly = [booking(7 * week) for week in range(5)]
    assert len(db._held_spans(weekly)) == 5
    two_machines = daily[:3] + [(db.Booking("c", AppointmentKind.FRACTION, 99, "Linac 2", daily[1][0].start, daily[1][0].end), 8)]
    assert [(m, len(tests)) for m, _, _, tests in db._held_spans(two_machines)] == [(7, 3), (8, 1)]


def test_booking_a_course_that_holds_nothing_drops_nothing_and_reads_the_machines_once(store_url: str) -> None:
    """The write of a new booking (`BookingDesk.commit`): the course was read to hold no booking inside the same
    transaction, so no statement drops its bookings, and the machines' ids are read once for the bookings and the
    course's machine; what is written is what a booking writes (every fraction, the machine, the trail)."""
    from sqlalchemy import event

    from planner.app.booking import open_desk
    from planner.core.catalogue import load_catalogue
    from planner.resources_path import default_catalogue_path

    with open_desk(stock(store_url), load_catalogue(default_catalogue_path())) as desk:
        answer = desk.propose("course-rectum")
        assert answer.best is not None
        statements: list[str] = []
        event.listen(desk.store.engine, "before_cursor_execute", lambda *args: statements.append(" ".join(args[2].split())))
        desk.commit(answer.best)
        assert not [s for s in statements if s.startswith("DELETE FROM bookings")]
        assert sum(s.startswith("SELECT machines.id, machines.name") for s in statements) == 1
        with desk.store.engine.connect() as connection:
            stored = db.course_bookings(connection, "course-rectum")
            course = db.course_bookings_of(connection, ["course-rectum"])["course-rectum"]
        assert sorted((b.kind, b.number, b.machine, b.start) for b in stored) == sorted(
            (b.kind, b.number, b.machine, b.start) for b in answer.best.bookings)
        assert (course.machine, course.daily_time) == (answer.best.machine, answer.best.time)
