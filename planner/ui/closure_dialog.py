"""Close the whole department for a day or a few (snow, a power cut, "closed tomorrow"): the closure
and the re-booking of every appointment then, in one step, and the same report as a machine's downtime.

The department's settings refuse a closure over booked time (its patients would be told a time the
machines are shut); this dialog is the way to record one: the booking desk writes the closure and
every re-booking together, or nothing."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from ..app.booking import MAX_CLOSURE_DAYS, BookingDesk, CalendarUpdate, SlotTaken
from ..app.store_words import store_words
from ..booking.model import ClosureReport
from ..core.errors import Field, InputError
from ..core.text import counted
from ..store.db import StoreError
from .booking_dialogs import RebookingReport, buddy_label, lay_out_dialog, say_refusal, show_dialog_error, with_error_line
from .course_form import FieldError
from .date_field import DateField
from .date_limits import bound_dates
from .dialog_fit import FormNote, RoomKept
from .formats import day_text, short_day
from .guard import guarded

RULES = ("Each is re-booked as after a machine's downtime: a gap-sensitive course gets a weekend or a second session "
         "where the department allows it, any other course a day at the end of the course.")


def closed_span(report: ClosureReport) -> str:
    """'Tue 2 Apr' or 'Tue 2 Apr to Wed 3 Apr': the days the report closed."""
    days = [day for day, _ in report.closed]
    return short_day(days[0]) + (f" to {short_day(days[-1])}" if len(days) > 1 else "")


class CloseDepartmentDialog(QDialog):
    """Enter the days the department is closed and why; on OK the desk records the closure and re-books
    every appointment then (all or nothing), and the report is kept in `report`. Dates are typed
    ("2 Apr 2030", "2030-04-02") or picked (Alt+Down); a refusal is said under the field it names."""

    def __init__(self, desk: BookingDesk, day: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.report: ClosureReport | None = None
        self.updates: list[CalendarUpdate] = []
        self.setWindowTitle("Department closed")
        form = QFormLayout()
        self.first = DateField()
        self.last = DateField()
        bound_dates(self.first, self.last)
        start = max(day, desk.today)  # the day shown, unless it is past: a closure is recorded from today on
        for field in (self.first, self.last):
            field.setDate(QDate(start.year, start.month, start.day))
        self.first_error, self.last_error, self.reason_error = FieldError(), FieldError(), FieldError()
        self.first.problemChanged.connect(lambda problem: self.first_error.show_message(f"First day: {problem}" if problem else ""))
        self.last.problemChanged.connect(lambda problem: self.last_error.show_message(f"Last day: {problem}" if problem else ""))
        form.addRow(buddy_label("&First day closed", self.first), with_error_line(self.first, self.first_error))
        form.addRow(buddy_label("&Last day closed", self.last), with_error_line(self.last, self.last_error))
        self.reason = QLineEdit()
        self.reason.setMaxLength(200)
        self.reason.setPlaceholderText("Optional, e.g. snow or power cut")  # whole in the field, a 1024-px screen too
        self.reason.setToolTip("Recorded as the closure's note, as Department settings shows it")
        form.addRow(buddy_label("&Reason", self.reason), with_error_line(self.reason, self.reason_error))
        self.affected = FormNote()  # as tall as its words: no blank band above them
        self.affected.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow("", self.affected)
        self.error = lay_out_dialog(self, form, "Close and re-&book", self.close_and_rebook)  # R is the reason's
        self.room = RoomKept(self, self.first_error, self.last_error, self.reason_error, self.error)
        self.first.dateChanged.connect(self._first_changed)
        self.last.dateChanged.connect(self._say_affected)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("x") * 80)
        for field in (self.first, self.last, self.reason):
            field.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        QWidget.setTabOrder(self.first, self.last)
        QWidget.setTabOrder(self.last, self.reason)
        self.first.setFocus()
        self._say_affected()

    def span(self) -> tuple[date, date]:
        first: date = self.first.date().toPython()
        last: date = self.last.date().toPython()
        return first, last

    def _first_changed(self, value: QDate) -> None:
        """A first day after the last moves the last along: one day closed is the usual case."""
        if self.last.date() < value:
            self.last.setDate(value)
        self._say_affected()

    @guarded
    def _say_affected(self, *_: object) -> None:
        """How many appointments (and patients) are booked in the days chosen: what the closure will move."""
        said = self.affected.text()
        self._count_affected()
        if self.affected.text() != said:
            self.room.refit()  # a line more or less: the dialog keeps room for them, and no more

    def _count_affected(self) -> None:
        first, last = self.span()
        days = (last - first).days + 1
        if not 1 <= days <= MAX_CLOSURE_DAYS:
            self.affected.setText("")
            return
        try:
            agenda = self.desk.agenda(first, days)
        except (InputError, StoreError):
            self.affected.setText("")
            return
        entries = [e for machine in agenda.machines for e in machine.entries]
        if not entries:
            self.affected.setText("Nothing is booked then: the closure moves no one.")
            return
        patients = len({e.course_id for e in entries})
        self.affected.setText(f"Booked then: {counted(len(entries), 'appointment')} of {counted(patients, 'patient')}. {RULES}")

    def check(self) -> tuple[date, date] | None:
        """The days, or None after saying under each field what is wrong with it."""
        problems = {self.first_error: self.first.commit(), self.last_error: self.last.commit()}
        self.reason_error.show_message("")
        show_dialog_error(self.error, "")
        if any(problems.values()):
            (self.first if problems[self.first_error] else self.last).setFocus()
            return None
        first, last = self.span()
        if last < first:
            self.last_error.show_message(f"Last day: before the first day ({day_text(first)})")
            self.last.setFocus()
            return None
        return first, last

    @guarded
    def close_and_rebook(self) -> None:
        span = self.check()
        if span is None:
            return
        try:
            self.report, self.updates = self.desk.close_department(*span, self.reason.text())
        except SlotTaken as exc:
            show_dialog_error(self.error, f"Someone booked or moved an appointment the re-booking needed ({exc}); nothing was changed. "
                                    "Try again.")
            return
        except InputError as exc:
            self._refused(exc)
            return
        except StoreError as exc:
            show_dialog_error(self.error, store_words(exc, self.desk.store.display_url))
            return
        self.accept()

    def _refused(self, exc: InputError) -> None:
        places: dict[Field, tuple[FieldError, str, QWidget]] = {
            Field.DATE: (self.first_error, "First day", self.first), Field.TO: (self.last_error, "Last day", self.last),
            Field.DAYS: (self.last_error, "Last day", self.last), Field.REASON: (self.reason_error, "Reason", self.reason)}
        say_refusal(exc, places, self.error)


class ClosureReportDialog(RebookingReport):
    """The re-booking report of the department's closure: who moved where, who could not be placed, whose
    calendar needs an update (and writing those updates)."""

    def __init__(self, desk: BookingDesk, report: ClosureReport, updates: list[CalendarUpdate], parent: QWidget | None = None, *,
                 discreet: bool = False) -> None:
        super().__init__(desk, f"Department closed {closed_span(report)}: re-booking report", report, updates, parent,
                         discreet=discreet)
        note = report.closed[0][1] if report.closed else ""
        layout = self.layout()
        if isinstance(layout, QVBoxLayout):
            closed = QLabel(f"The department is closed {closed_span(report)}" + (f" ({note})" if note else "")
                            + "; the closure is in Department settings.")
            closed.setWordWrap(True)
            layout.insertWidget(0, closed)

