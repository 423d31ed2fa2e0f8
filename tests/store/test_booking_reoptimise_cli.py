"""`reoptimise` on a stored department: a course booked to start later than it was ready moves
earlier, the store keeps the change, the patient's calendar update raises SEQUENCE; its JSON; a dry
run writes nothing; bad input is one line and exit 2; a course changed meanwhile is exit 3."""

from __future__ import annotations

import json
import stat
from datetime import UTC, datetime
from pathlib import Path

import pytest

from planner.app.booking import open_desk
from planner.core.catalogue import load_catalogue
from planner.ics import parse_export
from planner.resources_path import default_catalogue_path
from planner.store.db import Store
from planner.store.db import bookings as db

from .command_line import run
from .reoptimise_scenario import BOOKED_FROM, NIGHT, READY


def fractions(url: str, course_id: str) -> list[db.Booking]:
    with Store.open(url) as store, store.engine.connect() as connection:
        return sorted((b for b in db.course_bookings(connection, course_id) if b.kind.value == "fraction"), key=lambda b: b.start)


def test_the_waiting_course_starts_on_its_ready_day_and_the_store_keeps_it(capsys, waiting_url, tmp_path):
    lung = fractions(waiting_url, "course-lung")
    status, out, err = run(capsys, "reoptimise", "--db", waiting_url, "--date", NIGHT, "--json")
    assert status == 0, err
    data = json.loads(out)
    assert set(data) == {"date", "last_day", "dry_run", "moved", "courses", "unchanged", "waiting", "days_saved", "status", "calendars",
                         "left_out"}
    assert data["date"] == NIGHT and data["dry_run"] is False and data["waiting"] == 1 and data["days_saved"] == 10
    assert [c["course_id"] for c in data["courses"]] == ["course-prostate"]
    change = data["courses"][0]
    assert change["from"]["first"] == BOOKED_FROM and change["to"]["first"] == READY.isoformat()
    assert (change["wait_before"], change["wait_after"]) == (10, 0)
    assert set(change["from"]) == {"first", "machine", "time"}
    assert change["to"]["machine"] in ("Linac 1", "Linac 2")  # its beam-matched group kept (Linac 3 is free too)
    assert len(data["moved"]) == 20 and {m["kind"] for m in data["moved"]} == {"fraction"}
    assert all(set(m) == {"course_id", "kind", "number", "from", "to"} for m in data["moved"])
    assert data["moved"][0]["to"]["start"].startswith("2030-03-25T")
    held = fractions(waiting_url, "course-prostate")
    assert len(held) == 20 and held[0].start.astimezone(UTC).date() == READY
    assert fractions(waiting_url, "course-lung") == lung  # on its ready day already: untouched
    with Store.open(waiting_url) as store, store.engine.connect() as connection:
        course = db.course_bookings_of(connection, ["course-prostate"])["course-prostate"]
        assert course.ready == READY and f"{course.daily_time:%H:%M}" == change["to"]["time"]
    status, out, _ = run(capsys, "reoptimise", "--db", waiting_url, "--date", NIGHT, "--json")
    assert status == 0 and json.loads(out)["courses"] == [] and json.loads(out)["status"] == "nothing waits"


def test_a_dry_run_writes_nothing(capsys, waiting_url):
    before = fractions(waiting_url, "course-prostate")
    status, out, err = run(capsys, "reoptimise", "--db", waiting_url, "--date", NIGHT, "--dry-run", "--json")
    assert status == 0, err
    data = json.loads(out)
    assert data["dry_run"] is True and [c["course_id"] for c in data["courses"]] == ["course-prostate"]
    assert fractions(waiting_url, "course-prostate") == before
    status, out, _ = run(capsys, "reoptimise", "--db", waiting_url, "--date", NIGHT, "--dry-run")
    assert status == 0 and "Would place anew:" in out and "course-prostate" in out


def test_a_course_whose_start_passed_is_not_moved(capsys, waiting_url):
    status, out, _ = run(capsys, "reoptimise", "--db", waiting_url, "--date", "2030-04-08", "--json")
    assert status == 0 and json.loads(out)["courses"] == []


def test_the_patient_gets_a_calendar_update_with_raised_sequence(capsys, waiting_url, tmp_path):
    catalogue = load_catalogue(default_catalogue_path())
    with open_desk(waiting_url, catalogue) as desk:
        first = parse_export(desk.export_calendar("course-prostate", now=datetime(2030, 3, 1, tzinfo=UTC)), "first")
    folder = tmp_path / "updates"
    folder.mkdir()
    status, out, err = run(capsys, "reoptimise", "--db", waiting_url, "--date", NIGHT, "--write-updates", str(folder), "--json")
    assert status == 0, err
    calendars = json.loads(out)["calendars"]
    assert [c["course_id"] for c in calendars] == ["course-prostate"] and calendars[0]["changed"] >= 20
    path = Path(calendars[0]["written"])
    assert path.parent == folder and stat.S_IMODE(path.stat().st_mode) == 0o600
    update = parse_export(path.read_bytes(), "update")
    raised = [uid for uid, event in update.events.items() if uid in first.events and event.sequence > first.events[uid].sequence]
    assert len(raised) >= 20, "each moved fraction keeps its UID and raises SEQUENCE"


def test_a_course_changed_meanwhile_loses_with_exit_3_and_nothing_written(capsys, waiting_url, monkeypatch):
    import planner.app.booking as booking

    real = booking.reoptimise
    before = fractions(waiting_url, "course-prostate")

    def meanwhile(*args, **kwargs):
        answer = real(*args, **kwargs)
        with Store.open(waiting_url) as store, db.writing(store.engine, store.display_url) as connection:  # another coordinator
            last = before[-1]
            db.place(connection, [db.Booking(last.course_id, last.kind, last.number, last.machine,
                                             last.start.replace(hour=12), last.end.replace(hour=12))],
                     replacing=[last.key])
        return answer

    monkeypatch.setattr(booking, "reoptimise", meanwhile)
    status, out, err = run(capsys, "reoptimise", "--db", waiting_url, "--date", NIGHT, "--json")
    assert status == 3 and out == ""
    assert err.count("\n") == 1
    assert err.startswith("planner: conflict: re-optimisation lost: course course-prostate was changed by another coordinator meanwhile")
    assert "taken" not in err
    now = fractions(waiting_url, "course-prostate")
    assert now[0].start == before[0].start  # nothing of the re-optimisation was written


@pytest.mark.parametrize(("argv", "field"), [
    (["--days", "0"], "--days: "),
    (["--days", "many"], "--days: "),
    (["--date", "2030-13-01"], "--date: "),
    (["--write-updates", "/nonexistent-folder"], "--write-updates: /nonexistent-folder is not a folder"),
])
def test_bad_input_is_one_line_and_exit_2(capsys, waiting_url, argv, field):
    status, out, err = run(capsys, "reoptimise", "--db", waiting_url, *argv)
    assert status == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("planner: error: ") and field in err
