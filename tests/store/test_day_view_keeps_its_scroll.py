"""Tab (or Shift+Tab) out of the Bookings window's day view scrolled the day by hours (at 1024x700 from 08:00 to
10:30): the day's scroll area showed the day view, which had just lost the focus, as Qt's scroll area does for
a child taking it. Leaving the day now leaves it where the coordinator had it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from .test_department_window_eyes import desk, window  # noqa: F401 - the fixtures


@pytest.mark.parametrize("key", [Qt.Key.Key_Tab, Qt.Key.Key_Backtab])
def test_leaving_the_day_view_by_tab_does_not_scroll_the_day(qtbot, window, key):  # noqa: F811
    bar = window.day_scroll.verticalScrollBar()
    assert bar.maximum() > 0  # the day scrolls
    window.day_view.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(window.day_view.hasFocus)
    bar.setValue(0)
    QTest.keyClick(window.day_view, key)
    assert QApplication.focusWidget() is not window.day_view
    assert bar.value() == 0
