"""'Waiting to start' reached by its Alt letter (or Tab): the course the keys are on, which the status line names and
Enter books or shows, is highlighted as a whole row in the selection's colour. It used to be marked only by a pale tint
of its first cell (Qt's current cell without a selection), next to invisible on the white list."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from planner.ui.department_window import DepartmentWindow

from ..test_ui_machine_down_dialog import show_active


def test_the_alt_letter_highlights_the_course_it_says(qtbot, golden_desk):
    golden_desk.today = date(2030, 3, 22)
    window = show_active(qtbot, DepartmentWindow(golden_desk, date(2030, 4, 2)))
    window.date_edit.setFocus()
    qtbot.waitUntil(window.date_edit.hasFocus)
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(window.waiting.hasFocus)
    row = window.waiting.currentRow()
    assert row >= 0
    assert [index.row() for index in window.waiting.selectionModel().selectedRows()] == [row]
    assert window.message.text().startswith(window.waiting.courses[row].patient)
