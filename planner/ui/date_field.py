"""Date and time fields a keyboard user can type into.

A date field is one line of text: the coordinator types "7 Dec 2026", "2026-12-07" or the
locale's own short date, and the field shows it back in the window's one date format. It is a
single Tab stop; Alt+Down or F4 opens the calendar (on the field's month), Up and Down step a
day. Ctrl+Z in any of these fields undoes the last change to the course, not a keystroke.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

from PySide6.QtCore import QDate, QDateTime, QEvent, QObject, QPoint, QPointF, QSize, Qt, Signal
from PySide6.QtGui import QIcon, QKeyEvent, QKeySequence, QPainter, QPalette, QPixmap, QPolygonF
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCalendarWidget,
    QComboBox,
    QDateTimeEdit,
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from ..core.text import quoted
from .formats import day_text
from .weekday_marks import mark_treatment_weekdays

_MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): number for number, name in enumerate(calendar.month_abbr) if name})
_WEEKDAYS = {name.lower() for name in (*calendar.day_name, *calendar.day_abbr)}


def _year(text: str) -> int:
    year = int(text)
    return year + 2000 if year < 100 else year


def _build(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _number(word: str) -> bool:
    """Digits int() reads (any script's decimal digits); '²' passes str.isdigit() and then fails int()."""
    return re.fullmatch(r"\d{1,4}", word) is not None


def parse_typed_date(text: str, day_first: bool = True) -> date | None:
    """The date a person typed, or None. Accepts ISO ("2026-12-07"), day-month-year with the
    month as a name ("7 Dec 2026", "Mon 7 December 2026"), month-name first ("Dec 7, 2026") and
    numbers with slashes or dots in the locale's order (`day_first`)."""
    words = [w for w in re.split(r"[\s,]+", text.strip().lower()) if w]
    if words and words[0].rstrip(".") in _WEEKDAYS:
        words = words[1:]
    joined = " ".join(words)
    if match := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", joined):
        return _build(int(match[1]), int(match[2]), int(match[3]))
    if len(words) == 3:
        first, second, third = (w.rstrip(".") for w in words)
        if _number(first) and second in _MONTHS and _number(third):
            return _build(_year(third), _MONTHS[second], int(first))
        if first in _MONTHS and _number(second) and _number(third):
            return _build(_year(third), _MONTHS[first], int(second))
    if match := re.fullmatch(r"(\d{1,2})[/.](\d{1,2})[/.](\d{2}|\d{4})", joined):
        a, b, year = int(match[1]), int(match[2]), _year(match[3])
        return _build(year, b, a) if day_first else _build(year, a, b)
    return None


def locale_day_first() -> bool:
    """Whether the locale writes the day before the month in its short date."""
    from PySide6.QtCore import QLocale

    short = QLocale().dateFormat(QLocale.FormatType.ShortFormat)
    return short.find("d") < short.find("M")


class DateField(QLineEdit):
    """Emits `dateChanged(QDate)` when a new date is typed and confirmed or picked; a text that is
    not a date sets `problem` (shown by the form) and keeps the last good date."""

    dateChanged = Signal(QDate)
    problemChanged = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._date = QDate.currentDate()
        self._earliest = QDate(100, 1, 1)
        self._latest = QDate(9999, 12, 31)
        self.problem = ""
        self._calendar: QCalendarWidget | None = None
        self._popup: QFrame | None = None
        self.setText(day_text(self._py()))
        self.setPlaceholderText("e.g. 7 Dec 2026")
        self._opener = self.addAction(self._arrow(), QLineEdit.ActionPosition.TrailingPosition)
        self._opener.setToolTip("Open the calendar (Alt+Down or F4)")
        self._opener.triggered.connect(self.open_calendar)
        self.editingFinished.connect(self._commit)
        self.setToolTip("Type a date (7 Dec 2026, 2026-12-07) or press Alt+Down for the calendar")

    def _arrow(self) -> QIcon:
        """The calendar button's arrow in the palette's text colour, so it shows on dark palettes too."""
        pixmap = QPixmap(16, 16)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(self.palette().color(QPalette.ColorRole.Text))
            painter.drawPolygon(QPolygonF([QPointF(3, 6), QPointF(13, 6), QPointF(8, 11)]))
        finally:
            painter.end()
        return QIcon(pixmap)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        super().changeEvent(event)
        # Not while the field is being taken down: a window with its own palette, deleted, told its date field of the
        # change after the button had gone, and the program crashed (setIcon on a deleted action).
        if event.type() == QEvent.Type.PaletteChange and self._opener in self.actions():
            self._opener.setIcon(self._arrow())

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        """Room for the longest date ("Wed 30 Sep 2026") and the calendar button."""
        hint = super().sizeHint()
        return QSize(max(hint.width(), self.fontMetrics().horizontalAdvance("Wed 30 Sep 2026") + 48), hint.height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return self.sizeHint()

    def _py(self) -> date:
        return date(self._date.year(), self._date.month(), self._date.day())

    # ------------------------------------------------------------------ value
    def date(self) -> QDate:
        return QDate(self._date)

    def setDateRange(self, earliest: QDate, latest: QDate) -> None:  # noqa: N802 - the name QDateEdit uses
        """Dates outside are held at the nearest end, as QDateEdit does; a typed one is refused with a message."""
        self._earliest, self._latest = QDate(earliest), QDate(latest)
        self.calendarWidget().setDateRange(earliest, latest)
        self.setDate(self._date)

    def minimumDate(self) -> QDate:  # noqa: N802
        return QDate(self._earliest)

    def maximumDate(self) -> QDate:  # noqa: N802
        return QDate(self._latest)

    def setDate(self, value: QDate) -> None:  # noqa: N802 - the name QDateEdit uses
        value = max(self._earliest, min(QDate(value), self._latest))
        changed = value != self._date
        self._date = QDate(value)
        self.setText(day_text(self._py()))
        self._set_problem("")
        if changed:
            self.dateChanged.emit(QDate(value))

    def commit(self) -> str:
        """Take a date typed and not yet confirmed (Enter or leaving the field does it too); returns the
        problem with it (empty when none), for a dialog that acts on its fields at once."""
        self._commit()
        return self.problem

    def _commit(self) -> None:
        text = self.text().strip()
        if text == day_text(self._py()):
            self._set_problem("")
            return
        typed = parse_typed_date(text, locale_day_first())
        if typed is None:
            self._set_problem(f"{quoted(text)} is not a date: type it like {day_text(self._py())} or {self._py().isoformat()}")
            return
        value = QDate(typed.year, typed.month, typed.day)
        if not self._earliest <= value <= self._latest:
            self._set_problem(f"{quoted(text)} is outside the planner's calendar ({self._earliest.year()} to {self._latest.year()})")
            return
        self.setDate(value)

    def _set_problem(self, problem: str) -> None:
        if problem != self.problem:
            self.problem = problem
            self.problemChanged.emit(problem)

    # ------------------------------------------------------------------ calendar
    def setCalendarWidget(self, widget: QCalendarWidget) -> None:  # noqa: N802 - the name QDateEdit uses
        self._calendar = widget
        widget.setDateRange(self._earliest, self._latest)
        self._popup = None

    def calendarWidget(self) -> QCalendarWidget:  # noqa: N802
        if self._calendar is None:
            self._calendar = QCalendarWidget()
            self._calendar.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
            self._calendar.setGridVisible(True)
            mark_treatment_weekdays(self._calendar, None)  # the clinic unknown here: no red weekend either
        return self._calendar

    def open_calendar(self) -> None:
        """The calendar below the field, on the month of the field's date."""
        calendar_widget = self.calendarWidget()
        if self._popup is None:
            self._popup = QFrame(self, Qt.WindowType.Popup)
            self._popup.setFrameShape(QFrame.Shape.Box)
            column = QVBoxLayout(self._popup)
            column.setContentsMargins(1, 1, 1, 1)
            column.addWidget(calendar_widget)
            calendar_widget.activated.connect(self._picked)
            calendar_widget.clicked.connect(self._picked)
        calendar_widget.setSelectedDate(self._date)
        calendar_widget.setCurrentPage(self._date.year(), self._date.month())
        self._popup.adjustSize()
        self._popup.move(self.mapToGlobal(QPoint(0, self.height())))
        self._popup.show()
        calendar_widget.setFocus()

    def _picked(self, value: QDate) -> None:
        if self._popup is not None:
            self._popup.hide()
        self.setDate(value)
        self.setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        key, alt = event.key(), bool(event.modifiers() & Qt.KeyboardModifier.AltModifier)
        if key == Qt.Key.Key_F4 or (alt and key == Qt.Key.Key_Down):
            self._commit()
            self.open_calendar()
        elif key in (Qt.Key.Key_Up, Qt.Key.Key_Down) and not alt:
            self._commit()
            step = 1 if key == Qt.Key.Key_Up else -1
            self.setDate(QDate(self._date).addDays(step))
            self.selectAll()
        else:
            super().keyPressEvent(event)


class TimeField(QTimeEdit):
    """A time of day as HH:MM, typed straight through ("0815"); one Tab stop, not two."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDisplayFormat("HH:mm")

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: A002, N802 - Qt's names
        return QAbstractSpinBox.focusNextPrevChild(self, next)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        """A typed separator ("07:45") goes on to the minutes, as in any time field. QTimeEdit moves
        there through focusNextPrevChild, which here leaves the field (one Tab stop): the rest of
        the time would land in the next field (the session length). Select all (Ctrl+A) selects the
        hours, so that what is typed next replaces the time; so does a digit typed over a selection of more than
        the hours (all of it, selected with the mouse or the field's menu)."""
        if event.matches(QKeySequence.StandardKey.SelectAll):  # the whole "09:00" selected takes no digit: start at the hours
            self.setSelectedSection(QDateTimeEdit.Section.HourSection)
            event.accept()
            return
        if event.text().isdigit() and ":" in self.lineEdit().selectedText():
            self.setSelectedSection(QDateTimeEdit.Section.HourSection)
        if event.text() in (":", ".") and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            if self.currentSection() == QDateTimeEdit.Section.HourSection:
                self.setCurrentSection(QDateTimeEdit.Section.MinuteSection)
                self.setSelectedSection(QDateTimeEdit.Section.MinuteSection)
            event.accept()
            return
        super().keyPressEvent(event)


class DateTimeField(QWidget):
    """A date typed or picked beside a time of day: two Tab stops, one moment. Focus given to it goes
    to the date (a label's buddy is `date_field`); `problem` is the date's (a text that is not a date)."""

    problemChanged = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.date_field = DateField()
        self.time_field = TimeField()
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.date_field, 1)
        row.addWidget(self.time_field)
        self.setFocusProxy(self.date_field)
        self.date_field.problemChanged.connect(self.problemChanged)

    @property
    def problem(self) -> str:
        return self.date_field.problem

    def setDateTime(self, value: QDateTime) -> None:  # noqa: N802 - the name QDateTimeEdit uses
        self.date_field.setDate(value.date())
        self.time_field.setTime(value.time())

    def dateTime(self) -> QDateTime:  # noqa: N802
        return QDateTime(self.date_field.date(), self.time_field.time())

    def date(self) -> QDate:
        return self.date_field.date()

    def commit(self) -> str:
        """Take what was typed and not yet confirmed; returns the problem (empty when none)."""
        self.time_field.interpretText()
        return self.date_field.commit()

    def set_time_shown(self, shown: bool) -> None:
        """The time hidden (a whole day); the date stays."""
        self.time_field.setVisible(shown)


# Window shortcuts that a text field on X11 would take for itself (Ctrl+E: end of line).
WINDOW_KEYS = ("Ctrl+Y", "Ctrl+E")


class UndoToWindow(QObject):
    """An event filter: Ctrl+Z and redo in a field reach the window's undo, not the field's own
    keystroke history (a spin box's or date field's would otherwise swallow them); Ctrl+E reaches
    the window's export, not the field's end of line."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent) and (
                event.matches(QKeySequence.StandardKey.Undo) or event.matches(QKeySequence.StandardKey.Redo)
                or any(event.keyCombination().toCombined() == QKeySequence(keys)[0].toCombined() for keys in WINDOW_KEYS)):
            event.ignore()
            return True
        return False


def route_undo(root: QWidget, router: UndoToWindow) -> None:
    """Every editable field under `root` hands undo and redo to the window."""
    for widget in root.findChildren(QWidget):
        if isinstance(widget, (QAbstractSpinBox, QLineEdit, QComboBox)):
            widget.installEventFilter(router)
