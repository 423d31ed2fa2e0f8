"""The month overview: every day with an appointment marked, closed days shaded and named.

Each day cell carries a small mark per kind of appointment (the fraction's number, "R" for a
review, "S" for the planning scan, "F" for the follow-up) so that a review day reads differently
from a plain treatment day; a legend below says what the marks mean. Every appointment of the
month is an accessible item.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QEvent, QModelIndex, QObject, QPersistentModelIndex, QRect, QSize, Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QPainter, QPalette, QPen, QShowEvent, QTextCharFormat
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QApplication,
    QCalendarWidget,
    QItemDelegate,
    QLabel,
    QScrollArea,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..core.dates import day_text
from ..core.kinds import AppointmentKey, AppointmentKind
from ..core.schedule import Appointment, Schedule
from ..wording import BOOKED_OFF, NOT_BOOKED_YET, missed_title, move_note, title
from .accessible import MarkerSet, moves_said
from .colours import AA_TEXT, closed_fill, contrast, kind_fill, quiet_text_on, text_on, tone_on
from .weekday_marks import mark_treatment_weekdays

MARKS = {AppointmentKind.SIMULATION: "S", AppointmentKind.REVIEW: "R", AppointmentKind.FOLLOW_UP: "F"}
LEGEND = ((AppointmentKind.FRACTION, "7", "Fraction (its number)"), (AppointmentKind.FRACTION, "✗7", "Missed"),
          (AppointmentKind.FRACTION, "7+", "Make-up"), (AppointmentKind.REVIEW, "R", "Review"),
          (AppointmentKind.SIMULATION, "S", "Planning scan"), (AppointmentKind.FOLLOW_UP, "F", "Follow-up"))
BADGE_SCALE = 0.75  # a badge's text beside the date's


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


class WeekNumbers(QItemDelegate):
    """Qt's own delegate for the month's cells, but with a week number centred where its week's dates are: in a short
    cell the dates sit above the row of badges (`MonthView._date_rect`), and the week numbers, which Qt centres in the
    whole cell, sat a few pixels lower. Each date cell (and the day names) is Qt's (it calls `MonthView.paintCell`)."""

    def __init__(self, month: MonthView, qt_own: QAbstractItemDelegate) -> None:
        super().__init__(month)
        self.month = month
        self.qt_own = qt_own

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        if index.column() != 0 or index.row() == 0 or \
                self.month.verticalHeaderFormat() is QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader:
            self.qt_own.paint(painter, option, index)
            return
        shown = self.setOptions(index, option)  # the model's font and colours, as Qt's delegate reads them
        shown.displayAlignment = Qt.AlignmentFlag.AlignCenter  # as Qt's calendar has its headers
        self.drawBackground(painter, shown, index)
        rect = self.month._date_rect(option.rect, QFontMetrics(self.month._badge_font()).height() + 2)
        self.drawDisplay(painter, shown, rect, str(index.data(Qt.ItemDataRole.DisplayRole) or ""))

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:  # noqa: N802
        return self.qt_own.sizeHint(option, index)


class MonthView(QCalendarWidget):
    def __init__(self, parent: QWidget | None = None, marker_owner: QWidget | None = None) -> None:
        """`marker_owner`: where the accessible items live (a calendar widget lists only its own parts)."""
        super().__init__(parent)
        self.schedule: Schedule | None = None
        self._by_day: dict[date, list[Appointment]] = {}
        self._marker_owner = marker_owner or self
        self.machines: dict[AppointmentKey, str] = {}  # the booked machine of each appointment at its booked time
        self.main_machine = ""  # the machine the course is booked on; others are marked on their day
        self.setGridVisible(True)
        self.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        self.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.ISOWeekNumbers)
        self.markers = MarkerSet(self._marker_owner)
        self.setAccessibleName("Month view")
        self.currentPageChanged.connect(lambda year, month: self._mark())
        self.selectionChanged.connect(self._selected_in_view)
        self._viewports: list[QWidget] = []  # of the scroll areas around the month (see showEvent)
        grid = self.findChild(QTableView)
        if grid is not None:
            grid.installEventFilter(self)  # the keys come into the month: the chosen day in sight
            grid.setItemDelegate(WeekNumbers(self, grid.itemDelegate()))  # each week number in line with its dates

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """The keys come into the month, or the area it scrolls in changes size (the notes below it wrap, the
        Patients list opens): the chosen day in sight again."""
        if ((event.type() == QEvent.Type.FocusIn and isinstance(watched, QTableView))
                or (event.type() == QEvent.Type.Resize and watched in self._viewports)):
            QTimer.singleShot(0, self, self._selected_in_view)
        return super().eventFilter(watched, event)

    def _selected_in_view(self) -> None:
        """The day the arrow keys chose in sight, also when the month scrolls in a short pane (see minimumSizeHint)."""
        from .scroll_focus import bring_into_view

        rect = self._cell_rect(self.selectedDate().toPython())
        if not rect.isEmpty():
            bring_into_view(self._marker_owner, rect.adjusted(-2, -2, 2, 2))  # its last row of pixels too

    def set_schedule(self, schedule: Schedule | None) -> None:
        """Shows the first fraction's month on the first course and whenever its date changes."""
        before = self.schedule.first_fraction.start.date() if self.schedule is not None else None
        self.schedule = schedule
        self.markers.moved_words = moves_said(schedule)
        self._by_day = {}
        for appointment in (*schedule.appointments, *schedule.missed) if schedule else ():
            self._by_day.setdefault(appointment.start.date(), []).append(appointment)
        if schedule is not None and schedule.first_fraction.start.date() != before:
            self.show_course_start()
        self._mark()

    def set_machines(self, machines: tuple[tuple[AppointmentKey, str], ...], main: str = "") -> None:
        """Each booked appointment's machine (in the day's tooltip and accessible name) and the course's own machine."""
        self.machines = dict(machines)
        self.markers.machines = self.machines
        self.main_machine = main
        self._mark()
        self.updateCells()

    def elsewhere(self, appointment: Appointment) -> bool:
        """A booked fraction on another machine than the course's (marked ◆ on its day); the planning
        scan's CT simulator and a review's clinic room are where they belong."""
        machine = self.machines.get(appointment.key, "")
        return (appointment.kind is AppointmentKind.FRACTION and not appointment.missed
                and bool(machine and self.main_machine and machine != self.main_machine))

    def show_course_start(self) -> None:
        if self.schedule is not None:
            start = self.schedule.first_fraction.start.date()
            self.setCurrentPage(start.year, start.month)
            self.setSelectedDate(_qdate(start))

    def _mark(self) -> None:
        """Day formats: the clinic's days without treatment marked (not Qt's red weekend), and the light tints
        give way to colours that read in this palette."""
        palette = self.palette()
        schedule = self.schedule
        mark_treatment_weekdays(self, schedule.request.calendar.treatment_days if schedule is not None else None)
        self.setDateTextFormat(QDate(), QTextCharFormat())
        if schedule is None:
            self.markers.place([])
            return
        first = date(self.yearShown(), self.monthShown(), 1)
        for offset in range(-7, 45):
            day = date.fromordinal(first.toordinal() + offset)
            fmt = QTextCharFormat()
            todays = self._by_day.get(day, [])
            lines = self.day_lines(day)
            if self.closed_reason(day):
                shade = closed_fill(palette)
                fmt.setBackground(shade)
                fmt.setForeground(tone_on("closed", shade))
            given = [a for a in todays if not a.missed]
            if given:
                kind = AppointmentKind.FRACTION if any(a.kind is AppointmentKind.FRACTION for a in given) else given[0].kind
                fill = kind_fill(kind, palette)
                fmt.setBackground(fill)
                fmt.setForeground(text_on(fill, palette))
                fmt.setFontWeight(QFont.Weight.Bold)
            if not lines:
                continue
            fmt.setToolTip("\n".join(lines))
            self.setDateTextFormat(_qdate(day), fmt)
        self._place_markers()

    def day_lines(self, day: date) -> list[str]:
        """What `day` holds, a line each: why the clinic is closed, then each appointment (its tooltip)."""
        reason = self.closed_reason(day)
        adjustments = self.schedule.request.adjustments if self.schedule is not None else None

        def notes(a: Appointment) -> str:  # a make-up not booked yet, a session booked elsewhere: says so, as the list and week do
            note = move_note(adjustments.move_reason(a.key)) if adjustments is not None else ""
            said = [n for n in ("make-up" if a.make_up else "", note if note in (NOT_BOOKED_YET, BOOKED_OFF) else "") if n]
            return f" ({', '.join(said)})" if said else ""

        return [*([f"Closed: {reason}"] if reason else []),
                *(f"{a.start:%H:%M} {missed_title(a) if a.missed else title(a)}" + notes(a)
                  + (f" on {self.machines[a.key]}" if a.key in self.machines and not a.missed else "")
                  for a in self._by_day.get(day, []))]

    def closed_reason(self, day: date) -> str | None:
        """Why the clinic is closed on `day`, a treatment day (shaded), or None."""
        if self.schedule is None:
            return None
        calendar = self.schedule.request.calendar
        return calendar.closure_reason(day) if day.weekday() in calendar.treatment_days else None

    def _cell_rect(self, day: date) -> QRect:
        """Where `day` is drawn, in this widget's coordinates (empty when it is not on the page)."""
        table = self.findChild(QTableView)
        if table is None or table.model() is None:
            return QRect()
        first = date(self.yearShown(), self.monthShown(), 1)
        lead = first.weekday() or 7  # the week starts on Monday; Qt shows at least one day of the month before
        index = (day - first).days + lead
        if not 0 <= index < 42:
            return QRect()
        model = table.model()
        cell = model.index(1 + index // 7, 1 + index % 7)
        rect = table.visualRect(cell)
        return QRect(table.viewport().mapTo(self._marker_owner, rect.topLeft()), rect.size())

    def _place_markers(self) -> None:
        adjustments = self.schedule.request.adjustments if self.schedule is not None else None
        items = []
        for day in sorted(self._by_day):
            if (day.year, day.month) != (self.yearShown(), self.monthShown()):
                continue
            rect = self._cell_rect(day)
            for appointment in self._by_day[day]:
                items.append((appointment, move_note(adjustments.move_reason(appointment.key)) if adjustments is not None else "", rect))
        self.markers.place(items)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._mark()  # the tones are chosen for the palette

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        ancestor = self.parentWidget()
        while ancestor is not None:  # the areas the month scrolls in: their size decides what is in sight
            if isinstance(ancestor, QScrollArea) and ancestor.viewport() not in self._viewports:
                self._viewports.append(ancestor.viewport())
                ancestor.viewport().installEventFilter(self)
            ancestor = ancestor.parentWidget()
        QTimer.singleShot(0, self, self._selected_in_view)  # once laid out: the chosen day (the course's start) in sight

    def resizeEvent(self, event: object) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)  # type: ignore[arg-type]
        self._place_markers()

    def _badge_font(self) -> QFont:
        small = QFont(self.font())
        small.setPointSizeF(max(6.0, small.pointSizeF() * BADGE_SCALE))
        small.setBold(True)
        return small

    def row_height_needed(self) -> int:
        """A week's least height: the date (bold, as a day with fractions has it) over a row of badges, never on them."""
        bold = QFont(self.font())
        bold.setBold(True)
        return QFontMetrics(bold).height() + QFontMetrics(self._badge_font()).height() + 3

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        """Never so short that a day's badges would cover its date (at 1024 px beside the Patients list the
        cells were 20 px tall): below this the month scrolls in its area (result_panel.sideways)."""
        hint = super().minimumSizeHint()
        bar = self.findChild(QWidget, "qt_calendar_navigationbar")
        table = self.findChild(QTableView)
        frame = 2 * table.frameWidth() if table is not None else 0
        bar_height = bar.sizeHint().height() if bar is not None else 0
        return QSize(hint.width(), max(hint.height(), bar_height + 7 * self.row_height_needed() + frame))  # day names and 6 weeks

    def cell_colours(self, value: QDate) -> tuple[QColor, QColor]:
        """A day cell's fill and the colour its date is written in: the selection's, else the day's mark (a kind's
        fill, a closure's shade) with its readable text. Qt writes the days of the month before and after in the
        palette's disabled grey whatever their mark (about 2:1 on a fraction's fill); here a day of another month
        with an appointment or a closure reads as in its own month, and a plain one in the quietest tone that still
        reads (4.5:1) on its fill."""
        palette = self.palette()
        group = (QPalette.ColorGroup.Disabled if not self.isEnabled()
                 else QPalette.ColorGroup.Active if self.isActiveWindow() else QPalette.ColorGroup.Inactive)
        if value == self.selectedDate():
            return (palette.color(group, QPalette.ColorRole.Highlight),
                    palette.color(group, QPalette.ColorRole.HighlightedText))
        fmt = self._cell_format(value)
        fill = (fmt.background().color() if fmt.background().style() != Qt.BrushStyle.NoBrush
                else palette.color(group, QPalette.ColorRole.Base))
        text = (fmt.foreground().color() if fmt.foreground().style() != Qt.BrushStyle.NoBrush
                else palette.color(group, QPalette.ColorRole.Text))
        day = value.toPython()
        marked = bool(self._by_day.get(day)) or self.closed_reason(day) is not None
        if (value.year(), value.month()) != (self.yearShown(), self.monthShown()) and not marked:
            text = quiet_text_on(fill, palette)
        if contrast(text, fill) < AA_TEXT:
            text = text_on(fill, palette)
        return fill, text

    def _cell_format(self, value: QDate) -> QTextCharFormat:
        """The day's text format as Qt merges it: the widget's font, the weekday's format, then the date's own."""
        fmt = QTextCharFormat()
        fmt.setFont(self.font())
        fmt.merge(self.weekdayTextFormat(Qt.DayOfWeek(value.dayOfWeek())))
        fmt.merge(self.dateTextFormat(value))
        return fmt

    def paintCell(self, painter: QPainter, rect: QRect, value: QDate | object) -> None:  # noqa: N802 - Qt's name
        """The date in the cell's upper part and the day's badges in a row of their own under it: in a small cell
        (35 x 20 px at 1024 px beside the Patients list) a badge drawn over the date read "1◆" for "30", and a
        "2" beside "1" as "21"."""
        if not isinstance(value, QDate):
            super().paintCell(painter, rect, value)  # type: ignore[arg-type]
            return
        todays = self._by_day.get(value.toPython(), [])
        painter.save()
        try:
            painter.setClipRect(rect)  # a badge too wide for its day is cut, never drawn on the next day
            fill, text = self.cell_colours(value)
            painter.fillRect(rect, fill)
            badge_font = self._badge_font()
            date_rect = self._date_rect(rect, QFontMetrics(badge_font).height() + 2)
            painter.setFont(self._cell_format(value).font())
            painter.setPen(text)
            painter.drawText(date_rect, int(Qt.AlignmentFlag.AlignCenter), str(value.day()))
            if value == self.selectedDate() and self.findChild(QTableView) is QApplication.focusWidget():
                frame = QPen(text, 1, Qt.PenStyle.DotLine)  # where the arrow keys are, as Qt's own cells show it
                painter.setPen(frame)
                painter.drawRect(rect.adjusted(1, 1, -2, -2))
            if todays:
                self._paint_badges(painter, rect, todays, badge_font)
        finally:
            painter.restore()

    def _date_rect(self, rect: QRect, strip: int) -> QRect:
        """Where the date is centred: the whole cell, as Qt has it, when the date clears the badges' row (`strip`
        high, at the foot); else the cell above that row. Decided on the bold date's height, so that every date
        of a week is in line."""
        bold = QFont(self.font())
        bold.setBold(True)
        date_height = QFontMetrics(bold).height()
        if rect.top() + (rect.height() + date_height) // 2 <= rect.bottom() - strip:
            return rect
        return rect.adjusted(0, 0, 0, -strip)

    def _paint_badges(self, painter: QPainter, rect: QRect, todays: list[Appointment], font: QFont) -> None:
        palette = self.palette()
        painter.setFont(font)
        height = painter.fontMetrics().height()
        x = rect.left() + 2
        for appointment in todays:
            mark = str(appointment.number) if appointment.kind is AppointmentKind.FRACTION else MARKS[appointment.kind]
            if appointment.missed:
                mark = "✗" + mark
            elif appointment.make_up:
                mark += "+"
            if self.elsewhere(appointment):
                mark += "◆"
            width = painter.fontMetrics().horizontalAdvance(mark) + 4
            badge = QRect(x, rect.bottom() - height - 1, width, height)
            fraction = appointment.kind is AppointmentKind.FRACTION and not appointment.missed
            fill = kind_fill(appointment.kind, palette) if fraction else palette.text().color()
            painter.fillRect(badge, QBrush(fill))
            painter.setPen(text_on(fill, palette) if fraction else palette.base().color())
            painter.drawText(badge, int(Qt.AlignmentFlag.AlignCenter), mark)
            x += width + 2


class MonthPanel(QWidget):
    """The month view with its notes and legend."""

    def __init__(self, parent: QWidget | None = None, words_apart: bool = False) -> None:
        """`words_apart`: the selected day's note, the machine's note and the legend (`words`) are left for
        the caller to place outside a pane that scrolls sideways, so they wrap to the width in view."""
        super().__init__(parent)
        self.setAccessibleName("Month view")
        self.view = MonthView(self, marker_owner=self)
        # One label that wraps between its entries (never inside one but the last, long one), so the
        # legend never makes the pane wider than a small screen gives it.
        entries = [f"<b>{mark}</b> {label}".replace(" ", "\u00a0") for _kind, mark, label in LEGEND]
        entries.append("<i>Grey\u00a0italic</i>:\u00a0no\u00a0treatment\u00a0that\u00a0weekday")
        entries.append("Shaded:\u00a0clinic\u00a0closed (select the day or hover for why)")
        self.legend = QLabel("\u00a0\u00a0\u00a0 ".join(entries))
        self.legend.setWordWrap(True)
        self.legend.setContentsMargins(4, 2, 4, 2)
        self.machine_note = QLabel()  # once booked: the course's machine, and the mark of a day on another
        self.machine_note.setObjectName("machine-note")
        self.machine_note.setWordWrap(True)
        self.machine_note.setContentsMargins(4, 2, 4, 0)
        self.machine_note.hide()
        # The selected day in words: the keyboard's way to what a day's tooltip says (why it is shaded).
        self.day_note = QLabel()
        self.day_note.setObjectName("day-note")
        self.day_note.setWordWrap(True)
        self.day_note.setContentsMargins(4, 2, 4, 0)
        self.day_note.hide()
        self.view.selectionChanged.connect(self._day_note)
        self.words = (self.day_note, self.machine_note, self.legend)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.view, 1)
        for words in () if words_apart else self.words:
            column.addWidget(words)

    def set_schedule(self, schedule: Schedule | None) -> None:
        self.view.set_schedule(schedule)
        self._note()
        self._day_note()

    def _day_note(self) -> None:
        """The selected day in words, as its tooltip has it (the keyboard's way to a closed day's reason)."""
        selected = self.view.selectedDate()
        day = date(selected.year(), selected.month(), selected.day())
        lines = self.view.day_lines(day) if self.view.schedule is not None else []
        self.day_note.setVisible(self.view.schedule is not None)
        self.day_note.setText(f"<b>{day_text(day)}</b>: " + _html("; ".join(lines) or "nothing planned"))

    def set_machines(self, machines: tuple[tuple[AppointmentKey, str], ...], main: str = "") -> None:
        self.view.set_machines(machines, main)
        self._note()

    def _note(self) -> None:
        view = self.view
        schedule = view.schedule
        booked = bool(view.machines and view.main_machine and schedule is not None)
        self.machine_note.setVisible(booked)
        if not booked or schedule is None:
            self.machine_note.setText("")
            return
        elsewhere = [a for a in schedule.appointments if view.elsewhere(a)]
        text = f"Booked on <b>{_html(view.main_machine)}</b>"
        if elsewhere:
            text += f"; <b>◆</b>\u00a0{len(elsewhere)} on another machine (select or hover over the day for which)"
        self.machine_note.setText(text)

    def show_course_start(self) -> None:
        self.view.show_course_start()
