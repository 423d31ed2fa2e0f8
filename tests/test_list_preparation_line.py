"""At 1280 to 1366 px, beside the Patients dock, a booked course's List fits without scrolling sideways:
the Preparation, with no readable width left beside the Machine, moves to the line under the list,
which shows the chosen appointment's preparation (every row's is reachable with the arrow keys). A
Preparation column so narrow that its text would make the rows between weekly reviews grow many lines
tall moves there too; with the room it comes back into its column."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDockWidget

from planner.core.kinds import AppointmentKind
from planner.ui.schedule_model import PREPARATION_COLUMN

from .test_ui_small_screen import assert_the_whole_list_is_readable, make_window  # noqa: F401 - the fixture


def with_weekly_reviews(window) -> None:
    spec = window.session.spec
    scan = datetime.combine(spec.start - timedelta(days=7), time(10, 0))
    window.session.edit(spec.updated(review_day=1, follow_up_weeks=6, simulation=scan), "review")
    assert window.session.schedule is not None


def follow_up_row(window) -> int:
    """The follow-up's row: far down the list, with preparation of its own (a review held straight after a
    session has none: the patient is already there)."""
    model = window.model
    return next(row for row in range(model.rowCount()) if model.appointment(row).kind is AppointmentKind.FOLLOW_UP)


@pytest.mark.parametrize("size", [(1280, 728), (1366, 768)])
def test_a_booked_course_beside_the_dock_needs_no_sideways_scrolling(qtbot, make_window, size):  # noqa: F811
    window = make_window(*size)
    with_weekly_reviews(window)
    table = window.table
    assert window.findChild(QDockWidget, "patients-dock").isVisible()
    qtbot.waitUntil(lambda: assert_the_whole_list_is_readable(table))
    line = window.results.preparation_line
    assert table.isColumnHidden(PREPARATION_COLUMN)
    assert line.isVisible()
    first = window.model.preparation_lines(0).splitlines()
    assert first and all(step.replace("&", "&amp;") in line.text() for step in first)
    assert "planning scan" in line.text()  # the first row's
    height = line.height()
    table.setFocus()
    table.setCurrentIndex(window.model.index(0, 0))
    for _ in range(follow_up_row(window)):
        QTest.keyClick(table, Qt.Key.Key_Down)  # the keyboard alone reaches every row's preparation
    follow_up = window.model.preparation_lines(follow_up_row(window))
    assert "follow-up visit" in line.text() and follow_up.splitlines()[0] in line.text()
    assert line.text() != window.results.preparation_line.words(window.model, 0)
    qtbot.wait(10)
    assert line.height() == height  # the list keeps its height from row to row


def test_with_the_room_the_preparation_goes_back_into_its_column(qtbot, make_window):  # noqa: F811
    window = make_window(1366, 768)
    table, line = window.table, window.results.preparation_line
    qtbot.waitUntil(lambda: table.isColumnHidden(PREPARATION_COLUMN))
    for dock in window.findChildren(QDockWidget):
        if dock.isVisible():
            dock.toggleViewAction().trigger()  # the docks closed: the schedule has the room
    qtbot.waitUntil(lambda: not table.isColumnHidden(PREPARATION_COLUMN))
    assert not line.isVisible()
    qtbot.waitUntil(lambda: assert_the_whole_list_is_readable(table))
    assert table.rowSpan(0, PREPARATION_COLUMN) > 1  # shown once for the run of fractions


def test_a_narrow_preparation_beside_weekly_reviews_does_not_make_the_rows_tall(qtbot, make_window):  # noqa: F811
    window = make_window(1280, 728, course=None)  # the default course, not booked: no Machine column
    table = window.table
    qtbot.waitUntil(lambda: assert_the_whole_list_is_readable(table))
    assert not table.isColumnHidden(PREPARATION_COLUMN)  # the fractions' one run: the column is readable
    with_weekly_reviews(window)
    qtbot.waitUntil(lambda: assert_the_whole_list_is_readable(table))
    one_line = table.fontMetrics().height() + 8
    assert all(table.rowHeight(row) <= 2 * one_line for row in range(window.model.rowCount()))
    assert window.results.preparation_line.isVisible()
