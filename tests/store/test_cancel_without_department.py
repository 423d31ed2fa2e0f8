"""Cancelling a course in a store that holds no department (courses planned and exported one by one,
nothing booked): the course is marked cancelled, its patient's calendar is marked as owed an update,
and exporting the course again gives that update (every coming event cancelled, SEQUENCE raised),
which clears the mark. Reinstating owes the calendar with its events back. From the command line
and from the window's Department menu."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar
from PySide6.QtWidgets import QMessageBox

from planner.app.cancelling import cancel_course, cancel_outlook, reinstate_course
from planner.store.db import Store
from planner.ui.course_cancel import cancel_open_course

from .booking_scenario import COURSES, course_spec, main_window_on
from .command_line import run

COURSE = "course-prostate"
EARLY = datetime(2030, 3, 1, tzinfo=UTC)  # before the course's first day (25 March 2030)


@pytest.fixture
def url(tmp_path) -> str:
    made = f"sqlite:///{tmp_path / 'courses.db'}"
    with Store.open(made) as store:
        store.save_course(course_spec(*COURSES[0]))
        assert store.department() is None
    return made


def owed(url: str) -> set[str]:
    with Store.open(url) as store:
        return store.calendars_owed([COURSE])


def exported(capsys, url: str, path: Path, said: str = "") -> Calendar:
    status, out, err = run(capsys, "export", "--course-id", COURSE, "--db", url, "--output", str(path))
    assert status == 0, err
    assert out.endswith(f"{said}\n")
    return Calendar.from_ical(path.read_bytes())


def events(calendar: Calendar) -> dict[str, tuple[str, int]]:
    return {str(e["UID"]): (str(e.get("STATUS", "CONFIRMED")), int(e.get("SEQUENCE", 0))) for e in calendar.walk("VEVENT")}


def test_the_command_line_cancels_and_the_export_again_gives_the_update(url, tmp_path, capsys):
    first = events(exported(capsys, url, tmp_path / "first.ics"))
    assert first and owed(url) == set()
    status, out, err = run(capsys, "course", "cancel", "--course-id", COURSE, "--db", url)
    assert status == 0, err
    assert out.startswith(f"Cancelled course {COURSE} (Zoë Ångström).\n")
    assert f"export the course again (export --course-id {COURSE} --output FILE.ics)" in out
    assert owed(url) == {COURSE}, "the Patients list marks the calendar owed"
    with Store.open(url) as store:
        assert store.load_course(COURSE).cancelled
    update = events(exported(capsys, url, tmp_path / "update.ics", " (the course is cancelled: only the appointments given; "
                                                                     "it cancels 20 events of the patient's earlier calendar)"))
    assert set(update) == set(first), "every event the patient has is in the update"
    assert all(status == "CANCELLED" and sequence > first[uid][1] for uid, (status, sequence) in update.items()), \
        "cancelled before it began: every event cancelled, SEQUENCE raised"
    assert owed(url) == set(), "given: no longer owed"
    again = events(exported(capsys, url, tmp_path / "again.ics", " (the course is cancelled: only the appointments given; "
                                                                 "it cancels 20 events of the patient's earlier calendar)"))
    assert again.keys() == update.keys(), "exported again: the same cancellations, said as such (not 'Wrote 0' alone)"
    status, out, _ = run(capsys, "course", "reinstate", "--course-id", COURSE, "--db", url, "--json")
    assert status == 0 and json.loads(out) == {"course_id": COURSE, "cancelled": False, "version": json.loads(out)["version"],
                                                "calendar_update_owed": True, "changed": 0, "left_out": [],
                                                "bookable": True}
    assert owed(url) == {COURSE}
    back = events(exported(capsys, url, tmp_path / "back.ics"))
    assert set(back) == set(first) and all(status == "CONFIRMED" for status, _ in back.values())
    assert all(back[uid][1] > update[uid][1] for uid in back), "each event back, a later SEQUENCE than its cancellation"


def test_a_course_never_exported_owes_no_calendar(url, capsys):
    status, out, _ = run(capsys, "course", "cancel", "--course-id", COURSE, "--db", url, "--json")
    answer = json.loads(out)
    assert status == 0 and answer["cancelled"] and not answer["calendar_update_owed"] and answer["released"] == 0
    assert owed(url) == set()
    status, out, err = run(capsys, "course", "cancel", "--course-id", COURSE, "--db", url)
    assert (status, out) == (2, "") and err == f"planner: error: --course-id: course {COURSE} is already cancelled\n"
    status, _, err = run(capsys, "course", "cancel", "--course-id", "no-such-course", "--db", url)
    assert status == 2 and err.count("\n") == 1 and err.startswith("planner: error: --course-id: ")


def test_the_use_cases_take_the_store_itself(url):
    with Store.open(url) as store:
        outlook = cancel_outlook(store, COURSE, now=EARLY)
        assert (outlook.coming, outlook.given, outlook.exported, outlook.cancelled) == (0, 0, False, False)
        done = cancel_course(store, COURSE, expected_version=outlook.version, now=EARLY)
        assert (done.released, done.kept, done.update, done.owed, done.booked) == (0, 0, None, False, False)
        assert done.version == outlook.version + 1
        again = reinstate_course(store, COURSE, now=EARLY)
        assert (again.update, again.owed, again.version) == (None, False, done.version + 1)
        assert not store.load_course(COURSE).cancelled


@contextmanager
def cancelled_in_window(qtbot, monkeypatch, url: str, shown: list[QMessageBox]) -> Iterator[Any]:
    """The main window on `url` with COURSE open and cancelled by its confirmation (each box shown kept in `shown`)."""
    def exec_(box: QMessageBox) -> int:
        shown.append(box)
        next(b for b in box.buttons() if b.text() == "&Cancel course").click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: pytest.fail(f"refused: {a[2]}"))
    with main_window_on(qtbot, monkeypatch, url) as window:
        qtbot.waitUntil(lambda: window.started, timeout=10_000)
        window.store_link.open_course(COURSE)
        assert cancel_open_course(window)
        yield window


def test_the_window_cancels_and_says_to_export_again(qtbot, monkeypatch, url, tmp_path, capsys):
    exported(capsys, url, tmp_path / "first.ics")
    shown: list[QMessageBox] = []
    with cancelled_in_window(qtbot, monkeypatch, url, shown) as window:
        said = shown[0].informativeText()
        assert "File → Export calendar" in said and "Calendars tab" not in said and "nothing to release" in said
        assert window.statusBar().currentMessage().startswith("Course cancelled. The patient's calendar update is owed: export")
        assert window.store_link.opened.cancelled
    assert owed(url) == {COURSE}


def test_a_course_in_a_store_without_a_department_is_not_said_to_wait_for_booking(qtbot, monkeypatch, url):
    from planner.ui.result_panel import NOT_BOOKED

    with main_window_on(qtbot, monkeypatch, url) as window:
        qtbot.waitUntil(lambda: window.started, timeout=10_000)
        window.store_link.open_course(COURSE)
        assert NOT_BOOKED not in window.summary.text(), "nothing can be booked without a department"
