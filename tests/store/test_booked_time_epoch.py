"""The bare time a booking search reads (`booked_time`) gives each stored instant as its UTC epoch second, as Python
counts it, on SQLite (unixepoch() from 3.38, else the Julian day) and PostgreSQL: the clocks' changes, before 1970,
the last second of year 9999, and a fraction of a second (which the planner never writes) within a second of it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import insert, select, text
from sqlalchemy.exc import SQLAlchemyError

from planner.core.department import load_department
from planner.core.spec import CourseSpec
from planner.store.db import Store
from planner.store.db import bookings as db
from planner.store.db import schema as t

from .booking_scenario import DEPARTMENT_FILE

WHOLE = [datetime(2030, 3, 31, 0, 59, 59, tzinfo=UTC), datetime(2030, 3, 31, 1, 0, tzinfo=UTC),  # London's clocks go forward
         datetime(2030, 10, 27, 1, 30, tzinfo=UTC), datetime(1969, 12, 31, 23, 59, 59, tzinfo=UTC),
         datetime(1970, 1, 1, tzinfo=UTC), datetime(2100, 2, 28, 12, 34, 56, tzinfo=UTC),
         datetime(9999, 12, 31, 23, 58, 59, tzinfo=UTC)]
FRACTIONS = [datetime(2030, 3, 25, 8, 30, 0, 999_999, tzinfo=UTC), datetime(2030, 3, 25, 9, 0, 0, 500_000, tzinfo=UTC),
             datetime(9999, 12, 31, 23, 58, 59, 600_000, tzinfo=UTC)]


def epochs(url: str, starts: list[datetime]) -> list[tuple[int, int]]:
    """Store a one-second booking at each of `starts` (straight into the table, on machines in turn) and read them back
    through `booked_time`: (start, end) epoch seconds, by start."""
    with Store.open(url, user="test") as store:
        store.set_department(load_department(DEPARTMENT_FILE))
        store.save_course(CourseSpec(course_id="course-1", patient_name="Ada Okafor", patient_id="H1", site="prostate",
                                     preset="20-daily", start=datetime(2030, 3, 25).date(), tz="Europe/London"))
        with store.engine.begin() as conn:
            machines = [row.id for row in conn.execute(select(t.machines.c.id).order_by(t.machines.c.id))]
            conn.execute(insert(db.bookings), [
                {"course_id": "course-1", "kind": "fraction", "number": n + 1, "machine_id": machines[n % len(machines)],
                 "starts_at": start, "ends_at": start + timedelta(seconds=1), "released": False}
                for n, start in enumerate(sorted(starts))])
        with store.engine.connect() as conn:
            rows = db.booked_time(conn, datetime(1900, 1, 1, tzinfo=UTC), datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC))
    return [(start, end) for _, start, end, _ in rows]


def test_whole_seconds_read_as_python_counts_them(store_url: str) -> None:
    assert epochs(store_url, WHOLE) == [(int(s.timestamp()), int(s.timestamp()) + 1) for s in sorted(WHOLE)]


def test_a_fraction_of_a_second_reads_within_a_second(store_url: str) -> None:
    for (start, end), given in zip(epochs(store_url, FRACTIONS), sorted(FRACTIONS), strict=True):
        whole = int(given.timestamp())  # the fraction dropped
        assert start in (whole, whole + 1) and end in (whole + 1, whole + 2) and end - start == 1


@pytest.mark.parametrize("version", [(3, 37, 2), (3, 40, 1)])
def test_both_ways_of_sqlite_read_as_python_counts(tmp_path, monkeypatch: pytest.MonkeyPatch, version: tuple[int, int, int]) -> None:
    """Before 3.38 the Julian day; from 3.38 unixepoch(): the same seconds."""
    import sqlite3

    if version >= (3, 38) and sqlite3.sqlite_version_info < (3, 38):
        pytest.skip("this SQLite has no unixepoch()")
    monkeypatch.setattr(sqlite3, "sqlite_version_info", version)
    assert epochs(f"sqlite:///{tmp_path / 'whole.db'}", WHOLE) == [(int(s.timestamp()), int(s.timestamp()) + 1) for s in sorted(WHOLE)]
    for (start, _), given in zip(epochs(f"sqlite:///{tmp_path / 'fractions.db'}", FRACTIONS), sorted(FRACTIONS), strict=True):
        assert start - int(given.timestamp()) in ((0,) if version < (3, 38) else (0, 1))  # the Julian day drops it


def test_a_read_that_fails_is_raised_as_sqlalchemy_raises_it(store_url: str) -> None:
    """PostgreSQL's rows come through the driver's own binary cursor: its failure still reaches the store's callers as
    SQLAlchemy's error (which they name as the database's trouble), not as the driver's, and the connection goes on."""
    with Store.open(store_url, user="test") as store, store.engine.connect() as conn:
        conn.execute(text("DROP TABLE bookings"))  # inside this transaction only: rolled back below
        with pytest.raises(SQLAlchemyError, match="bookings"):
            db.booked_time(conn, datetime(2030, 1, 1, tzinfo=UTC), datetime(2030, 2, 1, tzinfo=UTC))
        conn.rollback()
        assert list(db.booked_time(conn, datetime(2030, 1, 1, tzinfo=UTC), datetime(2030, 2, 1, tzinfo=UTC))) == []


def test_ending_after_a_moment_leaves_out_what_ended_before_it(store_url: str) -> None:
    """A booking that ended before `since` is left out; read without the course ids (the search for one more course's
    time never asks whose it is), the same instants."""
    with Store.open(store_url, user="test") as store:
        store.set_department(load_department(DEPARTMENT_FILE))
        store.save_course(CourseSpec(course_id="course-1", patient_name="Ada Okafor", patient_id="H1", site="prostate",
                                     preset="20-daily", start=datetime(2030, 3, 25).date(), tz="Europe/London"))
        with store.engine.begin() as conn:
            machine = conn.execute(select(t.machines.c.id).order_by(t.machines.c.id)).scalars().first()
            starts = [datetime(2030, 3, 25, 8, tzinfo=UTC) + timedelta(minutes=20 * n) for n in range(3)]
            conn.execute(insert(db.bookings), [
                {"course_id": "course-1", "kind": "fraction", "number": n + 1, "machine_id": machine, "starts_at": start,
                 "ends_at": start + timedelta(minutes=15), "released": False} for n, start in enumerate(starts)])
        with store.engine.connect() as conn:
            since = starts[1] + timedelta(minutes=5)  # the second is under way then: kept, the first left out
            rows = db.booked_time(conn, datetime(2030, 3, 25, tzinfo=UTC), datetime(2030, 3, 26, tzinfo=UTC), since)
            bare = db.booked_time(conn, datetime(2030, 3, 25, tzinfo=UTC), datetime(2030, 3, 26, tzinfo=UTC), since, courses=False)
    assert [tuple(row) for row in rows] == [(machine, int(s.timestamp()), int(s.timestamp()) + 900, "course-1") for s in starts[1:]]
    assert [tuple(row) for row in bare] == [(machine, int(s.timestamp()), int(s.timestamp()) + 900, "") for s in starts[1:]]
