"""The Patients list reads a page of courses at every scroll, search and filter; with a department it also asks which
booked courses have a make-up never booked (`make_ups_never_booked`). That question walked every booking of the
department (a join grouped by course): 50 ms at 100,000 bookings, at every page, and the list of a 5,000-course
department took 115 ms to its first paint (benchmarks/patient_list.py); `course list --json` read them twice over.
None of the list's statements may scan the bookings table: the few courses whose text shows a missed session are
found first, and their bookings read by course."""

from __future__ import annotations

import sqlite3
from datetime import date

from sqlalchemy import event

from planner.store.db import Store
from tests.store_fill import book_filled, fill_store


def test_the_patients_list_and_course_list_read_bookings_by_course_never_all_of_them(tmp_path):
    path = tmp_path / "planner.db"
    store = Store.open(f"sqlite:///{path}")
    try:
        assert book_filled(store, fill_store(store, 60)) == 60 * 20
        statements: list[tuple[str, tuple[object, ...]]] = []

        def seen(conn, cursor, statement, parameters, context, executemany):  # noqa: ANN001 - SQLAlchemy's hook
            statements.append((statement, tuple(parameters)))

        event.listen(store.engine, "before_cursor_execute", seen)
        store.count_courses(today=date(2026, 11, 24))
        page = store.list_courses(limit=200, today=date(2026, 11, 24))
        listed = store.list_course_json_text(today=date(2026, 11, 24))  # `course list --json`
        event.remove(store.engine, "before_cursor_execute", seen)
    finally:
        store.close()
    assert len(page) == 60
    assert listed.count('"course_id"') == 60
    assert any("bookings" in statement for statement, _ in statements)  # the list does read them (the last booked day)
    raw = sqlite3.connect(path)
    try:
        plans = {statement: [row[-1] for row in raw.execute(f"EXPLAIN QUERY PLAN {statement}", parameters)]
                 for statement, parameters in statements if statement.lstrip().upper().startswith("SELECT")}
    finally:
        raw.close()
    scans = {statement[:120]: plan for statement, plan in plans.items() if any(step.startswith("SCAN bookings") for step in plan)}
    assert scans == {}
