"""A preparation shown for a single row (fraction 2 between two weekly reviews) wraps whole in its row, which
grows: it used to show "1 hour before: Empty your bladder, then drink…", cut, because the same text was
whole higher up the list."""

from __future__ import annotations

from datetime import date

import pytest

from planner.core.kinds import AppointmentKey
from planner.core.spec import CourseSpec
from planner.ui.list_columns import ROW_MARGINS
from planner.ui.schedule_model import PREPARATION_COLUMN
from tests.window_helpers import open_window

COURSE = CourseSpec(patient_name="Alex Example", patient_id="RX-1", site="prostate", fractions=20, start=date(2027, 3, 25),
                    tz="Europe/London", holidays="GB-ENG", review_day=1)  # Thu 25 Mar, a review each Tuesday


@pytest.mark.parametrize("size", [(1366, 768), (1600, 1000), (1920, 1080)])
def test_fraction_two_between_the_reviews_reads_its_preparation_whole(qtbot, monkeypatch, size):
    """Either its row grows to the whole text in the Preparation column, or (where every short run growing would
    make the list too tall) the column gives way and the line under the list shows the chosen row's text whole."""
    window = open_window(qtbot, monkeypatch, COURSE, size=size)
    results = window.results
    columns, table, model = results.columns, results.table, results.model
    second = next(row for row in range(model.rowCount()) if model.appointment(row).key == AppointmentKey.fraction(2))
    whole = model.preparation_lines(second)
    assert "Empty your bladder" in whole
    if columns.wrapping:
        qtbot.waitUntil(lambda: columns.runs != ())
        assert (second, 1) in columns.runs  # fraction 2 alone between the reviews of week 1 and week 2
        for first, rows in columns.runs:
            text = model.preparation_lines(first)
            needed = columns.wrapped_height(text, PREPARATION_COLUMN) + ROW_MARGINS if text else 0
            assert sum(table.rowHeight(row) for row in range(first, first + rows)) >= needed, (first, rows, text)
        assert table.rowHeight(second) > table.fontMetrics().height() * 2  # grown: its text wraps whole
    else:
        table.selectRow(second)
        line = results.preparation_line
        qtbot.waitUntil(line.isVisible)
        assert all(part in line.text() for part in whole.split("\n"))
        assert table.horizontalHeader().length() >= table.viewport().width() - 1  # no blank beside the Appointment
    assert size != (1920, 1080) or columns.wrapping  # a wide screen keeps the column
