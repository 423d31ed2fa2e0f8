"""'Move the rest of this course' → Daily time takes a time typed over the whole field: Ctrl+A, or all of it
selected with the mouse, then "14:30" (or "1430") gives 14:30, as in the window's other time fields (a bare
QTimeEdit ignored the digits typed over a selection of both its sections)."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from planner.core.kinds import AppointmentKind
from planner.ui.booking_dialogs import MoveRestDialog
from tests.test_ui_machine_down_dialog import show_active

DAY = date(2030, 4, 2)


@pytest.fixture
def desk(golden_desk):
    return golden_desk


@pytest.fixture
def dialog(qtbot, desk):
    machine = next(m for m in desk.agenda(DAY, 1).machines if any(e.kind is AppointmentKind.FRACTION for e in m.entries))
    entry = next(e for e in machine.entries if e.kind is AppointmentKind.FRACTION)
    return show_active(qtbot, MoveRestDialog(desk, entry, machine.name))


@pytest.mark.parametrize("typed", ["14:30", "1430"])
@pytest.mark.parametrize("how", ["ctrl+a", "mouse"])
def test_a_time_typed_over_the_whole_field_is_taken(dialog, how, typed):
    field = dialog.time
    field.setFocus()
    if how == "ctrl+a":
        QTest.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    else:
        field.lineEdit().selectAll()  # a triple-click, or the field's menu's Select All
    QTest.keyClicks(QApplication.focusWidget(), typed)
    assert QApplication.focusWidget() is field  # the minutes stayed in the field
    field.interpretText()
    assert field.time().toString("HH:mm") == "14:30"


def test_a_daily_time_past_the_machines_hours_is_refused_once_for_all_the_sessions(dialog):
    """Before, the refusal listed six sessions with the same reason each, then "… and N more"."""
    from PySide6.QtCore import QTime

    dialog.time.setTime(QTime(19, 0))
    dialog.move()
    first = dialog.entry.shown_number
    assert dialog.error.text() == (f"Not moved:\nfractions {first}–{dialog.entry.total}: outside "
                                   f"{dialog.current_machine}'s open hours (08:00–18:00)")
