"""The schedule as a table: a thin Qt model over the core's appointments."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QGuiApplication

from ..core.course import BOOKED_ON_PLAN_REASON, BOOKED_REASON, TO_BOOK_REASON
from ..core.kinds import AppointmentKey, AppointmentKind
from ..core.schedule import Appointment, Schedule
from ..wording import (
    BOOKED_OFF,
    BOOKED_OFF_WORDS,
    NOT_BOOKED_YET,
    NOT_BOOKED_YET_WORDS,
    appointment_notes,
    missed_title,
    moved_words,
    reminder_line,
    title,
)
from .colours import kind_fill, text_on
from .formats import day_text

COLUMNS = ("#", "Day", "Date", "Time", "Appointment", "Machine", "Preparation")
DATE_COLUMN = 2
APPOINTMENT_COLUMN = 4
MACHINE_COLUMN = 5  # shown only while the course is booked (the panel hides it otherwise)
PREPARATION_COLUMN = 6
ROLE_APPOINTMENT = Qt.ItemDataRole.UserRole + 1
ROLE_PREPARATION_LINES = Qt.ItemDataRole.UserRole + 2  # the Preparation with each reminder on its own line

_Index = QModelIndex | QPersistentModelIndex
WHEN_HEADING = "When"  # the Date column's heading in the narrow list, where it holds the day, date and time


class ScheduleTableModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self._appointments: tuple[Appointment, ...] = ()
        self._phases = 1
        self._machines: dict[AppointmentKey, str] = {}
        self._moves: dict[AppointmentKey, str] = {}  # each moved appointment and the reason given (may be empty)
        self._planned: dict[AppointmentKey, datetime] = {}  # each moved appointment's planned start
        self._preparations: tuple[tuple[str, str], ...] = ()  # each row's preparation: on one line, a reminder a line
        self._titles = None
        # The narrow list (see list_columns.py): the Date column holds the weekday, date and time, a line each
        # of date and time, and the Appointment column the machine on a line under the title.
        self.compact = False

    def set_compact(self, compact: bool) -> None:
        """Show the narrow list's texts (True) or a column each (False)."""
        if compact == self.compact:
            return
        self.compact = compact
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, DATE_COLUMN, DATE_COLUMN)
        if self._appointments:
            self.dataChanged.emit(self.index(0, DATE_COLUMN), self.index(len(self._appointments) - 1, APPOINTMENT_COLUMN))

    def set_machines(self, machines: tuple[tuple[AppointmentKey, str], ...]) -> None:
        """Each booked appointment's machine, for the Machine column (empty: the course is not booked)."""
        self._machines = dict(machines)
        if self._appointments:
            first = APPOINTMENT_COLUMN if self.compact else MACHINE_COLUMN
            self.dataChanged.emit(self.index(0, first), self.index(len(self._appointments) - 1, MACHINE_COLUMN))

    def machine(self, appointment: Appointment) -> str:
        return "" if appointment.missed else self._machines.get(appointment.key, "")

    def set_schedule(self, schedule: Schedule | None) -> None:
        """The appointments and, in their place among them, the sessions missed."""
        self.beginResetModel()
        rows = (*schedule.appointments, *schedule.missed) if schedule else ()
        self._appointments = tuple(sorted(rows, key=lambda a: (a.start, not a.missed)))
        self._preparations = tuple(_preparation(appointment) for appointment in self._appointments)
        self._titles: tuple[str, ...] | None = None  # the Appointment column's texts, once asked for
        self._phases = schedule.phase_count if schedule else 1
        self._moves = {move.key: move.reason for move in schedule.request.adjustments.moves} if schedule else {}
        self._planned = dict(schedule.planned) if schedule else {}
        self.endResetModel()

    def titles(self) -> tuple[str, ...]:
        """Each row's appointment: its title, and its notes in brackets."""
        if self._titles is None:
            self._titles = tuple(self._title(appointment) for appointment in self._appointments)
        return self._titles

    def _title(self, appointment: Appointment) -> str:
        """'Radiotherapy 3 of 20 (phase 2 of 2, moved)': the week view's notes, "moved" as its blocks say it."""
        if appointment.missed:
            return _with_notes(missed_title(appointment), appointment_notes(appointment, self._phases))
        moved = ""
        if appointment.key in self._moves:  # the booking's own placing is not a coordinator's move
            moved = {BOOKED_REASON: BOOKED_OFF, BOOKED_ON_PLAN_REASON: "", TO_BOOK_REASON: NOT_BOOKED_YET}.get(
                self._moves[appointment.key], "moved")
        return _with_notes(title(appointment), ", ".join(n for n in (appointment_notes(appointment, self._phases), moved) if n))

    def moved_words(self, appointment: Appointment) -> str:
        """Why the appointment is not at its planned time, and where it was (`moved_words`), in words ('' when it is)."""
        if appointment.missed or appointment.key not in self._moves or self._moves[appointment.key] == BOOKED_ON_PLAN_REASON:
            return ""
        reason = self._moves[appointment.key]
        if reason == BOOKED_REASON:
            return BOOKED_OFF_WORDS
        if reason == TO_BOOK_REASON:
            return NOT_BOOKED_YET_WORDS
        return moved_words(reason, self._planned.get(appointment.key))

    def shown_titles(self) -> tuple[str, ...]:
        """Each row's Appointment cell: its title, and in the narrow list its machine on a line under it."""
        return tuple(map(self.shown_title, range(len(self._appointments)))) if self.compact else self.titles()

    def shown_title(self, row: int) -> str:
        """The row's Appointment cell (see shown_titles)."""
        text, machine = self.titles()[row], self.machine(self._appointments[row])
        return f"{text}\n{machine}" if self.compact and machine else text

    def when(self, row: int) -> str:
        """The narrow list's Date cell: the day and date, and the time under it."""
        appointment = self._appointments[row]
        return f"{day_text(appointment.start.date())}\n{_times(appointment)}"

    def preparations(self) -> tuple[str, ...]:
        """Each row's preparation as its cell shows it on one line."""
        return tuple(text for text, _ in self._preparations)

    def preparation_lines(self, row: int) -> str:
        """The row's preparation with each reminder on its own line."""
        return self._preparations[row][1] if 0 <= row < len(self._preparations) else ""

    def appointment(self, row: int) -> Appointment | None:
        return self._appointments[row] if 0 <= row < len(self._appointments) else None

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt's signature
        return 0 if parent.isValid() else len(self._appointments)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            return WHEN_HEADING if self.compact and section == DATE_COLUMN else COLUMNS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._appointments):
            return None
        appointment = self._appointments[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            start = appointment.start
            return (
                str(appointment.number) if appointment.kind is AppointmentKind.FRACTION else "",
                f"{start:%a}",
                self.when(index.row()) if self.compact else f"{start.day} {start:%b %Y}",
                _times(appointment),
                self.shown_title(index.row()),
                self.machine(appointment),
                self._preparations[index.row()][0],
            )[column]
        if role == Qt.ItemDataRole.ToolTipRole and column == PREPARATION_COLUMN:
            return "\n".join(reminder_line(r) for r in appointment.reminders)
        if role == Qt.ItemDataRole.ToolTipRole and column == APPOINTMENT_COLUMN:  # whole, where the column elides it
            moved = self.moved_words(appointment)
            shown = self.data(index, Qt.ItemDataRole.DisplayRole)
            return f"{shown}\n{moved}" if moved else shown
        if role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole) and column == APPOINTMENT_COLUMN:
            # The kind's tint in the current palette, and text checked for contrast on it.
            palette = QGuiApplication.palette()
            fill = kind_fill(appointment.kind, palette)
            return QBrush(fill if role == Qt.ItemDataRole.BackgroundRole else text_on(fill, palette))
        if role == Qt.ItemDataRole.AccessibleTextRole and self.compact and column in (DATE_COLUMN, APPOINTMENT_COLUMN):
            # The narrow list's cells in words, whole: a screen reader hears what the hidden columns held too.
            start, end = appointment.start, appointment.end
            if column == DATE_COLUMN:
                return f"{start:%A} {start.day} {start:%B} {start:%Y}, {start:%H:%M} to {end:%H:%M}"
            machine = self.machine(appointment)
            said = f"{self.titles()[index.row()]}, on {machine}" if machine else self.titles()[index.row()]
            return _said_moved(said, self.moved_words(appointment))
        if role == Qt.ItemDataRole.AccessibleTextRole and column == APPOINTMENT_COLUMN and self.moved_words(appointment):
            return _said_moved(self.titles()[index.row()], self.moved_words(appointment))  # the reason too
        if role == ROLE_APPOINTMENT:
            return appointment
        if role == ROLE_PREPARATION_LINES and column == PREPARATION_COLUMN:
            return self._preparations[index.row()][1]
        return None


def _preparation(appointment: Appointment) -> tuple[str, str]:
    """The reminders before the appointment: joined on one line, and a reminder a line."""
    lines = [reminder_line(r) for r in appointment.reminders if r.minutes_before > 0]
    return "; ".join(lines), "\n".join(lines)


def _times(appointment: Appointment) -> str:
    return f"{appointment.start:%H:%M}–{appointment.end:%H:%M}"


def _said_moved(said: str, moved: str) -> str:
    """A cell's words with why it was moved: 'Radiotherapy 3 of 20 (moved). Moved from its planned time (Wed 9 Dec 2026
    09:00): transport'."""
    return f"{said}. {moved}" if moved else said


def _with_notes(text: str, notes: str) -> str:
    return f"{text} ({notes})" if notes else text
