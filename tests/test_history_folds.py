"""History beside the form (at 1024 px, and the dock's first width at 1366 px) hid its From and To
behind a sideways scroll. In a dock too narrow for a column each it folds as the Patients list does:
the field over when and who, the old value over the new, each line elided, the tooltip giving the
whole row (version too) and a screen reader both lines; wide enough, a column each again."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import Qt

from planner.store.db import AuditEntry
from planner.ui.course_history import COLUMNS, CourseHistoryPanel
from planner.ui.folded_rows import FoldedDelegate

from .test_ui_small_screen import make_window  # noqa: F401 - the fixture

AT = datetime(2030, 3, 20, 9, 15, tzinfo=UTC)
ENTRIES = [AuditEntry(AT, "coordinator-a", "c-1", 1, "(created)", None, None),
           AuditEntry(AT, "coordinator-b", "c-1", 2, "tz", '"Europe/London"', '"America/Argentina/Buenos_Aires"'),
           AuditEntry(AT, "coordinator-b", "c-1", 2, "days", '"mon,tue,wed,thu,fri"', '"mon,tue,wed,thu,fri,sat"')]


def shown_columns(panel: CourseHistoryPanel) -> list[int]:
    return [column for column in range(len(COLUMNS)) if not panel.table.isColumnHidden(column)]


def test_a_narrow_history_folds_and_never_scrolls_sideways(qtbot):
    panel = CourseHistoryPanel()
    qtbot.addWidget(panel)
    panel.resize(260, 400)
    panel.show()
    panel.show_entries(ENTRIES)
    table, model = panel.table, panel.model
    qtbot.waitUntil(lambda: model.folded)
    assert shown_columns(panel) == [3, 4]
    assert isinstance(table.itemDelegate(), FoldedDelegate)
    qtbot.waitUntil(lambda: not table.horizontalScrollBar().isVisible())
    assert table.columnWidth(3) + table.columnWidth(4) <= table.viewport().width()
    heading = table.horizontalHeader().fontMetrics()
    for column in (3, 4):
        for line in str(model.headerData(column, Qt.Orientation.Horizontal)).split("\n"):
            assert heading.horizontalAdvance(line) <= table.columnWidth(column), line
    zone_row = next(row for row in range(model.rowCount()) if model.cells(row)[3] == "Time zone")
    assert model.folded_lines(zone_row, 4) == ("Europe/London", "America/Argentina/Buenos_Aires")
    assert model.folded_lines(zone_row, 3)[0] == "Time zone" and model.folded_lines(zone_row, 3)[1].endswith(", coordinator-b")
    tip = model.index(zone_row, 4).data(Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith("Time zone: Europe/London → America/Argentina/Buenos_Aires\n") and tip.endswith("coordinator-b, version 2")
    assert model.index(zone_row, 4).data(Qt.ItemDataRole.AccessibleTextRole) == \
        "from Europe/London to America/Argentina/Buenos_Aires"
    assert model.index(zone_row, 3).data(Qt.ItemDataRole.AccessibleTextRole).endswith("by coordinator-b, version 2")
    panel.resize(1200, 400)  # wide enough: a column each, as before
    qtbot.waitUntil(lambda: not model.folded)
    assert shown_columns(panel) == list(range(len(COLUMNS)))
    assert model.headerData(3, Qt.Orientation.Horizontal) == "Field"
    assert model.index(zone_row, 5).data() == "America/Argentina/Buenos_Aires"
    assert model.index(zone_row, 3).data(Qt.ItemDataRole.AccessibleTextRole) is None  # the cell says it itself


def test_the_history_dock_never_scrolls_sideways_at_1024_or_1366(qtbot, make_window):  # noqa: F811
    from PySide6.QtWidgets import QDockWidget

    for size in ((1024, 700), (1366, 768)):
        window = make_window(*size)
        dock = window.findChild(QDockWidget, "history-dock")
        dock.show()
        dock.raise_()
        history = window.store_link.history
        qtbot.waitUntil(lambda history=history: history.isVisible() and history.model.rowCount() > 0)
        table = history.table
        qtbot.waitUntil(lambda table=table: not table.horizontalScrollBar().isVisible())
        shown = [column for column in range(len(COLUMNS)) if not table.isColumnHidden(column)]
        assert sum(table.columnWidth(column) for column in shown) <= table.viewport().width()
