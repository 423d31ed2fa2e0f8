"""The "calendar update owed" mark lives on the course (revision 0006), so it outlives the booking:
a course unbooked after its calendar was exported is listed by `calendar-updates` (and the Calendars
tab) with the update that puts the patient's calendar back to the planned times, until it is written.
A store from before keeps the marks it had."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import create_engine, select, text

from planner.core.catalogue import load_catalogue
from planner.core.schedule import build_schedule
from planner.ics import parse_export
from planner.resources_path import default_catalogue_path
from planner.store.db import Store
from planner.store.db import schema as t
from planner.store.db.migrate import head_revision, upgrade

from .booking_scenario import desk_on, place_bookings, stock
from .booking_scenario import owed_calendars as owed
from .command_line import run

COURSE = "course-prostate"



def planned_starts(url: str, course_id: str) -> dict[int, datetime]:
    """Each fraction's planned start, as the course plans without its bookings."""
    catalogue = load_catalogue(default_catalogue_path())
    with desk_on(url) as desk:
        row = desk._rows([course_id])[course_id]
        spec = desk.course_spec(row)
    schedule = build_schedule(spec.to_request(catalogue), catalogue)
    return {a.number: a.start for a in schedule.fractions}


def test_an_unbooked_course_owes_its_exported_calendar_until_the_update_is_written(url, tmp_path, capsys):
    with desk_on(url) as desk:
        before = parse_export(desk.export_calendar(COURSE, now=datetime(2030, 3, 1, tzinfo=UTC)), "export")
        booked_machine = desk.first_booked(COURSE).machine  # type: ignore[union-attr]
        released, updates = desk.unbook(COURSE)
    assert released > 0 and [u.course_id for u in updates] == [COURSE]
    assert owed(url) == [COURSE], "the mark outlived the booking it was about"
    status, out, _ = run(capsys, "calendar-updates", "--db", url, "--json")
    assert status == 0 and [c["course_id"] for c in json.loads(out)["calendars"]] == [COURSE]
    folder = tmp_path / "given"
    folder.mkdir()
    status, out, _ = run(capsys, "calendar-updates", "--db", url, "--write-updates", str(folder), "--json")
    assert status == 0
    written = Path(json.loads(out)["calendars"][0]["written"])
    update = parse_export(written.read_bytes(), "update")
    planned = planned_starts(url, COURSE)
    fractions = {e.role: e for e in update.events.values() if e.role.startswith("t") and "-p" not in e.role}
    assert len(fractions) == len(planned)
    for role, event in fractions.items():
        assert event.start == planned[int(role[1:])], "back at its planned time"
        assert booked_machine not in event.location, "no machine: the course is not booked"
        assert event.sequence > before.events[event.uid].sequence
    assert owed(url) == [], "writing the update settles it"
    status, out, _ = run(capsys, "calendar-updates", "--db", url, "--json")
    assert json.loads(out) == {"calendars": [], "left_out": []}


def test_unbooking_a_course_never_exported_owes_nothing(url):
    with desk_on(url) as desk:
        released, updates = desk.unbook(COURSE)
    assert released > 0 and updates == []
    assert owed(url) == []


def test_a_store_from_before_keeps_the_calendars_it_owed_and_its_bookings(store_url):
    engine = create_engine(store_url.replace("sqlite:///", "sqlite+pysqlite:///"))
    try:
        with engine.connect() as conn:
            upgrade(conn, "0005")
        at = datetime(2026, 2, 1, tzinfo=UTC)
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO machines (id, name, beam_group, capabilities, hours, position) "
                              "VALUES (1, 'Linac 1', '', '[]', '{}', 0)"))
            conn.execute(text("INSERT INTO patients (id, hospital_number, name, name_folded) VALUES (1, 'H1', 'Ann', 'ann')"))
            for course in ("owed", "given", "unbooked"):
                conn.execute(text("INSERT INTO courses (id, patient_id, site, cancelled, own_calendar, spec, version, created_at, "
                                  "created_by, updated_at, updated_by) VALUES (:id, 1, 'prostate', :no, :no, '{}', 1, :at, 'old', :at, 'old')"),
                             {"id": course, "at": at, "no": False})
            for day, (course, outdated) in enumerate((("owed", True), ("given", False)), start=2):
                conn.execute(text("INSERT INTO booked_courses (course_id, machine_id, daily_time, urgent, booked_at, booked_by, "
                                  "calendar_outdated) VALUES (:id, 1, '08:30', :no, :at, 'old', :outdated)"),
                             {"id": course, "at": at, "outdated": outdated, "no": False})
                conn.execute(text("INSERT INTO bookings (course_id, kind, number, machine_id, starts_at, ends_at) "
                                  "VALUES (:id, 'fraction', 1, 1, :start, :end)"),
                             {"id": course, "start": datetime(2026, 3, day, 8, 30, tzinfo=UTC), "end": datetime(2026, 3, day, 8, 50, tzinfo=UTC)})
    finally:
        engine.dispose()
    with Store.open(store_url) as store:
        assert store.revision() == head_revision() >= "0006"
        with store.engine.connect() as conn:
            marks = dict(conn.execute(select(t.courses.c.id, t.courses.c.calendar_owed)).all())
            columns = {c["name"] for c in conn.dialect.get_columns(conn, "booked_courses")}
            booked = conn.execute(text("SELECT course_id FROM booked_courses ORDER BY course_id")).scalars().all()
            held = conn.execute(text("SELECT count(*) FROM bookings")).scalar_one()
    assert marks == {"owed": True, "given": False, "unbooked": False}
    assert "calendar_outdated" not in columns, "one mark, on the course"
    assert booked == ["given", "owed"] and held == 2, "altering the courses lost none of their bookings"


def test_the_revision_goes_down_again_with_the_marks_of_booked_courses(tmp_path):
    from planner.store.db.migrate import _config

    url = f"sqlite:///{tmp_path / 'down.db'}"
    stock(url)
    place_bookings(url)
    with desk_on(url) as desk:
        desk.export_calendar(COURSE)
        with desk.store.engine.begin() as conn:
            conn.execute(t.courses.update().where(t.courses.c.id == COURSE).values(calendar_owed=True))
    from alembic import command

    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            command.downgrade(_config(conn), "0005")
            conn.commit()
            rows = conn.execute(text("SELECT course_id FROM booked_courses WHERE calendar_outdated")).scalars().all()
    finally:
        engine.dispose()
    assert rows == [COURSE]



def test_which_of_some_courses_owe_a_calendar_on_either_database(store_url):
    url = stock(store_url)
    place_bookings(url)
    with desk_on(url) as desk:
        desk.export_calendar("course-prostate", now=datetime(2030, 3, 1, tzinfo=UTC))
        desk.unbook("course-prostate")
    with Store.open(url) as store:
        assert store.calendars_owed(["course-prostate", "course-breast", "no-such-course"]) == {"course-prostate"}
        assert store.calendars_owed([]) == set()
