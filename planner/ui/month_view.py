"""The month overview: every day with an appointment marked, closed days shaded and named.

Each day cell carries a small mark per kind of appointment (the fraction's number, "R" for a
review, "S" for the planning scan, "F" for the follow-up) so that a review day reads differently
from a plain treatment day; a legend below says what the marks mean. Every appointment of the
month is an accessible item.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QEvent, QRect, Qt
from PySide6.QtGui import QBrush, QFont, QPainter, QTextCharFormat
from PySide6.QtWidgets import QCalendarWidget, QLabel, QTableView, QVBoxLayout, QWidget

from ..core.dates import day_text
from ..core.kinds import AppointmentKey, AppointmentKind
from ..core.schedule import Appointment, Schedule
from ..wording import missed_title, title
from .accessible import MarkerSet
from .colours import closed_fill, kind_fill, text_on, tone_on
from .weekday_marks import mark_treatment_weekdays

MARKS = {AppointmentKind.SIMULATION: "S", AppointmentKind.REVIEW: "R", AppointmentKind.FOLLOW_UP: "F"}
LEGEND = ((AppointmentKind.FRACTION, "7", "Fraction (its number)"), (AppointmentKind.FRACTION, "✗7", "Missed"),
          (AppointmentKind.FRACTION, "7+", "Make-up"), (AppointmentKind.REVIEW, "R", "Review"),
          (AppointmentKind.SIMULATION, "S", "Planning scan"), (AppointmentKind.FOLLOW_UP, "F", "Follow-up"))


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


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

    def set_schedule(self, schedule: Schedule | None) -> None:
        """Shows the first fraction's month on the first course and whenever its date changes."""
        before = self.schedule.first_fraction.start.date() if self.schedule is not None else None
        self.schedule = schedule
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
        return [*([f"Closed: {reason}"] if reason else []),
                *(f"{a.start:%H:%M} {missed_title(a) if a.missed else title(a)}" + (" (make-up)" if a.make_up else "")
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
                moved = adjustments is not None and adjustments.moved(appointment.key) is not None
                items.append((appointment, moved, rect))
        self.markers.place(items)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._mark()  # the tones are chosen for the palette

    def resizeEvent(self, event: object) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)  # type: ignore[arg-type]
        self._place_markers()

    def paintCell(self, painter: QPainter, rect: QRect, value: QDate | object) -> None:  # noqa: N802 - Qt's name
        super().paintCell(painter, rect, value)  # type: ignore[arg-type]
        if not isinstance(value, QDate):
            return
        todays = self._by_day.get(date(value.year(), value.month(), value.day()), [])
        if not todays:
            return
        palette = self.palette()
        painter.save()
        try:
            small = QFont(painter.font())
            small.setPointSizeF(max(6.0, small.pointSizeF() * 0.75))
            small.setBold(True)
            painter.setFont(small)
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
        finally:
            painter.restore()


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
