"""After a re-plan (a dialog closed, a move, a missed mark, the window active again) the list keeps the appointment
selected, and the arrow keys go on from it. In the folded list beside the Patients dock on a 1024-pixel screen the
first column ("#") is hidden: the appointment was made current in it, and Down and Up then did nothing at all, the
keys stuck on the appointment kept selected."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from .test_ui_small_screen import make_window, show_patients  # noqa: F401 - the fixture


def selected_row(window) -> int:
    rows = window.table.selectionModel().selectedRows()
    return rows[0].row() if rows else -1


def test_down_goes_on_from_the_appointment_kept_selected_in_the_folded_list(qtbot, make_window):  # noqa: F811
    window = make_window(1024, 700)
    show_patients(qtbot, window, True)
    table = window.table
    qtbot.waitUntil(lambda: table.isColumnHidden(0))  # folded beside the dock: the "#" column is hidden
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    table.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is table)
    for _ in range(3):
        QTest.keyClick(table, Qt.Key.Key_Down)
    chosen = selected_row(window)
    assert chosen >= 1
    window.results.show_result(window.session.result)  # the re-plan every change or refresh makes
    assert selected_row(window) == chosen  # kept selected
    assert not table.isColumnHidden(table.currentIndex().column())  # and current in a column on show
    QTest.keyClick(table, Qt.Key.Key_Down)
    assert selected_row(window) == chosen + 1
    QTest.keyClick(table, Qt.Key.Key_Up)
    QTest.keyClick(table, Qt.Key.Key_Up)
    assert selected_row(window) == chosen - 1
