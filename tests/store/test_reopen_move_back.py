"""`reopen --move-back`: a closure's re-booking now records the slot each session had (revision 0011), so the department
reopening moves them back where free and the course's rules hold, as `machine-up --move-back` does after a downtime;
the others stay, each with why. Before, a closure kept no record of the old slots and nothing could move back.

The golden department: six courses booked from Mon 25 Mar 2030; the closure of Thu 28 Mar moves each one's session of
that day (five to the end of the course, the urgent spine course's first fraction with its whole course)."""

from __future__ import annotations

import json
import stat
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import create_engine, inspect, select

from planner.store.db import Store
from planner.store.db import bookings as db
from planner.store.db.downtime_moves import downtime_moves
from planner.store.db.migrate import head_revision

from .booking_scenario import desk_on, owed_calendars, place_bookings, stock
from .command_line import run

THURSDAY = date(2030, 3, 28)
ZOE_OLD_SLOT = {"machine": "Linac 1", "start": "2030-03-28T08:30+00:00"}


def stored(url: str) -> list[tuple[str, str, int, str, str]]:
    with Store.open(url) as store, store.engine.connect() as connection:
        return sorted((b.course_id, b.kind.value, b.number, b.machine, b.start.isoformat()) for b in db.all_bookings(connection))


def closures(url: str) -> set[date]:
    with Store.open(url) as store:
        department = store.department()
        assert department is not None
        return {day for day, _ in department.closures}


def records(url: str) -> list[tuple[str, str, date | None]]:
    with Store.open(url) as store, store.engine.connect() as connection:
        return sorted((r.course_id, r.cause, r.closed_day) for r in connection.execute(select(downtime_moves)))


def close_thursday(capsys, url: str) -> None:
    status, _, err = run(capsys, "closure", "--db", url, "--date", THURSDAY.isoformat(), "--reason", "snow")
    assert status == 0, err


def downgrade(url: str, revision: str) -> None:
    from alembic import command

    from planner.store.db.migrate import _config

    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            command.downgrade(_config(connection), revision)
            connection.commit()
    finally:
        engine.dispose()



def test_the_closure_records_each_old_slot_and_reopen_moves_them_back(capsys, store_url):
    """SQLite and PostgreSQL alike: every session is back in the slot it had, in one write with the closure's removal."""
    place_bookings(stock(store_url))
    before = stored(store_url)
    close_thursday(capsys, store_url)
    assert stored(store_url) != before
    assert len(records(store_url)) == 6 and {(cause, day) for _, cause, day in records(store_url)} == {("closure", THURSDAY)}

    status, out, err = run(capsys, "reopen", "--db", store_url, "--date", THURSDAY.isoformat(), "--move-back", "--json")
    assert status == 0, err
    answer = json.loads(out)
    assert set(answer) == {"reopened", "already_open", "dry_run", "moved_back", "stayed", "renumbered", "still_moved", "left_moved",
                           "calendars", "left_out"}
    assert answer["reopened"] == [{"date": "2030-03-28", "reason": "snow"}] and answer["already_open"] is False
    assert answer["dry_run"] is False and answer["stayed"] == [] and answer["still_moved"] == [] and answer["left_moved"] == 0
    assert len(answer["moved_back"]) == 6
    zoe = next(b for b in answer["moved_back"] if b["course_id"] == "course-prostate")
    assert zoe == {"course_id": "course-prostate", "kind": "fraction", "number": 4,
                   "from": {"machine": "Linac 1", "start": "2030-04-22T08:30+01:00"}, "to": ZOE_OLD_SLOT, "shortens_course": True}
    assert stored(store_url) == before, "every session is back where it was, numbered as before"
    assert THURSDAY not in closures(store_url)
    assert records(store_url) == [], "the records of the sessions moved back are done with"
    status, out, err = run(capsys, "department", "show", "--db", store_url, "--json")
    assert [(r["what"], r["date"]) for r in json.loads(out)["removed"]] == [("closure", "2030-03-28")]


def test_a_slot_booked_meanwhile_stays_where_it_is_with_why(capsys, tmp_path):
    """Reopened without moving back, then Thursday 08:10-08:40 on Linac 1 booked for Dora Mbeki's new course: Zoë's old
    08:30 slot is taken, so her session stays at the end of her course, said why; the others go back."""
    made = stock(f"sqlite:///{tmp_path / 'department.db'}")
    place_bookings(made, skip=("course-spine",))
    close_thursday(capsys, made)
    status, out, err = run(capsys, "reopen", "--db", made, "--date", THURSDAY.isoformat(), "--json")
    assert status == 0, err
    left = json.loads(out)
    assert left["moved_back"] == [] and left["left_moved"] == 5 and len(left["still_moved"]) == 5
    status, _, err = run(capsys, "book", "--db", made, "--course-id", "course-spine", "--earliest", "2030-03-28", "--prefer-time", "08:30",
                         "--machine", "Linac 1")
    assert status == 0, err

    status, out, err = run(capsys, "reopen", "--db", made, "--date", THURSDAY.isoformat(), "--move-back", "--json")
    assert status == 0, err
    answer = json.loads(out)
    assert answer["already_open"] is True and answer["reopened"] == [{"date": "2030-03-28", "reason": ""}]
    assert sorted(b["course_id"] for b in answer["moved_back"]) == ["course-breast", "course-lung", "course-prostate-2", "course-rectum"]
    [stayed] = answer["stayed"]
    assert stayed == {"course_id": "course-prostate", "kind": "fraction", "number": 20,
                      "at": {"machine": "Linac 1", "start": "2030-04-22T08:30+01:00"}, "was": ZOE_OLD_SLOT,
                      "reason": "its old slot was booked for another patient meanwhile"}
    assert [s["course_id"] for s in answer["still_moved"]] == ["course-prostate"]
    assert records(made) == []  # each said once: the session that stays is not offered again


def test_a_session_that_stays_is_said_once_and_not_offered_again(capsys, store_url):
    """Reopened without moving back; Zoë's old slot booked for Dora Mbeki's new course; `reopen --move-back` moves the
    others back and says Zoë's session stays, for good. Asked again, there is nothing left to move back: exit 2, one
    line. Before, the records of sessions that stayed were never dropped: every `reopen --move-back` said them again.
    SQLite and PostgreSQL alike."""
    place_bookings(stock(store_url), skip=("course-spine",))
    close_thursday(capsys, store_url)
    status, _, err = run(capsys, "reopen", "--db", store_url, "--date", THURSDAY.isoformat())
    assert status == 0, err
    status, _, err = run(capsys, "book", "--db", store_url, "--course-id", "course-spine", "--earliest", "2030-03-28",
                         "--prefer-time", "08:30", "--machine", "Linac 1")
    assert status == 0, err
    status, out, err = run(capsys, "reopen", "--db", store_url, "--date", THURSDAY.isoformat(), "--move-back")
    assert status == 0, err
    lines = out.splitlines()
    assert lines[0] == "The department was reopened before on Thu 2030-03-28" and lines[1] == "Moved back:"
    assert lines[lines.index("Stay where they are (not offered again: move them in Bookings if wanted):") + 1:][:1] == [
        "  Zoë Ångström (H0001) fraction 20 (Linac 1 Mon 2030-04-22 08:30; was Linac 1 Thu 2030-03-28 08:30): its old slot was "
        "booked for another patient meanwhile"]
    assert records(store_url) == []
    after = stored(store_url)
    status, out, err = run(capsys, "reopen", "--db", store_url, "--date", THURSDAY.isoformat(), "--move-back")
    assert status == 2 and out == "" and len(err.splitlines()) == 1
    assert err.startswith("planner: error: --date: the department has no closure recorded on Thu 28 Mar 2030, nor a session a "
                          "closure moved then left to move back"), err
    assert stored(store_url) == after


def test_a_day_closed_again_moves_back_only_what_the_new_closure_moved(capsys, store_url):
    """Thursday closed, reopened without moving back (the sessions stay at the end of their courses), then Dora Mbeki's
    course booked from Thursday and Thursday closed again: `reopen --move-back` moves back Dora's session, which the new
    closure moved, and leaves the sessions the first closure moved where they went. Before, the first closure's records
    were still read: every session went back to Thursday, though the reopening had left them moved. SQLite and
    PostgreSQL alike."""
    place_bookings(stock(store_url), skip=("course-spine",))
    close_thursday(capsys, store_url)
    status, _, err = run(capsys, "reopen", "--db", store_url, "--date", THURSDAY.isoformat())
    assert status == 0, err
    left = stored(store_url)
    status, _, err = run(capsys, "book", "--db", store_url, "--course-id", "course-spine", "--earliest", "2030-03-28",
                         "--prefer-time", "08:30", "--machine", "Linac 3")
    assert status == 0, err
    spine = [b for b in stored(store_url) if b[0] == "course-spine"]
    close_thursday(capsys, store_url)
    assert {course_id for course_id, *_ in records(store_url)} == {"course-spine"}  # the first closure's records are gone
    status, out, err = run(capsys, "reopen", "--db", store_url, "--date", THURSDAY.isoformat(), "--move-back", "--json")
    assert status == 0, err
    answer = json.loads(out)
    # Dora's first fraction, and her Friday one, which had moved that day for the first fraction's set-up time
    assert [b["course_id"] for b in answer["moved_back"]] == ["course-spine", "course-spine"]
    assert [b for b in stored(store_url) if b[0] != "course-spine"] == left  # the others as the reopening left them
    assert [b for b in stored(store_url) if b[0] == "course-spine"] == spine  # Dora's course as booked: from Thursday again
    assert records(store_url) == []


def test_a_dry_run_writes_nothing(capsys, url, tmp_path):
    close_thursday(capsys, url)
    closed = stored(url)
    kept = records(url)
    folder = tmp_path / "updates"
    folder.mkdir()
    status, out, err = run(capsys, "reopen", "--db", url, "--date", THURSDAY.isoformat(), "--move-back", "--dry-run", "--json",
                           "--write-updates", str(folder))
    assert status == 0, err
    answer = json.loads(out)
    assert answer["dry_run"] is True and len(answer["moved_back"]) == 6
    assert stored(url) == closed and records(url) == kept and THURSDAY in closures(url)
    assert list(folder.iterdir()) == []
    status, out, err = run(capsys, "reopen", "--db", url, "--date", THURSDAY.isoformat(), "--move-back", "--dry-run")
    assert out.splitlines()[:2] == ["Would reopen the department Thu 2030-03-28 (snow); nothing was changed", "Would move back:"]
    assert ("  Zoë Ångström (H0001) fraction 4 (was 20): Linac 1 Mon 2030-04-22 08:30 -> Linac 1 Thu 2030-03-28 08:30 "
            "(the course is a session shorter again)") in out.splitlines()
    assert ("  Dora Mbeki (H0005) fraction 1 (was 5): Linac 1 Thu 2030-04-04 08:50 -> Linac 1 Thu 2030-03-28 08:50 "
            "(the course starts sooner again)") in out.splitlines()


def test_the_patients_given_a_calendar_are_owed_an_update(capsys, url, tmp_path):
    """Zoë was given her calendar, then the update the closure made: moving back changes it again, so it is owed (listed
    by calendar-updates until written)."""
    with desk_on(url) as desk:
        desk.export_calendar("course-prostate", now=datetime(2030, 3, 1, tzinfo=UTC))
    close_thursday(capsys, url)
    given = tmp_path / "given"
    given.mkdir()
    assert run(capsys, "calendar-updates", "--db", url, "--write-updates", str(given))[0] == 0
    assert owed_calendars(url) == []
    status, out, err = run(capsys, "reopen", "--db", url, "--date", THURSDAY.isoformat(), "--move-back", "--json")
    assert status == 0, err
    [calendar] = json.loads(out)["calendars"]
    assert calendar["course_id"] == "course-prostate" and calendar["changed"] >= 1 and calendar["written"] is None
    assert owed_calendars(url) == ["course-prostate"]


def test_write_updates_writes_the_changed_calendars(capsys, url, tmp_path):
    """--write-updates writes the update, readable by its owner only, and the patient is no longer owed one. (One never
    given the closure's update is owed none: moving back gives back the calendar they have.)"""
    with desk_on(url) as desk:
        desk.export_calendar("course-prostate", now=datetime(2030, 3, 1, tzinfo=UTC))
    close_thursday(capsys, url)
    given = tmp_path / "given"
    given.mkdir()
    assert run(capsys, "calendar-updates", "--db", url, "--write-updates", str(given))[0] == 0
    folder = tmp_path / "updates"
    folder.mkdir()
    status, out, err = run(capsys, "reopen", "--db", url, "--date", THURSDAY.isoformat(), "--move-back", "--write-updates", str(folder))
    assert status == 0, err
    [written] = list(folder.iterdir())
    assert stat.S_IMODE(written.stat().st_mode) == 0o600
    assert "Calendars to update:" in out and f"wrote {written}" in out
    assert owed_calendars(url) == []


def test_a_closure_recorded_before_this_version_says_no_old_slot_was_kept(capsys, url):
    """A store of revision 0010 whose closure was re-booked then: upgraded, `reopen --move-back` moves nothing back and
    says why for each session."""
    close_thursday(capsys, url)
    closed = stored(url)
    downgrade(url, "0010")  # as an older planner left it: the closure's moves not recorded
    with Store.open(url) as store:  # upgrades
        assert store.revision() == head_revision()
    assert records(url) == []
    status, out, err = run(capsys, "reopen", "--db", url, "--date", THURSDAY.isoformat(), "--move-back", "--json")
    assert status == 0, err
    answer = json.loads(out)
    assert answer["moved_back"] == [] and len(answer["stayed"]) == 6
    assert {(s["was"], s["reason"]) for s in answer["stayed"]} == {
        (None, "no old slot kept (moved before this version, or by an earlier closure of that day)")}
    assert next(s for s in answer["stayed"] if s["course_id"] == "course-prostate")["at"] == {
        "machine": "Linac 1", "start": "2030-04-22T08:30+01:00"}
    assert stored(url) == closed and THURSDAY not in closures(url)


def test_the_text_says_no_old_slot_was_kept(capsys, url):
    close_thursday(capsys, url)
    downgrade(url, "0010")
    status, out, err = run(capsys, "reopen", "--db", url, "--date", THURSDAY.isoformat(), "--move-back")
    assert status == 0, err
    assert ("  Zoë Ångström (H0001) fraction 20 (Linac 1 Mon 2030-04-22 08:30): no old slot kept (moved before this version, "
            "or by an earlier closure of that day)" in out.splitlines())


def test_migration_0011_up_and_down_keeps_a_downtimes_moves(capsys, store_url):
    """Downgraded to 0010 the closure's records go (an older planner would read them as a downtime's) and the downtime's
    stay; upgraded again, machine-up --move-back still moves the downtime's session back."""
    place_bookings(stock(store_url))
    assert run(capsys, "machine-down", "Linac 3", "--db", store_url, "--from", "2030-04-02T07:00", "--to", "2030-04-02T18:00")[0] == 0
    close_thursday(capsys, store_url)
    assert {(cause, day) for _, cause, day in records(store_url)} == {("downtime", None), ("closure", THURSDAY)}

    downgrade(store_url, "0010")
    engine = create_engine(store_url)
    try:
        columns = {c["name"] for c in inspect(engine).get_columns("downtime_moves")}
        with engine.connect() as connection:
            rows = connection.exec_driver_sql("SELECT course_id, from_machine FROM downtime_moves").all()
    finally:
        engine.dispose()
    assert "cause" not in columns and "closed_day" not in columns
    assert [tuple(r) for r in rows] == [("course-breast", "Linac 3")]

    with Store.open(store_url) as store:  # upgrades
        assert store.revision() == head_revision()
    assert records(store_url) == [("course-breast", "downtime", None)]
    status, out, err = run(capsys, "machine-up", "Linac 3", "--db", store_url, "--at", "2030-04-02T07:00", "--move-back", "--json")
    assert status == 0, err
    assert [b["course_id"] for b in json.loads(out)["moved_back"]] == ["course-breast"]


def test_machine_up_leaves_a_closures_moves_alone(capsys, url):
    """Linac 1 down on the closed Thursday and back: its downtime moved nothing, so machine-up --move-back names none of
    the sessions the closure moved off Linac 1 that day."""
    close_thursday(capsys, url)
    assert run(capsys, "machine-down", "Linac 1", "--db", url, "--from", "2030-03-28T07:00", "--to", "2030-03-28T18:00")[0] == 0
    status, out, err = run(capsys, "machine-up", "Linac 1", "--db", url, "--at", "2030-03-28T07:00", "--move-back", "--json")
    assert status == 0, err
    answer = json.loads(out)
    assert answer["moved_back"] == [] and answer["stayed"] == []


def test_help_names_move_back(capsys):
    with pytest.raises(SystemExit):
        run(capsys, "reopen", "--help")
    out = capsys.readouterr().out
    assert "--move-back" in out and "--write-updates" in out and "--dry-run" in out and "--json" in out


def test_move_back_for_days_never_closed_is_refused(capsys, url):
    close_thursday(capsys, url)
    status, out, err = run(capsys, "reopen", "--db", url, "--date", "2030-03-29", "--move-back")
    assert status == 2 and out == ""
    assert err.startswith("planner: error: --date: the department has no closure recorded on Fri 29 Mar 2030") and len(err.splitlines()) == 1


def save_without_thursday(monkeypatch, window) -> None:
    """The coordinator removes Thursday's closure in Department settings → Closures and saves."""
    from dataclasses import replace

    from planner.ui import department_settings

    def save(dialog) -> int:
        department = window.store_link.store.department()
        reopened = replace(department, closures=tuple(c for c in department.closures if c[0] != THURSDAY))
        dialog._save(reopened)
        dialog.result_department = reopened
        return 1

    monkeypatch.setattr(department_settings.DepartmentDialog, "exec", save)
    window.store_link.edit_department()


def table_rows(table) -> list[list[str]]:
    return [[table.item(r, c).text() for c in range(table.columnCount())] for r in range(table.rowCount())]


def test_department_settings_removing_a_closure_offers_to_move_back(qtbot, monkeypatch, tmp_path, capsys):
    """Saving without a closure to come asks, as a downtime saved shorter does; Move back puts the sessions back and the
    report says who went back from where to where and who stayed and why: Thursday was closed, reopened without moving
    back and closed again, so only Dora's session (the second closure's) goes back; what the first closure moved stays
    where that reopening left it (before, those went back to Thursday too, by the first closure's records)."""
    from PySide6.QtWidgets import QMessageBox

    from planner.ui.reopen_dialogs import ReopenReport
    from tests.window_helpers import answer

    from .booking_scenario import main_window_on

    made = stock(f"sqlite:///{tmp_path / 'department.db'}")
    place_bookings(made, skip=("course-spine",))
    close_thursday(capsys, made)
    # Another coordinator reopens and books Dora's course into Zoë's old slot; then closes Thursday again (Dora moves).
    assert run(capsys, "reopen", "--db", made, "--date", THURSDAY.isoformat())[0] == 0
    assert run(capsys, "book", "--db", made, "--course-id", "course-spine", "--earliest", "2030-03-28", "--prefer-time", "08:30",
               "--machine", "Linac 1")[0] == 0
    close_thursday(capsys, made)
    asked: list[str] = []
    reports: list[ReopenReport] = []
    monkeypatch.setattr(QMessageBox, "exec", answer("Move &back", asked))
    monkeypatch.setattr(ReopenReport, "exec", lambda self: reports.append(self) or 0)
    with main_window_on(qtbot, monkeypatch, made) as window:
        save_without_thursday(monkeypatch, window)
        said = window.statusBar().currentMessage()
    assert len(asked) == 1
    assert asked[0].startswith("The department reopens Thu 28 Mar 2030 (snow). Its closure moved 7 sessions: 2 can go back")
    assert "5 sessions would stay where they are (the report says why)." in asked[0]
    [report] = reports
    assert report.windowTitle() == "Department reopens: moving back report"
    back = table_rows(report.back_table)
    assert ["Zoë Ångström (H0001)", "20", "Linac 1 Mon 22 Apr 08:30", "not kept",
            "no old slot kept (moved before this version, or by an earlier closure of that day)"] in table_rows(report.stayed_table)
    assert len(table_rows(report.stayed_table)) == 5
    # her first fraction, and the next one, moved that day for the first fraction's set-up time, back in its slot too
    assert len(back) == 2 and back[0][:2] == ["Dora Mbeki (H0005)", "1 (was 5)"] and back[1][:2] == ["Dora Mbeki (H0005)", "2 (was 1)"]
    assert said == "Saved: the department reopens Thu 28 Mar 2030; 2 sessions moved back."
    assert THURSDAY not in closures(made)
    on_thursday = [s for s in stored(made) if s[4].startswith("2030-03-28")]
    assert {s[0] for s in on_thursday} == {"course-spine"}


def test_a_closure_of_an_older_version_is_not_offered_and_says_why(qtbot, monkeypatch, url, capsys):
    """Closed by an older planner (no old slot kept): nothing to ask; the status line says why the sessions stay."""
    from PySide6.QtWidgets import QMessageBox

    from tests.window_helpers import answer

    from .booking_scenario import main_window_on

    close_thursday(capsys, url)
    downgrade(url, "0010")
    with Store.open(url):
        pass  # upgraded
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", answer("Move &back", asked))
    with main_window_on(qtbot, monkeypatch, url) as window:
        save_without_thursday(monkeypatch, window)
        said = window.statusBar().currentMessage()
    assert asked == []
    assert said == ("Saved: the department reopens Thu 28 Mar 2030; 6 sessions its closure moved stay where they went (no old slot "
                    "was kept: moved before this version, or by an earlier closure of the day; move them in Bookings if wanted).")


def test_a_course_changed_meanwhile_loses_the_race(capsys, url, monkeypatch):
    """Another coordinator moves one of Zoë's sessions between our read and our write: nothing is written (the closure
    stays, no session moves back), exit 3."""
    from sqlalchemy import update

    close_thursday(capsys, url)
    closed = stored(url)
    real = db.remove_closures

    def meanwhile(connection, closed_days, who, zone=None):
        real(connection, closed_days, who, zone)
        connection.execute(update(db.bookings).where(db.bookings.c.course_id == "course-prostate", db.bookings.c.number == 20)
                           .values(starts_at=datetime(2030, 4, 22, 12, 0, tzinfo=UTC), ends_at=datetime(2030, 4, 22, 12, 20, tzinfo=UTC)))

    monkeypatch.setattr(db, "remove_closures", meanwhile)
    status, out, err = run(capsys, "reopen", "--db", url, "--date", THURSDAY.isoformat(), "--move-back")
    assert status == 3 and out == ""
    assert err.startswith("planner: conflict: reopening lost: ") and len(err.splitlines()) == 1, err
    # what happened, not a slot "taken by another booking" (the closed day's midnights on Linac 1, as it said before)
    assert "course course-prostate was changed by another coordinator meanwhile; nothing was changed" in err and "taken" not in err
    assert stored(url) == closed and THURSDAY in closures(url) and len(records(url)) == 6
