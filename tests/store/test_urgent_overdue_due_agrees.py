"""An urgent course whose ready day has passed (first fraction planned last Friday, not booked by Wednesday): its due
day is the urgent limit counted from that ready day (Tue 26 Mar), as the course's header ("it was due to start by"),
the Book dialog's notes and the waiting list say. When no machine has room until after the booking engine's own
limit, the proposal's warning was the engine's, counted from today ("cannot start within 2 working days", that is
by Fri 29 Mar): a second due day, three days later than the one shown beside it. Now the warning names the due day
shown, wherever the proposals are said (the Book dialog, `book`); the engine's choice of slots is unchanged."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from planner.app.booking import BookingDesk, course_urgent_due, open_desk
from planner.core.clinic import PackageHolidays
from planner.core.department import load_department
from planner.ui.booking_dialogs import BookDialog

from .booking_scenario import DEPARTMENT_FILE, course_spec
from .command_line import run
from .test_urgent_due_one_rule import CATALOGUE, stocked

TODAY = date(2030, 3, 27)  # a Wednesday; the golden department's urgent limit is 2 working days
READY = date(2030, 3, 22)  # the Friday before: its first fraction planned (no planning scan)
DUE = date(2030, 3, 26)  # two working days after it was ready: Tuesday, gone by
FIRST = date(2030, 4, 8)  # every linac down until Friday 5 April: the first day a linac has room
WARNING = ("urgent course cannot start by Tue 26 Mar 2030, 2 working days after it was ready "
           "(first possible Mon 8 Apr 2030)")
PALLIATIVE = course_spec("course-palliative", "Ines Duarte", "H0020", "palliative", "5-daily", None,
                         start=READY).updated(urgent=True)


@pytest.fixture
def url(tmp_path: Path, capsys) -> str:
    made = stocked(tmp_path, PALLIATIVE)
    for machine in ("Linac 1", "Linac 2", "Linac 3"):
        status, _, err = run(capsys, "machine-down", machine, "--db", made, "--from", "2030-03-27T07:00", "--to",
                             "2030-04-05T19:00", "--reason", "service")
        assert status == 0, err
    return made


def test_the_proposals_warning_names_the_due_day_shown_beside_them(url):
    department = load_department(DEPARTMENT_FILE)
    assert course_urgent_due(department, PackageHolidays(), CATALOGUE, PALLIATIVE, date(2026, 1, 1), TODAY) == DUE
    with open_desk(url, CATALOGUE) as desk:
        desk.today = TODAY
        [waiting] = desk.waiting()
        answer = desk.propose("course-palliative")
    assert (waiting.ready, waiting.due) == (READY, DUE)
    assert (answer.earliest, answer.urgent_due) == (READY, DUE)
    assert answer.best is not None and answer.best.first == FIRST  # the engine's choice: the first day with room
    assert answer.warnings == (WARNING,), "one due day: the one shown, not the engine's own count from today"


def test_book_says_the_due_day_shown(capsys, url, monkeypatch):
    monkeypatch.setattr(BookingDesk, "today", property(lambda self: TODAY))
    status, out, err = run(capsys, "book", "--course-id", "course-palliative", "--dry-run", "--db", url)
    assert status == 0, err
    assert f"! {WARNING}" in out.splitlines()
    assert "within 2 working days" not in out


def test_the_book_dialog_says_one_due_day(qtbot, url):
    with open_desk(url, CATALOGUE) as desk:
        desk.today = TODAY
        dialog = BookDialog(desk, "course-palliative")
        qtbot.addWidget(dialog)
        dialog.find_proposals()
        qtbot.waitUntil(lambda: "urgent due day" in dialog.notes.text())
        notes = dialog.notes.text()
    assert "Starts after the urgent due day, Tue 26 Mar 2030." in notes
    assert "cannot start by Tue 26 Mar 2030" in notes and "within 2 working days" not in notes
