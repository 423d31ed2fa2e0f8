"""The month view says in words what the selected day holds, so a closed day's reason is reachable by keyboard."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QTableView

from planner.core.spec import CourseSpec
from tests.window_helpers import open_window

COURSE = CourseSpec(patient_name="Alex Example", patient_id="RX-1", site="prostate", fractions=20,
                    start=date(2026, 12, 7), tz="America/New_York", holidays="US-NY")


def test_arrowing_onto_a_closed_day_shows_why_it_is_closed(qtbot, monkeypatch):
    window = open_window(qtbot, monkeypatch, COURSE)
    window.tabs.setCurrentIndex(2)
    panel = window.month
    assert "select the day or hover for why" in panel.legend.text().replace("\u00a0", " ")
    month = panel.view
    month.setSelectedDate(QDate(2026, 12, 24))
    qtbot.waitUntil(panel.day_note.isVisible)
    assert "Thu 24 Dec 2026" in panel.day_note.text() and "Closed" not in panel.day_note.text()
    assert "09:00 Radiotherapy 14 of 20" in panel.day_note.text()  # a treatment day: its appointments
    grid = month.findChild(QTableView)
    grid.setFocus(Qt.FocusReason.OtherFocusReason)
    QTest.keyClick(grid, Qt.Key.Key_Right)
    assert month.selectedDate() == QDate(2026, 12, 25)
    assert "Fri 25 Dec 2026" in panel.day_note.text()
    assert "Closed: Christmas Day (public holiday, New York)" in panel.day_note.text()
    QTest.keyClick(grid, Qt.Key.Key_Right)  # a weekend day: nothing planned, not called closed
    assert "Sat 26 Dec 2026" in panel.day_note.text() and "nothing planned" in panel.day_note.text()
