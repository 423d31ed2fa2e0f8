"""In the Bookings window, Ctrl+End in 'Waiting to start' then Ctrl+B books the course highlighted (the last),
not the one highlighted before the keys moved."""

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
def desk(tmp_path):
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    place_bookings(url, skip=("course-prostate-2",))
    opened = open_desk(url, load_catalogue(default_catalogue_path()))
    opened.today = date(2030, 3, 20)  # before the golden courses start: they all wait
    yield opened
    opened.store.close()


def test_ctrl_end_then_ctrl_b_books_the_last_course(qtbot, desk, monkeypatch):
    asked: list[str] = []
    monkeypatch.setattr(department_window.BookDialog, "exec", lambda dialog: asked.append(dialog.course_id) or 0)
    window = DepartmentWindow(desk, date(2030, 4, 2))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)  # the window's Ctrl+B reaches it
    window.tabs.setCurrentWidget(window.waiting_page)
    waiting = window.waiting
    assert waiting.rowCount() > 2
    waiting.setFocus()
    waiting.selectRow(0)
    QTest.keyClick(waiting, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(waiting, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    assert asked == [waiting.courses[-1].course_id]
