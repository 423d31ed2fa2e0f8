"""Proposing one course reads only the weeks its search reaches, as bare time (issue 13's `book`
under 100 ms): the proposals are exactly those of a read of every stored booking, with downtime,
full days that push fractions, bookings before today and the clock change near the edges of the
blocks it reads; the store's other reads of a window go through the index on the start."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import create_engine, insert, inspect, text

import planner.app.booking as app_booking
from planner.app.booking import BookingDesk, open_desk
from planner.booking.engine import BookingEngine
from planner.booking.model import NO_ROOM, BookableMachine, BookingAnswer
from planner.booking.occupancy import BLOCK_DAYS
from planner.core.catalogue import load_catalogue
from planner.core.department import Booking, Downtime
from planner.core.kinds import AppointmentKind
from planner.resources_path import default_catalogue_path
from planner.store.db import Store
from planner.store.db import bookings as db
from planner.store.db.migrate import head_revision

from .booking_scenario import COURSES, course_spec, stock

LONDON = ZoneInfo("Europe/London")
TODAY = date(2030, 3, 18)
LINACS = ("Linac 1", "Linac 2", "Linac 3")
HOURS = {"Linac 1": (8, 18), "Linac 2": (8, 18), "Linac 3": (8, 18), "CT simulator": (8, 17)}


def block_edges(first: date, last: date) -> list[date]:
    """The first day of each block of days the engine reads at once, between `first` and `last`."""
    return [day for day in (first + timedelta(days=k) for k in range((last - first).days + 1)) if day.toordinal() % BLOCK_DAYS == 0]


def around(edge: date) -> tuple[date, date]:
    """The last weekday before a block edge and the first on or after it."""
    before, after = edge - timedelta(days=1), edge
    while before.weekday() > 4:
        before -= timedelta(days=1)
    while after.weekday() > 4:
        after += timedelta(days=1)
    return before, after


def full_days() -> list[date]:
    """Days with no free minute on any linac: the weekdays on each side of every block edge, so
    that a daily course is pushed across an edge."""
    return [day for edge in block_edges(date(2030, 3, 1), date(2030, 6, 30)) for day in around(edge)]


def seeded(url: str, seed: int = 13) -> str:
    """The golden department with its courses, and about 2,500 stored bookings from early March to
    June: random sessions with gaps, every linac full on the days around each block edge, and
    downtime (a whole day, and a morning over stored bookings, as a department import can leave it)."""
    stock(url)
    with Store.open(url) as store:
        for machine in (*LINACS, "CT simulator"):
            store.save_course(course_spec(f"filler-{machine}", f"Filler {machine}", f"F-{machine}", "prostate", "20-daily", None))
        calendar = store.department().clinic_calendar()  # type: ignore[union-attr]
        ids = store.machine_ids()
    chance = random.Random(seed)
    full = set(full_days())
    rows = []
    for machine, (opens, closes) in HOURS.items():
        number = 0
        day = date(2030, 3, 1)
        while day <= date(2030, 6, 30):
            if calendar.is_open(day):
                cursor = datetime.combine(day, time(opens), tzinfo=LONDON)
                end_of_day = datetime.combine(day, time(16 if machine == "Linac 2" and day.weekday() == 4 else closes), tzinfo=LONDON)
                packed = day in full and machine in LINACS
                while True:
                    if not packed:
                        cursor += timedelta(minutes=5 * chance.randint(0, 12))
                    length = timedelta(minutes=5 * chance.randint(2, 6))
                    if cursor + length > end_of_day:
                        break
                    number += 1
                    rows.append({"course_id": f"filler-{machine}", "kind": "fraction", "number": number, "machine_id": ids[machine],
                                 "starts_at": cursor, "ends_at": cursor + length})
                    cursor += length
            day += timedelta(days=1)
    down = [Downtime("Linac 1", datetime(2030, 4, 16, 0, 0, tzinfo=LONDON), datetime(2030, 4, 17, 0, 0, tzinfo=LONDON), "service"),
            Downtime("Linac 3", datetime(2030, 3, 26, 8, 0, tzinfo=LONDON), datetime(2030, 3, 26, 11, 0, tzinfo=LONDON), "fault")]
    with Store.open(url) as store, db.writing(store.engine, store.display_url) as connection:
        connection.execute(insert(db.bookings), rows)  # as stored data: the desk must read it, whatever wrote it
        for item in down:
            db.record_downtime(connection, item, store.user)
    return url


def full_read(desk: BookingDesk) -> BookingEngine:
    """The engine as proposing built it before the windowed read: every booking ending after today,
    held after the downtime."""
    engine = BookingEngine([BookableMachine.from_machine(m) for m in desk.department.machines],
                           desk.department.clinic_calendar(desk.holidays), desk.zone)
    since = datetime.combine(desk.today, time(0), tzinfo=desk.zone)
    for down in desk.department.downtime:
        if down.end > since:
            engine.add_downtime(down, desk.today)
    with desk.store.engine.connect() as connection:
        stored = db.all_bookings(connection, since)
    engine.occupy(Booking(b.course_id, b.kind, b.number, b.machine, b.start, b.end) for b in stored)
    return engine


def both(desk: BookingDesk, course_id: str, **options: object) -> tuple[BookingAnswer, BookingAnswer]:
    windowed = desk.propose(course_id, **options)  # type: ignore[arg-type]
    row = desk._rows([course_id])[course_id]
    need = desk._need(row, **options)  # type: ignore[arg-type]
    return windowed, full_read(desk).propose(need, desk.today)


@pytest.fixture(scope="module")
def seeded_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return seeded(f"sqlite:///{tmp_path_factory.mktemp('window') / 'department.db'}")


@pytest.fixture
def desk(seeded_url: str):
    with open_desk(seeded_url, load_catalogue(default_catalogue_path())) as opened:
        opened.today = TODAY
        yield opened


EDGES = block_edges(TODAY, date(2030, 6, 1))
STARTS = sorted({TODAY, date(2030, 3, 29), date(2030, 4, 1), *(d for e in EDGES for d in (e - timedelta(days=3), e - timedelta(days=1), e))})


@pytest.mark.parametrize("earliest", STARTS, ids=str)
@pytest.mark.parametrize("course_id", [c[0] for c in COURSES])
def test_the_windowed_read_proposes_exactly_what_a_full_read_does(desk, course_id, earliest):
    windowed, full = both(desk, course_id, earliest=earliest)
    assert windowed == full
    assert windowed.proposals


def test_the_seeded_department_pushes_fractions_across_a_block_edge(desk):
    edge = EDGES[0]
    windowed, full = both(desk, "course-prostate-2", earliest=edge - timedelta(days=5), prefer_time=time(9, 0))
    assert windowed == full
    pushed = {p.day for p in windowed.proposals[0].pushed if p.reason == NO_ROOM}
    assert set(around(edge)) <= pushed  # full days on both sides of the edge, and yet the same plan


def test_preferences_urgency_and_a_machine_give_the_same_proposals(desk):
    for options in ({"earliest": date(2030, 4, 14), "machine": "Linac 2"}, {"urgent": True},
                    {"earliest": EDGES[1] - timedelta(days=2), "prefer_time": time(17, 30)}):
        windowed, full = both(desk, "course-prostate-2", **options)
        assert replace(windowed, urgent_due=None) == full, options  # the desk adds an urgent course's due day


def test_only_the_blocks_the_search_reaches_are_read(desk, monkeypatch):
    asked: list[tuple[datetime, datetime]] = []
    real = db.booked_time

    def counting(connection, start, end, since=None, *, courses=True):
        asked.append((start, end))
        assert not courses  # whose time it is, the search never asks
        return real(connection, start, end, since, courses=courses)

    monkeypatch.setattr(app_booking.db, "booked_time", counting)
    answer = desk.propose("course-spine", earliest=date(2030, 5, 6))  # five fractions
    assert answer.proposals
    assert 1 <= len(asked) <= 2 and len(set(asked)) == len(asked)  # each block once
    assert all(start.astimezone(LONDON).time() == time(0) for start, _ in asked)  # local midnights
    assert min(start for start, _ in asked) > datetime(2030, 4, 1, tzinfo=UTC)  # not March, not June
    assert max(end for _, end in asked) < datetime(2030, 6, 15, tzinfo=UTC)


def test_bare_time_is_whole_epoch_seconds_with_fractions_dropped(store_url):
    """(SQLite's unixepoch() keeps milliseconds: a fraction within half a millisecond of the next second reads as that
    one; see test_booked_time_epoch.py.)"""
    url = stock(store_url)
    with Store.open(url) as store:
        ids = store.machine_ids()
        start = datetime(2030, 3, 26, 9, 0, 59, 999_000, tzinfo=LONDON)
        with db.writing(store.engine, store.display_url) as connection:
            connection.execute(insert(db.bookings), [{"course_id": "course-lung", "kind": "fraction", "number": 1,
                                                      "machine_id": ids["Linac 1"], "starts_at": start,
                                                      "ends_at": start + timedelta(minutes=15, microseconds=1_001)}])
        with store.engine.connect() as connection:
            found = db.booked_time(connection, datetime(2030, 3, 26, tzinfo=UTC), datetime(2030, 3, 27, tzinfo=UTC))
            outside = db.booked_time(connection, datetime(2030, 3, 27, tzinfo=UTC), datetime(2030, 3, 28, tzinfo=UTC))
    assert [tuple(r) for r in found] == [(ids["Linac 1"], int(start.timestamp()), int((start + timedelta(minutes=15)).timestamp()) + 1,
                                           "course-lung")]
    assert list(outside) == []


def test_a_booking_over_midnight_shows_on_both_days_and_one_longer_than_a_day_is_refused(tmp_path):
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    late = datetime(2030, 3, 25, 23, 0, tzinfo=LONDON)
    with Store.open(url) as store:
        ids = store.machine_ids()
        with db.writing(store.engine, store.display_url) as connection:  # as an old store may hold it: the machines close at 18:00 now
            connection.execute(insert(db.bookings), [{"course_id": "course-lung", "kind": "fraction", "number": 1, "machine_id": ids["Linac 1"],
                                                      "starts_at": late, "ends_at": late + timedelta(hours=2)}])
        with pytest.raises(ValueError, match="at most 24 hours"), db.writing(store.engine, store.display_url) as connection:
            db.place(connection, [db.Booking("course-lung", AppointmentKind.FRACTION, 2, "Linac 1", late + timedelta(days=2),
                                                   late + timedelta(days=3, minutes=1))])
        with store.engine.connect() as connection:
            for day in (date(2030, 3, 25), date(2030, 3, 26)):
                start = datetime.combine(day, time(0), tzinfo=LONDON)
                assert [b.number for b in db.bookings_between(connection, start, start + timedelta(days=1))] == [1]
            assert db.bookings_between(connection, datetime(2030, 3, 26, 1, 0, tzinfo=LONDON), datetime(2030, 3, 27, tzinfo=LONDON)) == []
        # The overlap test looks back a day.
        with pytest.raises(db.SlotTaken, match="by another booking"), db.writing(store.engine, store.display_url) as writer:
            db.place(writer, [db.Booking("course-lung", AppointmentKind.FRACTION, 3, "Linac 1",
                                               late + timedelta(hours=1, minutes=45), late + timedelta(hours=3))])


def test_the_agenda_of_a_day_reads_it_through_the_index_on_the_start(seeded_url):
    engine = create_engine(seeded_url.replace("sqlite:///", "sqlite+pysqlite:///"))
    try:
        with engine.connect() as connection:
            query = db._select().where(db.bookings.c.starts_at < datetime(2030, 4, 2, tzinfo=UTC),
                                       db.bookings.c.starts_at > datetime(2030, 3, 31, tzinfo=UTC),
                                       db.bookings.c.ends_at > datetime(2030, 4, 1, tzinfo=UTC))
            compiled = query.compile(connection, compile_kwargs={"literal_binds": True})
            plan = " ".join(str(row[-1]) for row in connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}"))
    finally:
        engine.dispose()
    assert "ix_bookings_start" in plan, plan


def test_a_database_with_bookings_at_revision_0003_is_upgraded_to_the_index(store_url):
    from alembic import command

    from planner.store.db.migrate import _config

    url = stock(store_url)
    with open_desk(url, load_catalogue(default_catalogue_path())) as desk:
        desk.today = TODAY
        desk.commit(desk.propose("course-prostate", earliest=date(2030, 3, 25)).proposals[0])
    engine = create_engine(url.replace("sqlite:///", "sqlite+pysqlite:///"))
    try:
        with engine.connect() as connection:
            command.downgrade(_config(connection), "0003")  # as a planner of the last release left it
            connection.commit()
            assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0003"
            assert "ix_bookings_start" not in {i["name"] for i in inspect(connection).get_indexes("bookings")}
    finally:
        engine.dispose()
    with Store.open(url) as store:  # upgrades on the way
        assert store.revision() == head_revision() >= "0004"
        with store.engine.connect() as connection:
            indexes = {i["name"]: i["column_names"] for i in inspect(connection).get_indexes("bookings")}
            kept = connection.execute(text("SELECT count(*) FROM bookings")).scalar()
    assert indexes["ix_bookings_start"] == ["starts_at", "ends_at", "machine_id", "course_id", "released"]  # 0012: with released
    assert kept == 20  # twenty fractions (no planning scan in its spec)
    with open_desk(url, load_catalogue(default_catalogue_path())) as desk:
        desk.today = TODAY
        answer = desk.propose("course-prostate-2", earliest=date(2030, 3, 25))
        windowed_free = {(b.machine, b.start) for p in answer.proposals for b in p.bookings}
        with desk.store.engine.connect() as connection:
            held = db.all_bookings(connection)
        assert not any(b.machine == m and b.start == s for b in held for m, s in windowed_free)
        assert answer == full_read(desk).propose(desk._need(desk._rows(["course-prostate-2"])["course-prostate-2"],
                                                            earliest=date(2030, 3, 25)), desk.today)


def test_the_windowed_read_matches_a_full_read_on_each_kind_of_database(store_url):
    url = seeded(store_url, seed=7)
    with open_desk(url, load_catalogue(default_catalogue_path())) as desk:
        desk.today = TODAY
        for course_id, earliest in (("course-prostate-2", EDGES[0] - timedelta(days=4)), ("course-lung", EDGES[1] - timedelta(days=1)),
                                    ("course-rectum", None), ("course-breast", date(2030, 3, 29))):
            windowed, full = both(desk, course_id, earliest=earliest)
            assert windowed == full, course_id


def test_time_read_by_blocks_lands_on_the_same_machine_days_as_time_held_at_once():
    """Every day of the week, both clock changes, sessions just before and after local midnight:
    each block's bookings go to their local day, none left out, none twice."""
    from planner.core.clinic import ClinicCalendar

    every_day = {d: (time(0, 0), time(23, 59)) for d in range(7)}
    machines = [BookableMachine(name=f"Linac {n}", group="a", capabilities=frozenset({"vmat"}), hours=every_day) for n in (1, 2)]
    calendar = ClinicCalendar(treatment_days=frozenset(range(7)))
    chance = random.Random(3)
    stored: list[Booking] = []
    for machine in ("Linac 1", "Linac 2"):
        cursor = datetime(2030, 3, 1, 0, 0, tzinfo=UTC)
        number = 0
        while cursor < datetime(2030, 11, 15, tzinfo=UTC):
            cursor += timedelta(minutes=chance.choice((5, 30, 55, 120, 600)))
            length = timedelta(minutes=chance.choice((5, 15, 45)))
            number += 1
            stored.append(Booking(f"c-{machine}", AppointmentKind.FRACTION, number, machine, cursor, cursor + length))
            cursor += length
    stored.sort(key=lambda b: b.start)
    down = Downtime("Linac 1", datetime(2030, 3, 31, 0, 30, tzinfo=LONDON), datetime(2030, 3, 31, 4, 0, tzinfo=LONDON), "fault")
    at_once = BookingEngine(machines, calendar, LONDON)
    by_blocks = BookingEngine(machines, calendar, LONDON)
    asked: list[tuple[datetime, datetime]] = []

    ids = {"Linac 1": 7, "Linac 2": 3}  # as a store numbers its machines' rows

    def read(start: datetime, end: datetime) -> list[tuple[int, int, int, str]]:
        asked.append((start, end))
        return [(ids[b.machine], int(b.start.timestamp()), int(b.end.timestamp()), b.course_id) for b in stored
                if start <= b.start < end]

    for engine in (at_once, by_blocks):
        engine.add_downtime(down, date(2030, 3, 1))
    at_once.occupy(stored)
    by_blocks.read_stored_time(read, {7: "Linac 1", 3: "Linac 2"})
    day = date(2030, 3, 1)
    while day < date(2030, 11, 15):
        for machine in ("Linac 1", "Linac 2"):
            assert by_blocks.booked_minutes(machine, day) == at_once.booked_minutes(machine, day), (machine, day)
            assert by_blocks.open_minutes(machine, day) == at_once.open_minutes(machine, day), (machine, day)
        day += timedelta(days=1)
    assert len(asked) == len(set(asked)) == len({s.astimezone(LONDON).date() for s, _ in asked})  # each block read once
    assert sum(by_blocks.booked_minutes(m, date(2030, 3, 31)) for m in ("Linac 1", "Linac 2")) > 0
