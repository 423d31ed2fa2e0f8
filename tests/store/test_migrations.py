"""Upgrading: a database made by the first schema, with data, is brought to the latest schema on
start (after a backup copy for SQLite) and keeps everything it held."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import create_engine, text

from planner.core.spec import CourseSpec
from planner.store.course_file import spec_to_json
from planner.store.db import Store
from planner.store.db.migrate import head_revision, upgrade


def make_first_schema_database(url: str) -> CourseSpec:
    """A database at revision 0001 holding one patient, one course and a department."""
    spec = CourseSpec(patient_name="Old Timer", patient_id="H1", site="breast", preset=None, fractions=15,
                      start=date(2026, 3, 2), tz="Europe/London")
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            upgrade(conn, "0001")
        with engine.begin() as conn:
            when = datetime(2026, 2, 1, 9, 0, tzinfo=UTC)
            conn.execute(text("INSERT INTO patients (hospital_number, name, name_folded) VALUES ('H1', 'Old Timer', 'old timer')"))
            conn.execute(text(
                "INSERT INTO courses (id, patient_id, site, first_day, last_day, cancelled, own_calendar, spec, version, "
                "created_at, created_by, updated_at, updated_by) VALUES (:id, 1, 'breast', :first, :last, :no, :yes, :spec, 4, "
                ":when, 'old-user', :when, 'old-user')"),
                {"id": spec.course_id, "first": date(2026, 3, 2), "last": date(2026, 3, 20), "spec": json.dumps(spec_to_json(spec)),
                 "when": when, "no": False, "yes": True})
            conn.execute(text(
                "INSERT INTO department (id, name, address, phone, timezone, holidays, treatment_days, closures, updated_at, updated_by) "
                "VALUES (1, 'Old Dept', '', '', 'Europe/London', NULL, 'mon,tue,wed,thu,fri', '[]', :when, 'old-user')"), {"when": when})
    finally:
        engine.dispose()
    return spec


def test_a_first_schema_database_is_upgraded_with_its_data(store_url: str):
    sqlite_url = store_url.replace("sqlite:///", "sqlite+pysqlite:///")
    spec = make_first_schema_database(sqlite_url)
    with Store.open(store_url, user="new-user") as store:
        assert store.revision() == head_revision()
        stored = store.load_course(spec.course_id)
        assert stored.spec == spec and stored.version == 4 and stored.updated_by == "old-user"
        assert store.department() is not None and store.department().name == "Old Dept"  # type: ignore[union-attr]
        assert [(e.field, e.who, e.version) for e in store.course_history(spec.course_id)] == [
            ("(stored before the audit trail)", "old-user", 4)]
        assert store.save_course(stored.spec.updated(fractions=16), 4) == 5
        assert [e.field for e in store.course_history(spec.course_id)][-1] == "fractions"
        store.record_export(spec.course_id, b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")  # the table revision 2 added
    if store_url.startswith("sqlite"):
        database = Path(store_url.removeprefix("sqlite:///"))
        (backup,) = database.parent.glob("planner.db.schema-0001-*.bak")
        assert backup.stat().st_mode & 0o777 == 0o600
        with sqlite3.connect(backup) as old:
            assert old.execute("SELECT version_num FROM alembic_version").fetchall() == [("0001",)]
            assert old.execute("SELECT version FROM courses").fetchall() == [(4,)]


def test_an_up_to_date_database_is_not_upgraded_or_copied_again(tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'planner.db'}"
    Store.open(url).close()
    with Store.open(url) as store:
        assert store.upgrade() is None  # a new database needs no backup: nothing was in it
    assert not list(tmp_path.glob("*.bak"))
