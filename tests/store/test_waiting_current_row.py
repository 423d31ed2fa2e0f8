"""In the Bookings window, the waiting course with the keys' focus frame (reached by Tab, no click)
is the one Ctrl+B books: it said 'Choose a course in Waiting to start first' until Space selected it."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from planner.ui.department_window import DepartmentWindow

from ..test_ui_machine_down_dialog import show_active


def test_book_takes_the_row_with_the_focus_frame(waiting_window, monkeypatch):
    window = waiting_window
    waiting = window.waiting
    assert waiting.rowCount() >= 1
    booked: list[str] = []
    monkeypatch.setattr(window, "book_course", lambda course_id: booked.append(course_id))
    waiting.clearSelection()
    waiting.setCurrentCell(-1, -1)
    window.book_selected()
    assert booked == [] and window.message.text().startswith("Choose a course in 'Waiting to start' first")
    waiting.setCurrentCell(waiting.rowCount() - 1, 0)
    waiting.clearSelection()  # the focus frame on the row, nothing selected
    assert not waiting.selectionModel().selectedRows()
    window.book_selected()
    assert booked == [waiting.courses[-1].course_id]


def test_book_with_nothing_chosen_puts_the_keys_in_the_waiting_list(qtbot, golden_desk, monkeypatch):
    """Ctrl+B from the day's date field showed 'Waiting to start' but left the keys in the date: Down then
    changed the day shown instead of choosing a course, and Ctrl+B again said the same."""
    golden_desk.today = date(2030, 3, 22)
    window = show_active(qtbot, DepartmentWindow(golden_desk, date(2030, 4, 2)))
    assert window.waiting.rowCount() >= 1
    booked: list[str] = []
    monkeypatch.setattr(window, "book_course", lambda course_id: booked.append(course_id))
    window.date_edit.setFocus()
    qtbot.waitUntil(window.date_edit.hasFocus)
    shown = window.day
    window.book_selected()
    assert booked == [] and window.tabs.currentWidget() is window.waiting_page
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.waiting)
    QTest.keyClick(window.waiting, Qt.Key.Key_Down)
    assert window.day == shown
    window.book_selected()
    assert len(booked) == 1


def test_book_with_nothing_chosen_chooses_the_first_course_not_booked(qtbot, tmp_path, monkeypatch):
    """Ctrl+B with no course chosen put the keys' frame on the list's first row, a course booked already: Enter
    or Ctrl+B again opened a Book dialog that only said so. The frame now goes to the first course not booked."""
    from planner.app.booking import BookingDesk
    from planner.core.catalogue import load_catalogue
    from planner.resources_path import default_catalogue_path
    from planner.store.db import Store

    from .booking_scenario import place_bookings, stock

    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    place_bookings(url, skip=("course-prostate-2",))  # Eamon O'Neill's course waits, not booked
    with Store.open(url) as store:
        desk = BookingDesk(store, load_catalogue(default_catalogue_path()), today=date(2030, 3, 22))
        window = show_active(qtbot, DepartmentWindow(desk, date(2030, 4, 2)))
        waiting = window.waiting
        unbooked = [row for row, course in enumerate(waiting.courses) if course.booked_first is None]
        assert len(unbooked) == 1 and unbooked[0] > 0 and waiting.courses[0].booked_first is not None  # the case
        booked: list[str] = []
        monkeypatch.setattr(window, "book_course", lambda course_id: booked.append(course_id))
        window.book_selected()
        assert booked == [] and waiting.currentRow() == unbooked[0]
        assert "the first not booked yet is chosen" in window.message.text()
        qtbot.waitUntil(lambda: QApplication.focusWidget() is waiting)
        window.book_selected()  # Ctrl+B again books it
        assert booked == ["course-prostate-2"]
        window.close()
