"""A save of a stored course whose patient was given its calendar owes the patient the update in a store that holds no
department too (courses planned and exported one by one, nothing booked), in the window and from `course save`: the
Patients list's "Update owed", the status line and the command's note say it, and exporting the course again gives the
update and clears the mark. Before, only a store with a department owed it: without one a changed save owed nothing,
and the patient's phone stayed wrong unsaid. A save that leaves the calendar as it was owes nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from planner.store.db import Store
from planner.ui import dialogs
from planner.ui.patient_list import CALENDAR_OWED

from .booking_scenario import COURSES, course_spec, main_window_on
from .command_line import run

COURSE = "course-prostate"
PHONE = "+44 20 7946 0000"
MISSED = ["course", "save", "--course-id", COURSE, "--missed", "3=end", "--reason", "unwell"]


@pytest.fixture
def url(capsys, tmp_path) -> str:
    """A store without a department, COURSE in it and exported (its patient holds that calendar)."""
    made = f"sqlite:///{tmp_path / 'courses.db'}"
    with Store.open(made) as store:
        store.save_course(course_spec(*COURSES[0]))
        store.save_course(course_spec(*COURSES[1]))
        assert store.department() is None
    exported(capsys, made, tmp_path / "given.ics")
    return made


def exported(capsys, url: str, path: Path) -> None:
    status, _, err = run(capsys, "export", "--course-id", COURSE, "--db", url, "--output", str(path))
    assert status == 0, err


def owed(url: str) -> set[str]:
    with Store.open(url) as store:
        return store.calendars_owed([COURSE, "course-breast"])


def test_course_save_owes_the_update_and_says_how_to_give_it(capsys, url, tmp_path):
    status, out, err = run(capsys, *MISSED, "--db", url)
    assert status == 0, err
    assert out == f"{COURSE}\n"
    assert (f"planner: note: the patient's calendar changed: give them the update: `export --course-id {COURSE} "
            "--output FILE.ics` writes it") in err
    assert "calendar-updates" not in err, "no department: that command has no calendars to write"
    assert owed(url) == {COURSE}, "the Patients list marks the calendar owed"
    exported(capsys, url, tmp_path / "update.ics")
    assert owed(url) == set(), "exported again: given, no longer owed"


def test_course_save_json_names_the_update(capsys, url):
    status, out, err = run(capsys, *MISSED, "--db", url, "--json")
    assert status == 0, err
    answer = json.loads(out)
    (calendar,) = answer["calendars"]
    assert (calendar["course_id"], calendar["patient"], calendar["written"]) == (COURSE, "Zoë Ångström", None)
    assert calendar["changed"] > 0
    assert owed(url) == {COURSE}


def test_a_save_that_leaves_the_calendar_as_it_was_owes_nothing(capsys, url):
    status, out, err = run(capsys, "course", "save", "--course-id", COURSE, "--urgent", "--db", url, "--json")
    assert status == 0, err
    assert json.loads(out)["calendars"] == []
    assert owed(url) == set()


def test_a_mark_taken_back_is_no_longer_owed(capsys, url):
    assert run(capsys, *MISSED, "--db", url)[0] == 0
    status, out, err = run(capsys, "course", "save", "--course-id", COURSE, "--not-missed", "3", "--db", url, "--json")
    assert status == 0, err
    assert json.loads(out)["calendars"] == []
    assert owed(url) == set()


def test_a_course_never_exported_owes_nothing(capsys, url):
    status, out, err = run(capsys, "course", "save", "--course-id", "course-breast", "--missed", "3=end", "--reason",
                           "unwell", "--db", url, "--json")
    assert status == 0, err
    assert json.loads(out)["calendars"] == []
    assert owed(url) == set()


def given_in_window(window, monkeypatch, path: Path) -> None:
    """COURSE opened and its calendar exported from the window (File → Export calendar, the dialog's defaults), as the
    patient is given it at this desk (its clinic's name and phone)."""
    window.store_link.open_course(COURSE)
    monkeypatch.setattr(dialogs.ExportDialog, "exec", lambda self: True)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(path), "Calendar (*.ics)"))
    window.courses.export_calendar()
    assert path.exists()


def test_a_save_in_the_window_owes_the_update(qtbot, monkeypatch, url, tmp_path):
    with main_window_on(qtbot, monkeypatch, url, clinic_phone=PHONE) as window:
        qtbot.waitUntil(lambda: window.started, timeout=10_000)
        given_in_window(window, monkeypatch, tmp_path / "window.ics")
        link = window.store_link
        window.session.edit(window.session.spec.updated(location="Radiotherapy, Level B2"), "location")
        assert window.save_course() is True
        said = window.statusBar().currentMessage()
        assert "the patient's calendar changed: export it again (File → Export calendar)" in said
        assert "Department → Bookings" not in said, "no department: no Bookings window to write it from"
        model = link.patients.model
        row = next(n for n in range(model.rowCount()) if model.course(n).course_id == COURSE)
        assert model.course(row).calendar_owed
        assert CALENDAR_OWED in [model.data(model.index(row, column)) for column in range(model.columnCount())]
        hint = model.data(model.index(row, 0), Qt.ItemDataRole.ToolTipRole)
        assert "a save" in hint and "File → Export calendar" in hint, hint  # the way there is without a department
    assert owed(url) == {COURSE}


def test_a_save_in_the_window_that_changes_no_event_owes_nothing(qtbot, monkeypatch, url, tmp_path):
    with main_window_on(qtbot, monkeypatch, url, clinic_phone=PHONE) as window:
        qtbot.waitUntil(lambda: window.started, timeout=10_000)
        given_in_window(window, monkeypatch, tmp_path / "window.ics")
        window.session.edit(window.session.spec.updated(urgent=True), "urgent")
        assert window.save_course() is True
        assert "calendar changed" not in window.statusBar().currentMessage()
    assert owed(url) == set()
