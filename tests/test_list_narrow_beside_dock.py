"""At 1024x700 with the Patients list open, the schedule's pane is about 290 px wide: the number, day,
date and time took it all and the Appointment column got a few pixels, reached only by scrolling
sideways. There the list folds into When (weekday and date, the time under it) and the Appointment
(the machine under it), both whole; the cells' accessible texts still say the day, date, times and
machine. Closed again, or on a larger screen, the list has its own columns as before."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QStyle, QTableView

from planner.ui.schedule_model import APPOINTMENT_COLUMN, COLUMNS, DATE_COLUMN, MACHINE_COLUMN, PREPARATION_COLUMN

from .test_ui_small_screen import dock_of, make_window, press_patients_key  # noqa: F401 - the fixture


def text_room(table: QTableView, row: int, column: int) -> QRect:
    margin = table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, table) + 1
    return table.visualRect(table.model().index(row, column)).adjusted(margin, 0, -margin, 0)


def assert_folded_and_whole(table: QTableView) -> None:
    """Only When and Appointment shown, inside the viewport, each cell's text whole in its cell."""
    model, metrics = table.model(), table.fontMetrics()
    shown = [column for column in range(model.columnCount()) if not table.isColumnHidden(column)]
    assert shown == [DATE_COLUMN, APPOINTMENT_COLUMN], shown
    assert model.headerData(DATE_COLUMN, Qt.Orientation.Horizontal) == "When"
    header = table.horizontalHeader()
    assert header.sectionViewportPosition(APPOINTMENT_COLUMN) + table.columnWidth(APPOINTMENT_COLUMN) <= table.viewport().width()
    assert not table.horizontalScrollBar().isVisible() and table.horizontalScrollBar().value() == 0
    for column in shown:
        heading = model.headerData(column, Qt.Orientation.Horizontal)
        assert header.fontMetrics().horizontalAdvance(heading) + 8 <= table.columnWidth(column), heading
    for row in range(model.rowCount()):
        for column in shown:
            text = str(model.index(row, column).data())
            room = text_room(table, row, column)
            assert max(metrics.horizontalAdvance(word) for word in text.split()) <= room.width(), (row, text)
            wrapped = metrics.boundingRect(QRect(0, 0, room.width(), 100000), int(Qt.TextFlag.TextWordWrap.value), text)
            assert wrapped.height() <= room.height(), (row, column, text)


def test_at_1024_beside_the_patients_list_the_appointment_reads_whole(qtbot, make_window):  # noqa: F811
    window = make_window(1024, 700)  # a booked course: its machine too
    table, model = window.table, window.model
    press_patients_key(qtbot, window)
    qtbot.waitUntil(lambda: dock_of(window).isVisible() and dock_of(window).width() > 0)
    qtbot.waitUntil(lambda: assert_folded_and_whole(table))
    first = model.appointment(0)
    when, what = (str(model.index(0, column).data()) for column in (DATE_COLUMN, APPOINTMENT_COLUMN))
    assert when == "Mon 25 Mar 2030\n08:30–09:00"  # the first fraction's longer session
    assert what == "Radiotherapy 1 of 20\nLinac 1"
    assert table.columnWidth(APPOINTMENT_COLUMN) >= table.fontMetrics().horizontalAdvance("Radiotherapy 20 of 20") + 8
    # A screen reader hears the whole: weekday, date, year, both times, the appointment and its machine.
    spoken = model.index(0, DATE_COLUMN).data(Qt.ItemDataRole.AccessibleTextRole)
    assert spoken == f"{first.start:%A} 25 {first.start:%B} 2030, 08:30 to 09:00"
    assert model.index(0, APPOINTMENT_COLUMN).data(Qt.ItemDataRole.AccessibleTextRole) == "Radiotherapy 1 of 20, on Linac 1"
    assert window.results.preparation_line.isVisible()  # the preparation under the list, for the chosen row
    assert "for Radiotherapy 1 of 20," in window.results.preparation_line.text()  # the title, not its machine line
    qtbot.waitUntil(window.store_link.patients.search.hasFocus)
    press_patients_key(qtbot, window)  # the keys are in the list's search: F9 closes it
    qtbot.waitUntil(lambda: not dock_of(window).isVisible())
    qtbot.waitUntil(lambda: not table.isColumnHidden(0) and not table.isColumnHidden(MACHINE_COLUMN))
    assert [table.isColumnHidden(column) for column in range(PREPARATION_COLUMN)] == [False] * PREPARATION_COLUMN
    assert model.headerData(DATE_COLUMN, Qt.Orientation.Horizontal) == COLUMNS[DATE_COLUMN]
    assert model.index(0, DATE_COLUMN).data() == "25 Mar 2030" and model.index(0, APPOINTMENT_COLUMN).data() == "Radiotherapy 1 of 20"
    assert model.index(0, DATE_COLUMN).data(Qt.ItemDataRole.AccessibleTextRole) is None  # the cells say it themselves


def test_on_larger_screens_the_list_keeps_its_columns_beside_the_patients_list(qtbot, make_window):  # noqa: F811
    for size in ((1366, 768), (1600, 1000)):
        window = make_window(*size)
        table = window.table
        assert dock_of(window).isVisible()
        qtbot.waitUntil(lambda table=table: sum(table.columnWidth(c) for c in range(MACHINE_COLUMN + 1)) <= table.viewport().width())
        assert not window.results.columns.compact
        assert all(not table.isColumnHidden(column) for column in range(MACHINE_COLUMN + 1))
        assert window.model.index(0, DATE_COLUMN).data() == "25 Mar 2030"
