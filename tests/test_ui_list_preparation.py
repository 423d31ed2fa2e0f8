"""The List's Preparation is readable whole beside the other columns at 1280 to 1366 px (and wider):
it wraps in the width left to it, the fractions' one preparation shown once in a cell their rows
share, and that text stays in view while the list scrolls."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor

from planner.ui import main_window
from planner.ui.main_window import MainWindow, catalogue_at
from planner.ui.schedule_model import PREPARATION_COLUMN
from tests.questions import discard_unsaved
from tests.test_ui import SETTINGS

from .test_ui_small_screen import assert_the_whole_list_is_readable


@pytest.fixture
def make_window(qtbot, monkeypatch):
    discard_unsaved(monkeypatch)

    def make(width: int, height: int) -> MainWindow:
        monkeypatch.setattr(main_window, "first_size", lambda: (width, height))
        win = MainWindow(SETTINGS, catalogue_at(""), persist_settings=False)  # the default prostate course
        qtbot.addWidget(win)
        win.show()
        qtbot.waitExposed(win)
        qtbot.waitUntil(lambda: win.table.viewport().width() > 0)
        return win

    return make


@pytest.mark.parametrize("size", [(1280, 800), (1366, 768), (1600, 1000)])
def test_the_default_prostate_courses_preparation_is_whole_in_view(qtbot, make_window, size):
    window = make_window(*size)
    assert window.session.spec.site == "prostate"
    table = window.table
    qtbot.waitUntil(lambda: assert_the_whole_list_is_readable(table))
    assert window.model.index(0, PREPARATION_COLUMN).data()  # there is a preparation to read
    assert table.rowSpan(0, PREPARATION_COLUMN) == window.model.rowCount()  # shown once for the 20 fractions
    assert all(table.rowHeight(row) == table.rowHeight(0) for row in range(window.model.rowCount()))  # one line a row


def ink_rows(window: MainWindow) -> list[int]:
    """The viewport's pixel rows with text drawn in the Preparation column."""
    table = window.table
    image = table.viewport().grab().toImage()
    left = table.columnViewportPosition(PREPARATION_COLUMN) + 4
    right = min(image.width(), left + table.columnWidth(PREPARATION_COLUMN) - 8)
    text = table.palette().text().color()
    rows = []
    for y in range(image.height()):
        if any(_near(QColor(image.pixel(x, y)), text) for x in range(left, right, 2)):
            rows.append(y)
    return rows


def _near(colour: QColor, text: QColor) -> bool:
    return abs(colour.red() - text.red()) + abs(colour.green() - text.green()) + abs(colour.blue() - text.blue()) < 120


def test_the_shared_preparation_stays_in_view_while_the_list_scrolls(qtbot, make_window):
    window = make_window(1366, 768)
    window.session.edit(window.session.spec.updated(fractions=40), "fractions")  # longer than the screen
    table = window.table
    qtbot.waitUntil(lambda: table.verticalScrollBar().maximum() > 0)
    assert table.rowSpan(0, PREPARATION_COLUMN) == 40
    table.verticalScrollBar().setValue(table.verticalScrollBar().maximum())
    qtbot.wait(20)
    rows = ink_rows(window)
    assert rows and rows[0] < 3 * table.rowHeight(0)  # drawn at the top of the part in view, not scrolled away


@pytest.mark.parametrize("width", [1024, 1366])
def test_with_weekly_reviews_each_preparation_is_whole_once_and_the_rows_stay_short(qtbot, make_window, width):
    from datetime import datetime

    window = make_window(width, 768)
    spec = window.session.spec
    window.session.edit(spec.updated(review_day=1, follow_up_weeks=6, simulation=datetime(2026, 11, 23, 10, 0)), "review")
    table = window.table
    qtbot.waitUntil(lambda: assert_the_whole_list_is_readable(table))
    one_line = table.fontMetrics().height() + 8
    fractions = [row for row in range(window.model.rowCount()) if window.model.index(row, 0).data()]
    tall = [row for row in fractions if table.rowHeight(row) > one_line]
    assert len(tall) <= 3, tall  # only the first run, which shows the preparation whole, grows
