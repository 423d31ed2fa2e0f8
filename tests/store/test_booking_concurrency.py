"""Two coordinators book the same slot at the same moment, in two processes: exactly one wins,
the other exits 3 and nothing of it is written. Writers take turns (PostgreSQL: an advisory lock
taken first in the transaction; SQLite: BEGIN IMMEDIATE), and the check inside the write
transaction refuses the slot the first one took; on PostgreSQL the exclusion constraint backs it.

To be sure both processes have read the free time before either writes, the test holds the
database's write lock while they start: each computes its proposal, then waits for the lock
(PostgreSQL: a lock on the bookings table, behind which the second writer waits for its turn at
the writers' advisory lock; SQLite: a transaction begun IMMEDIATE). The test lets
go once both are waiting, so the two writes race for real."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import make_url, text

from planner.core.kinds import AppointmentKind
from planner.store.db import Store
from planner.store.db.bookings import Booking, SlotTaken, place, writing

from .booking_scenario import stock

WAIT_SECONDS = 60
SAME_SLOT = ["--earliest", "2030-03-25", "--prefer-time", "08:30", "--machine", "Linac 1", "--json"]


def book(url: str, course_id: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "planner", "book", "--db", url, "--course-id", course_id, *SAME_SLOT],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, stdin=subprocess.DEVNULL)


def wait_for(condition, processes) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while not condition():
        for process in processes:
            if process.poll() is not None:
                out, err = process.communicate()
                pytest.fail(f"a booking ended before the race (status {process.returncode}): {err or out}")
        if time.monotonic() > deadline:
            pytest.fail("the two bookings never both waited for the write lock")
        time.sleep(0.05)


_cpu_seen: dict[int, tuple[int, float]] = {}


def sleeping_in_sqlite_busy_wait(pid: int) -> bool:
    """SQLite waits for a lock by sleeping between retries (nanosleep). Where the kernel hides a
    process's wait channel, a process asleep whose CPU time has not moved for two seconds is waiting."""
    try:
        channel = Path(f"/proc/{pid}/wchan").read_text().strip()
    except OSError:
        channel = ""
    if channel and channel != "0":
        return channel == "hrtimer_nanosleep"
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return False
    state, ticks = fields[0], int(fields[11]) + int(fields[12])
    seen = _cpu_seen.get(pid)
    if seen is None or seen[0] != ticks or state != "S":
        _cpu_seen[pid] = (ticks, time.monotonic())
        return False
    return time.monotonic() - seen[1] >= 2.0


def race(url: str, hold_lock, waiting, courses: tuple[str, str] = ("course-prostate", "course-prostate-2")) -> list[tuple[int, str, str]]:
    """Two `book` processes (one per course of `courses`, which may be the same) released at once from `hold_lock`."""
    return released_together(hold_lock, waiting, lambda: [book(url, course) for course in courses])


def released_together(hold_lock, waiting, start: Callable[[], list[subprocess.Popen[str]]]) -> list[tuple[int, str, str]]:
    """The processes `start` begins, all waiting on the lock `hold_lock` holds, then let go at once: each one's
    (exit status, stdout, stderr)."""
    with hold_lock() as release:
        processes = start()
        try:
            wait_for(lambda: waiting(processes), processes)
        except BaseException:
            for process in processes:
                process.kill()
            raise
        release()
    results = []
    for process in processes:
        out, err = process.communicate(timeout=WAIT_SECONDS)
        results.append((process.returncode, out, err))
    return results


def check_one_winner(url: str, results: list[tuple[int, str, str]]) -> None:
    statuses = sorted(status for status, _, _ in results)
    assert statuses == [0, 3], results
    winner = next(out for status, out, _ in results if status == 0)
    loser = next(err for status, _, err in results if status == 3)
    assert json.loads(winner)["appointments"][0]["start"] == "2030-03-25T08:30+00:00"
    assert loser.startswith("planner: conflict: booking lost") and loser.count("\n") == 1
    with Store.open(url) as store, store.engine.connect() as connection:
        rows = connection.execute(text("SELECT course_id, COUNT(*) FROM bookings GROUP BY course_id")).all()
        booked = connection.execute(text("SELECT course_id FROM booked_courses")).scalars().all()
    assert len(rows) == 1 and rows[0][1] == 20, "the loser wrote nothing"
    assert booked == [rows[0][0]]


class _Holder:
    def __init__(self, enter, leave) -> None:
        self._enter, self._leave, self._done = enter, leave, False

    def __enter__(self):
        self._enter()
        return self.release

    def release(self) -> None:
        if not self._done:
            self._done = True
            self._leave()

    def __exit__(self, *exc: object) -> None:
        self.release()


def test_two_processes_one_slot_on_sqlite(tmp_path):
    path = tmp_path / "department.db"
    url = stock(f"sqlite:///{path}")
    holder = sqlite3.connect(path, isolation_level=None)
    try:
        lock = lambda: _Holder(lambda: holder.execute("BEGIN IMMEDIATE"), lambda: holder.execute("ROLLBACK"))  # noqa: E731
        results = race(url, lock, lambda processes: all(sleeping_in_sqlite_busy_wait(p.pid) for p in processes))
    finally:
        holder.close()
    check_one_winner(url, results)


def test_two_processes_one_slot_on_postgresql(postgres):
    import psycopg

    url = stock(postgres.new_database())
    database = make_url(url).database
    holder = psycopg.connect(host=str(postgres.socket), user="planner", dbname=database)
    watcher = psycopg.connect(host=str(postgres.socket), user="planner", dbname=database, autocommit=True)

    def waiting(_processes) -> bool:
        # One waits for the bookings table the test holds, the other for its turn (the writers' advisory lock).
        found = watcher.execute("SELECT count(*) FROM pg_locks WHERE NOT granted "
                                "AND (relation = 'bookings'::regclass OR locktype = 'advisory')").fetchone()
        return found is not None and found[0] >= 2

    try:
        lock = lambda: _Holder(lambda: holder.execute("LOCK TABLE bookings IN SHARE ROW EXCLUSIVE MODE"), holder.rollback)  # noqa: E731
        results = race(url, lock, waiting)
    finally:
        holder.close()
        watcher.close()
    check_one_winner(url, results)


def test_postgresql_refuses_an_overlap_even_from_a_writer_that_skips_the_check(postgres):
    """The exclusion constraint, not only the planner's own check, keeps a machine's bookings apart."""
    from datetime import UTC, datetime

    from sqlalchemy.exc import IntegrityError

    url = stock(postgres.new_database())
    with Store.open(url) as store:
        with writing(store.engine, store.display_url) as connection:
            start = datetime(2030, 3, 25, 8, 30, tzinfo=UTC)
            place(connection, [Booking("course-prostate", AppointmentKind.FRACTION, 1, "Linac 1", start, start.replace(minute=50))])
        with pytest.raises(IntegrityError) as caught, store.engine.begin() as connection:
            connection.execute(text(
                "INSERT INTO bookings (course_id, kind, number, machine_id, starts_at, ends_at) "
                "SELECT 'course-lung', 'fraction', 1, id, '2030-03-25 08:45+00', '2030-03-25 09:15+00' FROM machines WHERE name = 'Linac 1'"))
        assert getattr(caught.value.orig, "sqlstate", None) == "23P01"
        with store.engine.begin() as connection:  # touching end to start is no overlap
            connection.execute(text(
                "INSERT INTO bookings (course_id, kind, number, machine_id, starts_at, ends_at) "
                "SELECT 'course-lung', 'fraction', 1, id, '2030-03-25 08:50+00', '2030-03-25 09:20+00' FROM machines WHERE name = 'Linac 1'"))
            stored = connection.execute(text("SELECT starts_at AT TIME ZONE 'UTC' FROM bookings ORDER BY starts_at")).scalars().all()
        assert [f"{s:%H:%M}" for s in stored] == ["08:30", "08:50"]


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_the_store_refuses_an_overlap_inside_its_write_transaction(kind, tmp_path, request):
    from datetime import UTC, datetime, timedelta

    url = f"sqlite:///{tmp_path / 'd.db'}" if kind == "sqlite" else request.getfixturevalue("postgres").new_database()
    stock(url)
    start = datetime(2030, 3, 25, 8, 30, tzinfo=UTC)
    first = Booking("course-prostate", AppointmentKind.FRACTION, 1, "Linac 1", start, start + timedelta(minutes=20))
    other = Booking("course-lung", AppointmentKind.FRACTION, 1, "Linac 1", start + timedelta(minutes=19), start + timedelta(minutes=49))
    elsewhere = Booking("course-lung", AppointmentKind.FRACTION, 1, "Linac 2", start, start + timedelta(minutes=30))
    with Store.open(url) as store:
        with writing(store.engine, store.display_url) as connection:
            place(connection, [first])
        taken = "Linac 1 was taken Mon 25 Mar 2030 08:49–09:19 by another booking"  # on the department's clock
        with pytest.raises(SlotTaken, match=taken), writing(store.engine, store.display_url) as connection:
            place(connection, [other])
        with writing(store.engine, store.display_url) as connection:
            place(connection, [elsewhere])
        with store.engine.connect() as connection:
            count = connection.execute(text("SELECT COUNT(*) FROM bookings")).scalar_one()
    assert count == 2
    assert os.environ.get("TZ") == "UTC"
