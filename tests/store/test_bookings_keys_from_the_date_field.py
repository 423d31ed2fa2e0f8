"""The Bookings window opens with the keys in its date field; there Ctrl+U (Machine back sooner…) was the field's own
"delete the whole line" on Linux: the day shown was erased ("Day shown: '' is not a date") and no dialog opened. The
window's keys reach the window from the date field, as the main window's do from its fields."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtTest import QTest

from planner.ui.department_window import DepartmentWindow

from ..test_ui_machine_down_dialog import show_active


def test_ctrl_u_in_the_date_field_opens_machine_back_sooner_and_keeps_the_day(qtbot, golden_desk):
    golden_desk.today = date(2030, 3, 22)
    window = show_active(qtbot, DepartmentWindow(golden_desk, date(2030, 4, 2)))
    assert window.back_action.shortcut() == QKeySequence("Ctrl+U")
    window.back_action.triggered.disconnect()  # the dialog itself is modal: count its opening instead
    opened: list[bool] = []
    window.back_action.triggered.connect(lambda *_: opened.append(True))
    window.date_edit.setFocus()
    qtbot.waitUntil(window.date_edit.hasFocus)
    shown = window.date_edit.text()
    QTest.keyClick(window.date_edit, Qt.Key.Key_U, Qt.KeyboardModifier.ControlModifier)
    assert opened == [True]
    assert window.date_edit.text() == shown and window.date_edit.problem == ""


def test_the_date_field_leaves_every_key_of_the_window_to_the_window(qtbot, golden_desk):
    """As on Linux, where the field claims Ctrl+U (and Ctrl+Z when a move can be undone) before the window's shortcut."""
    golden_desk.today = date(2030, 3, 22)
    window = show_active(qtbot, DepartmentWindow(golden_desk, date(2030, 4, 2)))
    for action in (window.back_action, window.down_action, window.today_action, window.print_action):
        key = action.shortcut()[0]
        override = QKeyEvent(QEvent.Type.ShortcutOverride, key.key(), key.keyboardModifiers())
        override.accept()  # what a text field does with a key it has a binding for (X11: Ctrl+U deletes the line)
        assert window.eventFilter(window.date_edit, override), action.shortcut().toString()  # not the field's
        assert not override.isAccepted(), action.shortcut().toString()
    typed = QKeyEvent(QEvent.Type.ShortcutOverride, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    typed.accept()  # select all: no key of the window, still the field's
    assert not window.eventFilter(window.date_edit, typed)
    assert typed.isAccepted()
