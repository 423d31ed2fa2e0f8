"""'Waiting to start' filtered (Find typed, Not booked only ticked): the status line says the course now first in the
list, the one Ctrl+B books, and not the course said before the filter, which may be hidden now; nothing found: it says
nothing. A coordinator at 400 booked courses saw 'Ada Adeyemi … Enter shows its booking' under a list of courses to book
headed by another patient."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from planner.app.booking import open_desk
from planner.core.catalogue import load_catalogue
from planner.resources_path import default_catalogue_path
from planner.ui.department_window import DepartmentWindow

from .booking_scenario import place_bookings, stock


@pytest.fixture
def window(qtbot, tmp_path):
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    place_bookings(url, skip=("course-prostate-2", "course-rectum"))  # two wait to be booked, four are booked
    desk = open_desk(url, load_catalogue(default_catalogue_path()))
    desk.today = date(2030, 3, 20)  # before the booked courses start: all six wait to start
    shown = DepartmentWindow(desk, date(2030, 4, 2))
    qtbot.addWidget(shown)
    shown.show()
    qtbot.waitExposed(shown)
    shown.activateWindow()
    qtbot.waitUntil(shown.isActiveWindow)
    shown.tabs.setCurrentWidget(shown.waiting_page)
    yield shown
    shown.close()
    desk.store.close()


def said_first_booked(window: DepartmentWindow) -> str:
    """The list's keys on its first booked course, said in the status line; its patient's name."""
    waiting = window.waiting
    row = next(row for row, course in enumerate(waiting.courses) if course.booked_first is not None)
    waiting.setFocus()
    waiting.setCurrentCell(row, 0)
    name = waiting.courses[row].patient
    assert window.message.text().startswith(name)
    return name


def test_not_booked_only_says_the_first_course_to_book(qtbot, window):
    booked = said_first_booked(window)
    QTest.keyClick(window.waiting, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(window.waiting_page.unbooked.isChecked)  # a letter clicks the box as a click shows: a moment later
    first = window.waiting.courses[0]
    assert first.booked_first is None and window.waiting.currentRow() == 0
    assert window.message.text().startswith(first.patient) and "Ctrl+B books it" in window.message.text()
    assert booked not in window.message.text()


def test_a_find_that_matches_nobody_says_nothing_of_a_course(window):
    said_first_booked(window)
    window.waiting_page.find.setFocus()
    QTest.keyClicks(window.waiting_page.find, "zzz")
    assert window.waiting.courses == [] and window.message.text() == ""


def test_a_find_says_the_course_found(window):
    said_first_booked(window)
    window.waiting_page.find.setFocus()
    QTest.keyClicks(window.waiting_page.find, "o'neill")
    assert window.message.text().startswith("Eamon O'Neill")
