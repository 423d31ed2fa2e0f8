"""With the Patients dock open, the list keeps a booked course's Machine column in view at 1280 and
1366 px (the Appointment column gives way, its long titles elided and whole in their tooltip), as well
as at 1600; at 1024 the appointment's kind stays in view first (tests/test_ui_small_screen.py). Not
booked, the machine's width goes to the preparation (back in its column), then back to the appointment."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget

from planner.ui.result_panel import NARROWEST_APPOINTMENT
from planner.ui.schedule_model import APPOINTMENT_COLUMN, MACHINE_COLUMN

from .test_ui_small_screen import assert_the_whole_list_is_readable, make_window  # noqa: F401 - the fixture


@pytest.mark.parametrize("size", [(1280, 800), (1366, 768), (1600, 1000)])
@pytest.mark.parametrize("long_course", [False, True])
def test_the_machine_is_in_view_without_scrolling_sideways(qtbot, make_window, size, long_course):  # noqa: F811
    window = make_window(*size)
    table = window.table
    if long_course:
        table.verticalScrollBar().show()  # as with a course longer than the screen: its scroll bar takes its width too
    qtbot.waitUntil(lambda: table.viewport().width() > 0)
    assert not table.isColumnHidden(MACHINE_COLUMN)
    machine = table.model().index(0, MACHINE_COLUMN)
    assert machine.data() == "Linac 1"
    qtbot.waitUntil(lambda: table.visualRect(machine).left() + table.fontMetrics().horizontalAdvance("Linac 1") + 8
                    <= table.viewport().width())
    heading = table.horizontalHeader()
    assert heading.sectionViewportPosition(MACHINE_COLUMN) + heading.fontMetrics().horizontalAdvance("Machine") <= table.viewport().width()
    assert table.horizontalScrollBar().value() == 0
    metrics = table.fontMetrics()
    assert table.columnWidth(APPOINTMENT_COLUMN) >= metrics.horizontalAdvance(NARROWEST_APPOINTMENT)  # every fraction's title whole
    title = table.model().index(0, APPOINTMENT_COLUMN)
    assert title.data(Qt.ItemDataRole.ToolTipRole) == title.data()


def test_a_course_not_booked_gives_the_machines_width_to_the_preparation(qtbot, make_window):  # noqa: F811
    window = make_window(1280, 800)
    table = window.table
    qtbot.waitUntil(lambda: table.viewport().width() > 0)
    assert not window.results.columns.wrapping  # booked: the machine beside the appointment, the preparation under the list
    window.results.set_booking(None, True)
    assert table.isColumnHidden(MACHINE_COLUMN)
    assert window.results.columns.wrapping  # the preparation beside the others, wrapped
    assert_the_whole_list_is_readable(table, laid_out=False)  # at once: the store's booking comes back on activation
    assert table.columnWidth(APPOINTMENT_COLUMN) >= window.results.appointment_widths[0]


def test_with_the_room_the_appointment_column_has_its_whole_width_back(qtbot, make_window):  # noqa: F811
    window = make_window(1600, 1000)
    for dock in window.findChildren(QDockWidget):
        dock.toggleViewAction().trigger()  # the docks closed: the schedule has the room
    table = window.table
    qtbot.waitUntil(lambda: table.viewport().width() > 900)
    window.results.set_booking(None, True)
    assert_the_whole_list_is_readable(table, laid_out=False)  # at once: the store's booking comes back on activation
    assert table.columnWidth(APPOINTMENT_COLUMN) == window.results.appointment_widths[1], [table.columnWidth(c) for c in range(7)]
