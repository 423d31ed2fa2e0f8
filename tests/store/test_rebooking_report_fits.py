"""The re-booking report uses the screen: its moves take the height (not ~5 rows of a 1366×768 screen), the "How"
column takes the width left and wraps a long reason rather than hiding behind a horizontal scroll bar, and a report
with nothing moved is a few lines, not a large empty table."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QScreen
from PySide6.QtWidgets import QApplication

from planner.ui.booking_dialogs import DownReportDialog

LONDON = ZoneInfo("Europe/London")
LONG_HOW = ("end of course: no room the same day on a beam-matched machine, and the department gives no weekend "
            "or second session to this course")


@pytest.fixture
def desk(golden_desk):
    return golden_desk


@pytest.fixture
def screen_1366(monkeypatch):
    monkeypatch.setattr(QScreen, "availableGeometry", lambda screen: QRect(0, 0, 1366, 768))


def test_the_moves_take_the_height_and_a_long_how_wraps(qtbot, desk, screen_1366):
    for course in ("course-prostate", "course-spine"):
        desk.export_calendar(course)
    report, updates = desk.machine_down("Linac 1", datetime(2030, 3, 25, tzinfo=LONDON), datetime(2030, 4, 5, tzinfo=LONDON))
    assert len(report.moved) >= 12
    report = replace(report, moved=(replace(report.moved[0], how=LONG_HOW), *report.moved[1:]))
    shown = DownReportDialog(desk, report, updates)
    qtbot.addWidget(shown)
    assert (shown.width(), shown.height()) == (1100, 768 - 48)  # the screen's height, a readable width
    shown.show()
    QApplication.processEvents()
    table = shown.moved_table
    assert not table.horizontalScrollBar().isVisible()  # nothing behind a scroll bar
    how = table.visualRect(table.model().index(0, 4))
    assert how.right() <= table.viewport().width()
    assert table.rowHeight(0) > table.rowHeight(1)  # the long reason on more lines, whole
    rows = sum(table.rowHeight(row) for row in range(table.rowCount()))
    assert table.viewport().height() >= rows, "every move in view at 1366×768, not five"


def test_a_report_with_nothing_moved_has_no_empty_table(qtbot, desk, screen_1366):
    report, updates = desk.machine_down("Linac 3", datetime(2030, 6, 25, 8, tzinfo=LONDON), datetime(2030, 6, 25, 9, tzinfo=LONDON))
    assert not report.moved and not report.appended and not report.unplaced
    shown = DownReportDialog(desk, report, updates)
    qtbot.addWidget(shown)
    shown.show()
    QApplication.processEvents()
    assert not shown.moved_table.isVisible() and not shown.unplaced_table.isVisible()
    assert shown.height() < 200
