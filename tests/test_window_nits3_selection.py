"""After Move (Ctrl+M) or Mark missed (Ctrl+Shift+M) the appointment just changed stays selected and in view
in the List (the selection used to jump back to row 0, the planning scan), and the Week view keeps its week."""

from __future__ import annotations

from datetime import date, datetime, time

from PySide6.QtCore import Qt

from planner.core.course import MakeUp
from planner.core.kinds import AppointmentKey
from planner.core.spec import CourseSpec
from planner.ui import dialogs
from tests.window_helpers import open_window

COURSE = CourseSpec(patient_name="Alex Example", patient_id="RX-1", site="prostate", fractions=20,
                    start=date(2026, 12, 7), tz="Europe/London")


def select(window, number: int) -> None:
    model = window.results.model
    row = next(r for r in range(model.rowCount()) if model.appointment(r).key == AppointmentKey.fraction(number))
    window.results.table.selectRow(row)


def selected(window):
    rows = window.results.table.selectionModel().selectedRows()
    assert len(rows) == 1
    return window.results.model.appointment(rows[0].row())


def test_a_moved_appointment_stays_selected_and_in_view(qtbot, monkeypatch):
    window = open_window(qtbot, monkeypatch, COURSE, size=(1366, 768))
    select(window, 15)
    monkeypatch.setattr(dialogs.MoveDialog, "exec", lambda self: True)
    monkeypatch.setattr(dialogs.MoveDialog, "moment", lambda self: datetime(2026, 12, 23, 14, 0))
    window.courses.move_selected()
    chosen = selected(window)
    assert chosen.key == AppointmentKey.fraction(15) and chosen.start.time() == time(14, 0)
    table = window.results.table
    row = window.results.model.index(table.selectionModel().selectedRows()[0].row(), 0)
    assert table.viewport().rect().intersects(table.visualRect(row))  # in view, not scrolled away
    assert table.currentIndex().row() == row.row()


def test_a_fraction_marked_missed_stays_selected_as_the_missed_session(qtbot, monkeypatch):
    window = open_window(qtbot, monkeypatch, COURSE, size=(1366, 768))
    select(window, 12)
    day = selected(window).start.date()
    monkeypatch.setattr(dialogs.MissedDialog, "exec", lambda self: True)
    monkeypatch.setattr(dialogs.MissedDialog, "choice", lambda self: (MakeUp.END, None, "unwell"))
    window.courses.missed_selected()
    chosen = selected(window)
    assert chosen.missed and chosen.start.date() == day


def test_the_week_view_keeps_its_week_after_a_move(qtbot, monkeypatch):
    window = open_window(qtbot, monkeypatch, COURSE, size=(1366, 768))
    window.results.tabs.setCurrentIndex(1)
    window.week.go(date(2026, 12, 21))
    window.week.view.selected_role = AppointmentKey.fraction(12)
    monkeypatch.setattr(dialogs.MoveDialog, "exec", lambda self: True)
    monkeypatch.setattr(dialogs.MoveDialog, "moment", lambda self: datetime(2026, 12, 22, 15, 0))
    window.courses.move_selected()
    assert window.week.view.monday == date(2026, 12, 21)
    assert window.week.view.selected_role == AppointmentKey.fraction(12)
    assert window.session.schedule.find(AppointmentKey.fraction(12)).start.hour == 15
    qtbot.keyClick(window.results.table, Qt.Key.Key_Down)  # nothing left half-done
