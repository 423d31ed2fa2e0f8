"""Tab reads the form top to bottom before the schedule: the Adjustments list and its Edit… and Remove
buttons sit under Urgent start at the foot of the form, so Tab reaches them after Urgent start and
before the List/Week/Month tabs (they came after the schedule's table, a jump back across the window)."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from planner.core.course import Adjustments, MakeUp, MissedSession
from planner.core.spec import CourseSpec
from tests.window_helpers import open_window

COURSE = CourseSpec(patient_name="Alex Example", patient_id="RX-1", site="prostate", fractions=20, start=date(2026, 12, 7),
                    tz="Europe/London", adjustments=Adjustments(missed=(MissedSession(date(2026, 12, 9), MakeUp.WEEKEND,
                                                                                      datetime(2026, 12, 12, 9, 0), "transport"),)))


def test_tab_reaches_the_adjustments_after_urgent_start_and_before_the_views(qtbot, monkeypatch):
    window = open_window(qtbot, monkeypatch, COURSE, (1280, 860))
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    panel = window.form.adjustments
    panel.list.setCurrentRow(0)  # an adjustment chosen: Edit… and Remove can be pressed
    assert panel.edit.isEnabled() and panel.remove.isEnabled()
    window.form.urgent.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.form.urgent)
    seen = []
    for _ in range(6):
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())
    assert seen[:5] == [panel.list, panel.edit, panel.remove, window.tabs.tabBar(), window.table]
