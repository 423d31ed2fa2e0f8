"""In the Bookings window a tab's Alt letter shows its page and puts the keys in it (as Alt+L, W and M do in
the main window): from the day field, Alt+S went to 'Waiting to start' but the keys stayed in the date, so
Down changed the day shown instead of choosing a course, and Enter could not book it."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from planner.ui.department_window import DepartmentWindow

from ..test_ui_machine_down_dialog import show_active


@pytest.mark.parametrize("key, page", [(Qt.Key.Key_S, "waiting"), (Qt.Key.Key_E, "occupancy"), (Qt.Key.Key_D, "day_view")])
def test_a_tab_letter_puts_the_keys_in_its_page(qtbot, golden_desk, key, page):
    golden_desk.today = date(2030, 3, 22)
    window = show_active(qtbot, DepartmentWindow(golden_desk, date(2030, 4, 2)))
    if page == "day_view":
        window.tabs.setCurrentWidget(window.waiting_page)
    window.date_edit.setFocus()
    qtbot.waitUntil(window.date_edit.hasFocus)
    shown = window.day
    QTest.keyClick(QApplication.focusWidget(), key, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is getattr(window, page))
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Down)
    assert window.day == shown  # the arrow chose in the page, not another day
