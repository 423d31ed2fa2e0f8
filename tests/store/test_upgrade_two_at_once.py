"""Two workstations start the new planner at once on a database of an older schema: one upgrades it,
the other waits for it and then finds the schema current. Before, both read the old revision and both
upgraded: on SQLite the second ended in an internal error (both copied the file to the same
`.bak` name in the same second) or "table audit already exists"; on PostgreSQL it exited 2 with
"upgrading the database failed (relation "audit" already exists)".

To be sure both have read the old revision before either upgrades, the test holds the lock an upgrade
waits for (SQLite: a transaction begun IMMEDIATE; PostgreSQL: the upgrade's advisory lock) while they
start, and lets go once both wait."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

from sqlalchemy import make_url

from planner.store.db import Store
from planner.store.db.migrate import head_revision
from planner.store.db.store import UPGRADE_LOCK

from .test_booking_concurrency import _Holder, released_together, sleeping_in_sqlite_busy_wait
from .test_migrations import make_first_schema_database


def open_old(url: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "planner", "course", "list", "--db", url, "--json"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, stdin=subprocess.DEVNULL)


def start_two(url: str, hold_lock, waiting) -> list[tuple[int, str, str]]:
    return released_together(hold_lock, waiting, lambda: [open_old(url), open_old(url)])


def check_both_opened(url: str, results: list[tuple[int, str, str]]) -> None:
    assert [(status, err) for status, _, err in results] == [(0, ""), (0, "")]
    assert all('"Old Timer"' in out for _, out, _ in results)
    with Store.open(url) as store:
        assert store.revision() == head_revision()


def test_two_planners_opening_an_old_sqlite_store_at_once_both_open_it(tmp_path):
    path = tmp_path / "planner.db"
    make_first_schema_database(f"sqlite+pysqlite:///{path}")
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("PRAGMA journal_mode=WAL")  # as the planner leaves it: readers go on while a writer holds the lock
    try:
        lock = lambda: _Holder(lambda: holder.execute("BEGIN IMMEDIATE"), lambda: holder.execute("ROLLBACK"))  # noqa: E731
        results = start_two(f"sqlite:///{path}", lock, lambda processes: all(sleeping_in_sqlite_busy_wait(p.pid) for p in processes))
    finally:
        holder.close()
    check_both_opened(f"sqlite:///{path}", results)
    assert len(list(Path(tmp_path).glob("planner.db.schema-0001-*.bak"))) == 1  # one copy, by the one that upgraded


def test_two_planners_opening_an_old_postgresql_store_at_once_both_open_it(postgres):
    import psycopg

    url = postgres.new_database()
    make_first_schema_database(url)
    database = make_url(url).database
    holder = psycopg.connect(host=str(postgres.socket), user="planner", dbname=database, autocommit=True)
    watcher = psycopg.connect(host=str(postgres.socket), user="planner", dbname=database, autocommit=True)

    def waiting(_processes) -> bool:
        found = watcher.execute("SELECT count(*) FROM pg_locks WHERE NOT granted AND locktype = 'advisory'").fetchone()
        return found is not None and found[0] >= 2

    try:
        lock = lambda: _Holder(lambda: holder.execute("SELECT pg_advisory_lock(%s)", (UPGRADE_LOCK,)),  # noqa: E731
                               lambda: holder.execute("SELECT pg_advisory_unlock(%s)", (UPGRADE_LOCK,)))
        results = start_two(url, lock, waiting)
    finally:
        holder.close()
        watcher.close()
    check_both_opened(url, results)
