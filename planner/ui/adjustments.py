"""The course's adjustments in the window: listed in the form with Edit and Remove, each with its
reason chosen from a short list or typed; the dialogs that re-time or shift the rest of a course."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, time

from PySide6.QtCore import QDate, Qt, QTime, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ..core.course import COMMON_REASONS, Adjustment, AdjustmentRef, Adjustments, MissedSession, Move, Retime, Shift
from ..core.errors import InputError
from ..wording import adjustment_line
from .date_field import DateField, TimeField
from .date_limits import bound_dates


class ReasonField(QComboBox):
    """A reason: one of the common ones, or typed."""

    def __init__(self, reason: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.addItem("")
        self.addItems(list(COMMON_REASONS))
        self.setCurrentText(reason)
        self.setToolTip("Why: choose a common reason or type your own (kept with the course)")
        line = self.lineEdit()
        if line is not None:
            line.setPlaceholderText("Reason, e.g. patient unwell")

    def reason(self) -> str:
        return self.currentText().strip()


class AdjustmentsPanel(QWidget):
    """Every move, missed session, re-timing and shift of the course, with Edit and Remove."""

    editRequested = Signal(object)  # AdjustmentRef
    removeRequested = Signal(object)  # AdjustmentRef

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.list = QListWidget()
        self.list.setMaximumHeight(90)
        # A long line wraps, as in the closures list, rather than running on behind a sideways scroll bar.
        self.list.setWordWrap(True)
        self.list.setVerticalScrollMode(QListWidget.ScrollMode.ScrollPerPixel)
        self.list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setToolTip("Changes made to the planned course; Delete removes the selected one, Enter edits it")
        self.edit = QPushButton("Edit…")
        self.remove = QPushButton("Remove")
        buttons = QVBoxLayout()
        buttons.addWidget(self.edit)
        buttons.addWidget(self.remove)
        buttons.addStretch(1)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.list, 1)
        row.addLayout(buttons)
        self.edit.clicked.connect(lambda: self._request(self.editRequested))
        self.remove.clicked.connect(lambda: self._request(self.removeRequested))
        self.list.itemActivated.connect(lambda item: self.editRequested.emit(item.data(Qt.ItemDataRole.UserRole)))
        self.show_adjustments(Adjustments())

    def show_adjustments(self, adjustments: Adjustments) -> None:
        self.list.clear()
        for entry in adjustments.entries():
            item = QListWidgetItem(adjustment_line(entry))
            item.setData(Qt.ItemDataRole.UserRole, entry.ref)
            self.list.addItem(item)
        empty = self.list.count() == 0
        if empty:
            placeholder = QListWidgetItem("None: moves, missed sessions, re-timings and shifts are listed here")
            placeholder.setFlags(Qt.ItemFlag.NoItemFlags)
            self.list.addItem(placeholder)
        self.edit.setEnabled(not empty)
        self.remove.setEnabled(not empty)

    def selected(self) -> AdjustmentRef | None:
        item = self.list.currentItem()
        ref = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        return ref if isinstance(ref, AdjustmentRef) else None

    def _request(self, signal: Signal) -> None:
        ref = self.selected()
        if ref is not None:
            signal.emit(ref)  # type: ignore[attr-defined]

    def keyPressEvent(self, event: object) -> None:  # noqa: N802 - Qt's name
        from PySide6.QtGui import QKeyEvent

        if isinstance(event, QKeyEvent) and event.key() == Qt.Key.Key_Delete:
            self._request(self.removeRequested)
            return
        super().keyPressEvent(event)  # type: ignore[arg-type]


def _buttons(dialog: QDialog) -> QDialogButtonBox:
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box


class EditAdjustmentDialog(QDialog):
    """Change one adjustment: its reason always; a move's new date and time, a make-up's slot,
    a re-timing's time."""

    def __init__(self, entry: Adjustment, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Edit adjustment")
        self.entry = entry
        form = QFormLayout(self)
        heading = QLabel(adjustment_line(entry))
        heading.setTextFormat(Qt.TextFormat.PlainText)  # its reason as written: one an older version stored may hold a tag
        form.addRow(heading)
        self.day: DateField | None = None
        self.time: TimeField | None = None
        moment = entry.start if isinstance(entry, Move) else (entry.make_up_at if isinstance(entry, MissedSession) else None)
        if moment is not None:
            self.day = DateField()
            bound_dates(self.day)  # the planner's calendar, as every other date field
            self.day.setDate(QDate(moment.year, moment.month, moment.day))
            self.time = TimeField()
            self.time.setTime(QTime(moment.hour, moment.minute))
            row = QHBoxLayout()
            row.addWidget(self.day, 1)
            row.addWidget(self.time)
            label = QLabel("&When:" if isinstance(entry, Move) else "Make-up &slot:")
            label.setBuddy(self.day)
            form.addRow(label, row)
        elif isinstance(entry, Retime):
            self.time = TimeField()
            self.time.setTime(QTime(entry.at.hour, entry.at.minute))
            form.addRow("&Time:", self.time)
        self.reason = ReasonField(entry.reason)
        form.addRow("&Reason:", self.reason)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        form.addRow(self.error)
        form.addRow(_buttons(self))

    def result_entry(self) -> Adjustment:
        """The adjustment as edited (an InputError for a reason that is not one line)."""
        reason = self.reason.reason()
        entry = self.entry
        if self.day is not None and self.time is not None:
            day, at = self.day.date(), self.time.time()
            moment = datetime(day.year(), day.month(), day.day(), at.hour(), at.minute())
            if isinstance(entry, Move):
                return Move(entry.key, moment, reason)
            if isinstance(entry, MissedSession):
                return MissedSession(entry.day, entry.make_up, moment, reason)
        if isinstance(entry, Retime) and self.time is not None:
            at = self.time.time()
            return Retime(entry.from_number, entry.at.replace(hour=at.hour(), minute=at.minute()), reason)
        return replace(entry, reason=reason)

    def accept(self) -> None:
        try:
            self.result_entry()
        except InputError as exc:
            self.error.setText(exc.reason[:1].upper() + exc.reason[1:])
            return
        super().accept()


class RestOfCourseDialog(QDialog):
    """'From fraction N on, at HH:MM' (re-time) or 'shift the rest by one open day' (shift)."""

    def __init__(self, shift: bool, fractions: int, first: int, at: QTime, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.shift = shift
        self.setWindowTitle("Shift the rest of the course" if shift else "Re-time the rest of the course")
        form = QFormLayout(self)
        self.number = QSpinBox()
        self.number.setRange(1, max(1, fractions))
        self.number.setValue(min(max(1, first), max(1, fractions)))
        self.number.setPrefix("fraction ")
        form.addRow("&From:", self.number)
        self.time = TimeField()
        self.time.setTime(at)
        if not shift:
            form.addRow("&At:", self.time)
        else:
            note = QLabel("This fraction and every later one move to the next open day; undo with Ctrl+Z.")
            note.setWordWrap(True)
            form.addRow(note)
        self.reason = ReasonField()
        form.addRow("&Reason:", self.reason)
        form.addRow(_buttons(self))

    def entry(self) -> Retime | Shift:
        if self.shift:
            return Shift(self.number.value(), 1, self.reason.reason())
        at = self.time.time()
        return Retime(self.number.value(), time(at.hour(), at.minute()), self.reason.reason())
