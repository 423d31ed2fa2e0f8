"""The course form's Adjustments list wraps a long line, as the closures list does: at 1366x768 a
missed session with its make-up and reason is read whole, never cut at the list's edge behind a
sideways scroll bar."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QRect, Qt

from planner.core.course import Adjustments, MakeUp, MissedSession
from planner.core.spec import CourseSpec
from tests.window_helpers import open_window

COURSE = CourseSpec(patient_name="Alex Example", patient_id="RX-1", site="head-neck", fractions=30, start=date(2026, 11, 23),
                    tz="Europe/London", adjustments=Adjustments(missed=(
                        MissedSession(date(2026, 11, 25), MakeUp.WEEKEND, datetime(2026, 11, 28, 9, 0),
                                      "transport did not come and the patient could not reach the department"),)))


def test_a_long_adjustment_line_wraps_whole_in_the_list(qtbot, monkeypatch):
    window = open_window(qtbot, monkeypatch, COURSE, (1366, 768))
    listed = window.form.adjustments.list
    qtbot.waitUntil(lambda: listed.count() == 1 and listed.item(0).flags() != Qt.ItemFlag.NoItemFlags)
    qtbot.wait(20)
    assert not listed.horizontalScrollBar().isVisible()
    item = listed.item(0)
    rect = listed.visualItemRect(item)
    assert rect.right() < listed.viewport().width(), (rect, listed.viewport().width())
    metrics = listed.fontMetrics()
    wrapped = metrics.boundingRect(QRect(0, 0, rect.width(), 100000), int(Qt.TextFlag.TextWordWrap.value), item.text())
    assert rect.height() >= wrapped.height() > metrics.height() * 1.5, (rect.height(), wrapped.height())
