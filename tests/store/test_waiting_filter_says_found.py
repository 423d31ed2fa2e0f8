"""'Waiting to start' filtered (Find typed, Not booked only ticked): the status line says the course now first in the
list, the one Ctrl+B books, and not the course said before the filter, which may be hidden now; nothing found: it says
nothing. A coordinator at 400 booked courses saw 'Ada Adeyemi … Enter shows its booking' under a list of courses to book
headed by another patient."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from planner.ui.department_window import DepartmentWindow

from .test_waiting_find import window  # noqa: F401 - the fixture


@pytest.fixture
def active(window: DepartmentWindow, qtbot) -> DepartmentWindow:  # noqa: F811 - the imported fixture
    """test_waiting_find's window (two courses wait to be booked, four are booked), active, on Waiting to start."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def said_first_booked(shown: DepartmentWindow) -> str:
    """The list's keys on its first booked course, said in the status line; its patient's name."""
    waiting = shown.waiting
    row = next(row for row, course in enumerate(waiting.courses) if course.booked_first is not None)
    waiting.setFocus()
    waiting.setCurrentCell(row, 0)
    name = waiting.courses[row].patient
    assert shown.message.text().startswith(name)
    return name


def test_not_booked_only_says_the_first_course_to_book(qtbot, active):
    booked = said_first_booked(active)
    QTest.keyClick(active.waiting, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(active.waiting_page.unbooked.isChecked)  # a letter clicks the box as a click shows: a moment later
    first = active.waiting.courses[0]
    assert first.booked_first is None and active.waiting.currentRow() == 0
    assert active.message.text().startswith(first.patient) and "Ctrl+B books it" in active.message.text()
    assert booked not in active.message.text()


def test_a_find_that_matches_nobody_says_nothing_of_a_course(active):
    said_first_booked(active)
    active.waiting_page.find.setFocus()
    QTest.keyClicks(active.waiting_page.find, "zzz")
    assert active.waiting.courses == [] and active.message.text() == ""


def test_a_find_says_the_course_found(active):
    said_first_booked(active)
    active.waiting_page.find.setFocus()
    QTest.keyClicks(active.waiting_page.find, "o'neill")
    assert active.message.text().startswith("Eamon O'Neill")
