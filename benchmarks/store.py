"""Benchmarks of the department store (called from benchmarks/run.py, which writes the report).

- Saving a course on SQLite (an update: version check, audit entries, commit with the file's
  synchronous=FULL), beside a bare sqlite3 UPDATE of the same JSON text with the same settings.
- `course list --json` over 5,000 courses, beside a bare SQLAlchemy select of the same rows
  (engine made, connected, rows fetched, as the command must do too); again in a department with a year of their
  bookings (the status and the make-up questions read them).
"""

from __future__ import annotations

import contextlib
import io
import json
import sqlite3
import statistics
import tempfile
import timeit
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, select

from planner.cli import main as cli_main
from planner.core.spec import CourseSpec
from planner.store.course_file import spec_to_json
from planner.store.db import Store
from planner.store.db import schema as t

COURSES = 5000


def _median(func: Callable[[], object], number: int, repeat: int) -> float:
    func()
    return statistics.median(timeit.repeat(func, number=number, repeat=repeat)) / number


def _filled_store(folder: Path, booked: bool = False) -> tuple[str, CourseSpec]:
    url = f"sqlite:///{folder / ('booked.db' if booked else 'planner.db')}"
    start = date(2026, 1, 5)
    items = []
    for n in range(COURSES):
        first = start + timedelta(days=n % 400)
        spec = CourseSpec(patient_name=f"Patient {n:04d}", patient_id=f"H{n:05d}", site="prostate", preset="20-daily",
                          start=first, tz="America/New_York", holidays="US-NY")
        items.append((spec, (first, first + timedelta(days=27))))
    with Store.open(url, user="bench") as store:
        ids = store.add_courses(items)
        if booked:
            from tests.store_fill import book_filled

            book_filled(store, ids)
    return url, items[0][0]


def _listing(url: str, repeat: int, result: Any, name: str, more: str) -> Any:
    """`course list --json`: the command in-process (argument parsing, opening the store, query, JSON), output
    discarded, beside a bare select of the same rows."""
    def listing() -> None:
        sink = io.StringIO()
        with contextlib.redirect_stdout(sink):
            status = cli_main(["course", "list", "--json", "--db", url])
        assert status == 0 and sink.getvalue().count('"course_id"') == COURSES

    query = (select(t.courses.c.id, t.patients.c.name, t.patients.c.hospital_number, t.courses.c.site, t.courses.c.first_day,
                    t.courses.c.last_day, t.courses.c.cancelled)
             .join(t.patients, t.patients.c.id == t.courses.c.patient_id))

    def bare_select() -> None:
        engine = create_engine(url)
        with engine.connect() as conn:
            found = conn.execute(query).all()
        engine.dispose()
        assert len(found) == COURSES

    listed = _median(listing, 3, repeat)
    selected = _median(bare_select, 3, repeat)
    return result(name, listed * 1000, "ms", selected * 1000, "≤ 2× baseline", listed <= 2 * selected,
                  "the command run in-process (parse arguments, open and check the store, query with status, JSON to a "
                  "buffer); baseline: a bare SQLAlchemy Core select of the same rows and columns through a new engine" + more)


def bench_store(repeat: int, result: Any) -> list[Any]:
    """The store's figures as `result` rows (benchmarks.run.Result)."""
    folder = Path(tempfile.mkdtemp(prefix="planner-bench-store-"))
    url, spec = _filled_store(folder)
    rows: list[Any] = []

    # Saving: each run changes the course and saves it against the version it read.
    store = Store.open(url, user="bench")
    state = {"version": store.load_course(spec.course_id).version, "n": 0}

    def save() -> None:
        state["n"] += 1
        changed = spec.updated(location=f"Room {state['n']}")
        state["version"] = store.save_course(changed, state["version"], span=(spec.start, spec.start))

    raw = sqlite3.connect(folder / "bare.db", isolation_level=None)
    for pragma in ("journal_mode=WAL", "synchronous=FULL"):
        raw.execute(f"PRAGMA {pragma}")
    raw.execute("CREATE TABLE IF NOT EXISTS courses (id TEXT PRIMARY KEY, spec TEXT, version INTEGER)")
    text = json.dumps(spec_to_json(spec))
    raw.execute("INSERT OR REPLACE INTO courses VALUES (?, ?, 1)", (spec.course_id, text))

    def bare_save() -> None:
        raw.execute("BEGIN IMMEDIATE")
        raw.execute("UPDATE courses SET spec = ?, version = version + 1 WHERE id = ?", (text, spec.course_id))
        raw.execute("COMMIT")

    saved = _median(save, 20, repeat)
    bare = _median(bare_save, 20, repeat)
    store.close()
    raw.close()
    rows.append(result("Save a course on SQLite (update: version check, audit entries, commit)", saved * 1000, "ms",
                       bare * 1000, "< 20 ms", saved * 1000 < 20,
                       f"store of {COURSES} courses, synchronous=FULL in WAL mode; baseline: a bare sqlite3 UPDATE of the same "
                       "course JSON in its own BEGIN IMMEDIATE/COMMIT with the same settings"))

    rows.append(_listing(url, repeat, result, f"`course list --json` with {COURSES} courses", ""))
    booked_url, _ = _filled_store(folder, booked=True)
    rows.append(_listing(booked_url, repeat, result, f"`course list --json` with {COURSES} courses and a year of their bookings",
                         "; a department of 12 linacs, every course booked (100,000 fractions)"))
    with contextlib.suppress(OSError):
        for entry in folder.iterdir():
            entry.unlink()
        folder.rmdir()
    return rows
