"""The Bookings window's 'Waiting to start' in a busy department: a find line above the list keeps only the courses whose
patient's name or hospital number holds what is typed, 'Not booked only' keeps the courses still to book (in a department
with hundreds on treatment, the few to book are otherwise sorted among the booked ones by due date), and the line says how
many courses there are and how many wait to be booked. Typed, then Enter, then Ctrl+B: the course found is booked."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from planner.app.booking import open_desk
from planner.core.catalogue import load_catalogue
from planner.resources_path import default_catalogue_path
from planner.ui import department_window
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
    shown.tabs.setCurrentWidget(shown.waiting_page)
    yield shown
    shown.close()
    desk.store.close()


def names(window: DepartmentWindow) -> list[str]:
    return [window.waiting.item(row, 0).text() for row in range(window.waiting.rowCount())]


def test_the_page_counts_the_courses_and_those_not_booked(window):
    assert window.waiting.rowCount() == 6
    assert window.waiting_page.count.text() == "6 courses, 2 not booked"


def test_typing_part_of_a_name_keeps_only_its_patient(qtbot, window):
    QTest.keyClicks(window.waiting_page.find, "lindq")
    assert names(window) == ["Bea Lindqvist"]
    assert window.waiting_page.count.text() == "Showing 1 of 6 courses, 2 not booked"
    window.waiting_page.find.clear()
    assert len(names(window)) == 6


def test_a_hospital_number_finds_its_patient(window):
    QTest.keyClicks(window.waiting_page.find, "h0006")
    assert names(window) == ["Eamon O'Neill"]


def test_not_booked_only_keeps_the_courses_still_to_book(window):
    window.waiting_page.unbooked.setChecked(True)
    assert sorted(names(window)) == ["Chen Wei", "Eamon O'Neill"]
    assert all(course.booked_first is None for course in window.waiting.courses)
    window.refresh()  # a redraw (the window activated again) keeps the filter
    assert sorted(names(window)) == ["Chen Wei", "Eamon O'Neill"]


def test_the_filter_stays_when_discreet_turns_names_to_initials(window):
    QTest.keyClicks(window.waiting_page.find, "Eamon")
    window.discreet.setChecked(True)
    assert names(window) == ["E. O."]


def test_typed_then_enter_then_ctrl_b_books_the_course_found(qtbot, window, monkeypatch):
    asked: list[str] = []
    monkeypatch.setattr(department_window.BookDialog, "exec", lambda dialog: asked.append(dialog.course_id) or 0)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.waiting_page.find.setFocus()
    QTest.keyClicks(window.waiting_page.find, "o'neill")
    QTest.keyClick(window.waiting_page.find, Qt.Key.Key_Return)
    assert window.waiting.hasFocus() and window.waiting.currentRow() == 0
    QTest.keyClick(window.waiting, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    assert asked == ["course-prostate-2"]


def test_escape_in_the_find_field_shows_every_course_again(window):
    QTest.keyClicks(window.waiting_page.find, "zzz")
    assert names(window) == [] and window.waiting_page.count.text() == "Showing 0 of 6 courses, 2 not booked"
    QTest.keyClick(window.waiting_page.find, Qt.Key.Key_Escape)
    assert window.waiting_page.find.text() == "" and len(names(window)) == 6
