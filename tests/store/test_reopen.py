"""`reopen`: the department reopens after a closure (`closure`) was recorded for days to come. The closure is taken
back and the department's trail says who removed it; without --move-back (tests/store/test_reopen_move_back.py) what
the closure moved stays where it is and is listed; --dry-run changes nothing; bad input is one line and exit
status 2; a closure changed meanwhile by another coordinator loses the race (exit 3, nothing written).

The golden department: Zoë Ångström's prostate course (keeping its own calendar) is booked on Linac 1 at 08:30 from
Mon 25 Mar 2030; the closure of Thu 28 Mar adds her session of that day at the end of the course, Mon 22 Apr."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

from planner.store.db import Store
from planner.store.db import bookings as db

from .booking_scenario import place_bookings, stock
from .command_line import run

THURSDAY = date(2030, 3, 28)


@pytest.fixture
def url(tmp_path: Path, capsys) -> str:
    made = stock(f"sqlite:///{tmp_path / 'department.db'}")
    place_bookings(made)
    status, _, err = run(capsys, "closure", "--db", made, "--date", THURSDAY.isoformat(), "--reason", "snow")
    assert status == 0, err
    return made


def closures(url: str) -> tuple[tuple[date, str], ...]:
    with Store.open(url) as store:
        department = store.department()
        assert department is not None
        return department.closures


def stored(url: str) -> list[tuple[str, str, int, str, str]]:
    with Store.open(url) as store, store.engine.connect() as connection:
        return sorted((b.course_id, b.kind.value, b.number, b.machine, b.start.isoformat()) for b in db.all_bookings(connection))


def test_reopen_takes_the_closure_back_and_lists_what_it_moved(capsys, url):
    before = stored(url)
    assert (THURSDAY, "snow") in closures(url)
    status, out, err = run(capsys, "reopen", "--db", url, "--date", THURSDAY.isoformat(), "--json")
    assert status == 0, err
    report = json.loads(out)
    assert set(report) == {"reopened", "already_open", "dry_run", "moved_back", "stayed", "renumbered", "still_moved", "left_moved",
                           "calendars", "left_out"}
    assert report["reopened"] == [{"date": "2030-03-28", "reason": "snow"}] and report["dry_run"] is False
    assert report["moved_back"] == [] and report["stayed"] == [] and report["left_moved"] == 6, "not asked to move back"
    assert {"course_id": "course-prostate", "kind": "fraction", "number": 20, "at": {"machine": "Linac 1", "start": "2030-04-22T08:30+01:00"},
            "closed_day": "2030-03-28"} in report["still_moved"]
    assert len(report["still_moved"]) == 6  # every booked course had a session that Thursday
    assert THURSDAY not in {day for day, _ in closures(url)}
    assert stored(url) == before  # nothing was moved
    status, out, err = run(capsys, "department", "show", "--db", url, "--json")
    assert status == 0, err
    assert [(r["what"], r["date"], r["note"]) for r in json.loads(out)["removed"]] == [("closure", "2030-03-28", "snow")]
    # the course keeping its own calendar no longer shows the closure
    status, out, err = run(capsys, "plan", "--db", url, "--course-id", "course-prostate", "--json")
    assert status == 0, err
    assert json.loads(out)["pushed"] == []


def test_reopen_text_names_the_patients_who_stay_moved(capsys, url):
    status, out, err = run(capsys, "reopen", "--db", url, "--date", THURSDAY.isoformat())
    assert status == 0, err
    assert out.splitlines()[0] == "Reopened the department Thu 2030-03-28 (snow)"
    assert "  Zoë Ångström (H0001) fraction 20: Linac 1 Mon 2030-04-22 08:30 (for Thu 2030-03-28)" in out.splitlines()
    assert "reopen --move-back with the same days moves them back where their old slot is free" in out


def test_a_dry_run_changes_nothing(capsys, url):
    before = stored(url)
    status, out, err = run(capsys, "reopen", "--db", url, "--date", THURSDAY.isoformat(), "--dry-run")
    assert status == 0, err
    assert out.startswith("Would reopen the department Thu 2030-03-28 (snow); nothing was changed")
    assert (THURSDAY, "snow") in closures(url) and stored(url) == before


@pytest.mark.parametrize(("options", "said"), [
    (("--date", "2030-03-27"), r"^planner: error: --date: the department has no closure recorded on Wed 27 Mar 2030 \(closures to come: "),
    (("--date", "2020-03-27"), r"^planner: error: --date: Fri 27 Mar 2020 is past"),
    (("--date", "2030-03-28", "--to", "2030-03-27"), r"^planner: error: --to: the span must end on or after its first day"),
    (("--date", "2030-03-28", "--days", "0"), r"^planner: error: --days: "),
    (("--date", "28/03/2030"), r"^planner: error: --date: "),
])
def test_bad_input_is_one_line_and_exit_2(capsys, url, options, said):
    status, out, err = run(capsys, "reopen", "--db", url, *options)
    assert status == 2 and out == ""
    assert len(err.splitlines()) == 1 and re.match(said, err), err
    assert (THURSDAY, "snow") in closures(url)


def test_a_closure_changed_meanwhile_loses_the_race(capsys, url, monkeypatch):
    """Another coordinator changes the closure's note between our read and our write: nothing is written, exit 3."""
    real = db.remove_closures

    def meanwhile(connection, closed, who, zone=None):
        from sqlalchemy import update

        from planner.store.db import schema as t

        connection.execute(update(t.department).where(t.department.c.id == 1).values(
            closures=json.dumps([{"date": "2030-03-28", "name": "power cut"}])))
        real(connection, closed, who, zone)

    monkeypatch.setattr(db, "remove_closures", meanwhile)
    status, out, err = run(capsys, "reopen", "--db", url, "--date", THURSDAY.isoformat())
    assert status == 3 and out == ""
    assert err.startswith("planner: conflict: reopening lost: ") and "changed or removed meanwhile" in err and len(err.splitlines()) == 1
    assert (THURSDAY, "snow") in closures(url)  # rolled back whole


def test_a_closure_removed_in_department_settings_says_what_it_moved_stays(qtbot, monkeypatch, url):
    """The window's way to reopen (Department settings → Closures, Remove, Save) says the department reopens and, when
    the coordinator leaves them there (offered to move them back), that the sessions the closure moved stay where they
    went, where it said only "Department settings saved."."""
    from dataclasses import replace

    from PySide6.QtWidgets import QMessageBox

    from planner.ui import department_settings
    from tests.window_helpers import answer

    from .booking_scenario import main_window_on

    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", answer("&Leave them where they are", asked))
    with main_window_on(qtbot, monkeypatch, url) as window:
        def save_without_the_closure(dialog) -> int:  # the coordinator removes Thursday's closure and saves
            department = window.store_link.store.department()
            reopened = replace(department, closures=tuple(c for c in department.closures if c[0] != THURSDAY))
            dialog._save(reopened)
            dialog.result_department = reopened
            return 1

        monkeypatch.setattr(department_settings.DepartmentDialog, "exec", save_without_the_closure)
        window.store_link.edit_department()
        said = window.statusBar().currentMessage()
    assert len(asked) == 1 and "6 can go back" in asked[0]
    assert said == "Saved: the department reopens Thu 28 Mar 2030; what its closure moved stays moved (Bookings → Move back after reopening… later)."
    assert THURSDAY not in {day for day, _ in closures(url)}


def test_reopen_on_each_kind_of_store(capsys, store_url):
    """SQLite and PostgreSQL alike: the closure goes, in one write with its trail entry, nothing moves."""
    place_bookings(stock(store_url))
    assert run(capsys, "closure", "--db", store_url, "--date", THURSDAY.isoformat(), "--reason", "snow")[0] == 0
    before = stored(store_url)
    status, out, err = run(capsys, "reopen", "--db", store_url, "--date", THURSDAY.isoformat(), "--json")
    assert status == 0, err
    assert len(json.loads(out)["still_moved"]) == 6
    assert THURSDAY not in {day for day, _ in closures(store_url)} and stored(store_url) == before
    status, out, err = run(capsys, "department", "show", "--db", store_url, "--json")
    assert [(r["what"], r["date"]) for r in json.loads(out)["removed"]] == [("closure", "2030-03-28")]
