"""At 1366x768 (and 1024) the Patients dock opens about 320 px wide: the Site, First, Last and Calendar
columns sat behind a sideways scroll with no hint. There the list folds into three columns of two
lines a row (patient over hospital number, status over site, first over last day), all in view; a
dock made wide enough has a column each again. Screen readers hear both lines of a folded cell."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QStyleOptionViewItem

from planner.ui.patient_list import COLUMNS

from .test_ui_small_screen import dock_of, make_window  # noqa: F401 - the fixture


def drawn(panel, row: int, column: int) -> list[str]:
    """The lines the list draws in a cell."""
    index = panel.model.index(row, column)
    option = QStyleOptionViewItem()
    option.rect = panel.table.visualRect(index)
    option.widget = panel.table
    option.fontMetrics = panel.table.fontMetrics()
    panel.table.itemDelegate().initStyleOption(option, index)
    return option.text.split("\u2028")


def assert_folded_in_view(panel) -> None:
    table, model = panel.table, panel.model
    shown = [column for column in range(len(COLUMNS)) if not table.isColumnHidden(column)]
    assert shown == [0, 2, 4]
    assert sum(table.columnWidth(column) for column in shown) <= table.viewport().width()
    assert table.horizontalScrollBar().maximum() == 0  # nothing behind a sideways scroll
    assert table.rowHeight(0) >= 2 * table.fontMetrics().height()
    heading = table.horizontalHeader().fontMetrics()
    for column in shown:
        for line in model.headerData(column, Qt.Orientation.Horizontal).split("\n"):
            assert heading.horizontalAdvance(line) + 16 <= table.columnWidth(column), line


def test_at_1366_the_patients_list_shows_site_and_first_day_without_scrolling(qtbot, make_window):  # noqa: F811
    window = make_window(1366, 768)
    panel = window.store_link.patients
    assert dock_of(window).isVisible()
    qtbot.waitUntil(lambda: assert_folded_in_view(panel))
    model = panel.model
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in (0, 2, 4)] == \
        ["Patient\nHospital no.", "Status\nSite", "First\nLast"]
    row = next(r for r in range(model.rowCount()) if model.course(r).course_id == "course-prostate")
    assert drawn(panel, row, 0) == ["Zoë Ångström", "H0001"]
    assert drawn(panel, row, 2) == ["Booked", "prostate"]
    assert drawn(panel, row, 4)[0] == "25 Mar 2030"
    assert model.index(row, 0).data() == "Zoë Ångström"  # the model's own text is the name alone, as before
    assert model.index(row, 0).data(Qt.ItemDataRole.AccessibleTextRole) == "Zoë Ångström, hospital number H0001"
    assert model.index(row, 2).data(Qt.ItemDataRole.AccessibleTextRole) == "Booked, prostate"
    assert model.index(row, 2).data(Qt.ItemDataRole.ToolTipRole).startswith("Booked, prostate\nLast saved by ")  # whole, if elided
    model.rows[row] = replace(model.rows[row], last=date(2030, 4, 19), calendar_owed=True)
    assert drawn(panel, row, 4) == ["25 Mar 2030", "19 Apr 2030"]
    assert model.index(row, 4).data(Qt.ItemDataRole.AccessibleTextRole) == "First day Mon 25 Mar 2030, last day Fri 19 Apr 2030"
    assert model.index(row, 0).data(Qt.ItemDataRole.AccessibleTextRole) == \
        "Zoë Ångström, hospital number H0001, calendar update owed"
    assert model.index(row, 0).data(Qt.ItemDataRole.DecorationRole) is not None  # the owed mark in sight


def test_a_long_name_is_elided_on_its_own_line_and_the_number_stays(qtbot, make_window):  # noqa: F811
    window = make_window(1024, 700)
    dock = dock_of(window)
    dock.toggleViewAction().trigger()
    panel = window.store_link.patients
    qtbot.waitUntil(lambda: dock.isVisible() and dock.width() > 0)
    qtbot.waitUntil(lambda: assert_folded_in_view(panel))
    model = panel.model
    model.rows[0] = replace(model.rows[0], patient="Ångström-Nguyễn-Vasquez de la Fuente, Zoë Marie")
    name, number = drawn(panel, 0, 0)
    assert name.endswith("…") and number == model.rows[0].patient_id
    assert model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole).startswith(model.rows[0].patient + ", hospital number ")


def test_a_dock_made_wide_has_a_column_each_again(qtbot, make_window):  # noqa: F811
    window = make_window(1366, 768)
    panel = window.store_link.patients
    qtbot.waitUntil(lambda: assert_folded_in_view(panel))
    window.resizeDocks([dock_of(window)], [700], Qt.Orientation.Horizontal)
    qtbot.waitUntil(lambda: not panel.model.folded)
    assert [panel.table.isColumnHidden(c) for c in range(len(COLUMNS))] == [False] * len(COLUMNS)
    assert panel.model.headerData(0, Qt.Orientation.Horizontal) == "Patient"
    assert panel.model.index(0, 0).data(Qt.ItemDataRole.AccessibleTextRole) is None
    assert panel.table.rowHeight(0) < 2 * panel.table.fontMetrics().height()
