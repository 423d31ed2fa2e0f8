"""Dialogs of the department's bookings: book a course from up to three proposals, move the rest
of a course, take a machine down and read the re-booking report (and write the calendar updates).

Each dialog calls one use case of the booking desk (planner.app.booking) and shows its answer; a
refusal is shown next to the fields, never as a traceback."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, date, datetime, time, timedelta
from html import escape
from pathlib import Path
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDate, QDateTime, QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt, QTime, QTimer
from PySide6.QtGui import QGuiApplication, QKeySequence, QPainter, QPalette, QPen, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..app.booking import (
    NO_DOWNTIME_REASON,
    BookingDesk,
    CalendarUpdate,
    Relocation,
    SlotTaken,
    begun_advice,
    group_departure,
    not_beam_matched,
    urgent_start_words,
    window_words,
)
from ..app.move_refusal import shortest_reasons
from ..app.store_words import store_words
from ..booking.model import BookingAnswer, ClosureReport, Move, Proposal, RebookReport, started_later
from ..core.agenda import AgendaEntry, initials, shown_patient, with_hospital_number
from ..core.department import Booking
from ..core.errors import Field, InputError
from ..core.kinds import AppointmentKind
from ..core.schedule import exists_locally
from ..core.text import counted
from ..core.wall_clock import first_showing
from ..store.db import StoreError
from .course_form import FieldError
from .date_field import DateField, DateTimeField, TimeField
from .date_limits import bound_dates
from .dialog_fit import FormNote, fit_height, fit_on_screen
from .formats import day_text, short_day
from .guard import guarded
from .shown_names import shown_name

SHOWN_PROPOSALS = 3  # the rows the proposals table keeps room for (the engine proposes up to three)
NOTES_LINES = 3  # the notes' least height in lines: longer notes scroll there rather than squeeze the proposals
DEFAULT_PREFERRED = time(8, 30)  # a booking's preferred time when the course's own cannot be read
PROPOSAL_COLUMNS = ("Start", "Machine", "Daily time", "Sessions off time", "Sessions on other machine", "Wait (working days)")
PROPOSAL_TIPS = (
    "The first treatment session's date", "The machine the course is booked on", "The usual daily time of the sessions",
    "How many sessions would be more than 15 minutes off the daily time",
    "How many sessions would be on another machine than this one, and how many of those outside its beam-matched group",
    "Working days from the earliest start to the first session",
)


def proposal_row(proposal: Proposal) -> tuple[str, ...]:
    """What the coordinator compares: start, machine, daily time, fractions off time and off machine, wait."""
    other = f"{proposal.off_machine} ({proposal.off_group} outside the group)" if proposal.off_group else str(proposal.off_machine)
    return (day_text(proposal.first), proposal.machine, f"{proposal.time:%H:%M}", str(proposal.off_time), other,
            str(proposal.wait_days))


EARLIEST_WORDS = "From the course{day}: its planning &scan plus planning time, else its first fraction"


def _sentence(text: str) -> str:
    """A warning of the command line's ('the course keeps its own time zone ...') as a line of the dialog: a capital first."""
    return text[:1].upper() + text[1:]


def proposal_notes(proposal: Proposal, desk: BookingDesk, urgent_due: date | None = None) -> list[str]:
    """What the table's columns do not say of one proposal: an urgent course's start against its due day, its
    sessions off the daily time, its own warnings, its sessions outside the beam-matched group and on another
    machine (which, when), and each day it moved on for want of room, with the reason."""
    notes = []
    if urgent_due is not None:
        notes.append(f"Starts {'after' if proposal.first > urgent_due else 'by'} the urgent due day, {day_text(urgent_due)}.")
    notes += session_time_notes(proposal, desk.zone)
    notes += proposal.warnings
    departure = group_departure(proposal, desk.department)
    if departure:
        notes.append(f"Outside the beam-matched group: {departure}.")
    elsewhere = sorted((b for b in proposal.fractions if b.machine != proposal.machine), key=lambda b: b.start)
    if elsewhere:  # the column counts them; the coordinator needs to know which, to tell the patient
        places = [f"{short_day(b.start.astimezone(desk.zone).date())} {b.start.astimezone(desk.zone):%H:%M} on {b.machine}"
                  for b in elsewhere]
        more = f" and {len(places) - 3} more" if len(places) > 3 else ""
        notes.append(f"{counted(len(elsewhere), 'session')} on another machine than {proposal.machine}: {', '.join(places[:3])}{more}.")
    notes += [f"Pushed {short_day(p.day)}: {p.reason}" for p in proposal.pushed]
    return notes


def session_time_notes(proposal: Proposal, zone: ZoneInfo) -> list[str]:
    """When a proposal's sessions are not all at its daily time, where they are: the first (longer) session,
    the days whose session is at another time (its time taken), and a twice-daily course's second sessions,
    so that no note says 'the others at 08:00' of sessions that are not."""
    by_day: dict[date, list[datetime]] = defaultdict(list)
    for booking in sorted(proposal.fractions, key=lambda b: b.start):
        local = booking.start.astimezone(zone)
        by_day[local.date()].append(local)
    if not by_day:
        return []
    days = sorted(by_day)
    opening = by_day[days[0]][0]
    elsewhere = [by_day[day][0] for day in days[1:] if by_day[day][0].time() != proposal.time]
    seconds = [moment for day in days for moment in by_day[day][1:]]
    notes = []
    if opening.time() != proposal.time:  # set-up and imaging: the first session is longer and may start earlier
        others = "" if elsewhere else f", each other day's first at {proposal.time:%H:%M}" if seconds else \
            f", the others at {proposal.time:%H:%M}"
        notes.append(f"The first session ({day_text(opening.date())}) is at {opening:%H:%M}{others}.")
    if elsewhere:
        notes.append(f"{counted(len(elsewhere), 'day')} at another time than {proposal.time:%H:%M}: {_listed(elsewhere)}.")
    if seconds:
        usual = Counter(moment.time() for moment in seconds).most_common(1)[0][0]
        odd = [moment for moment in seconds if moment.time() != usual]
        notes.append(f"Second sessions at {usual:%H:%M}" + (f" ({_listed(odd)})" if odd else "") + ".")
    return notes


def _listed(moments: list[datetime], shown: int = 3) -> str:
    """'Wed 2 Dec 09:10, Thu 3 Dec 09:10 and 4 more'."""
    words = ", ".join(f"{short_day(moment.date())} {moment:%H:%M}" for moment in moments[:shown])
    return words + (f" and {len(moments) - shown} more" if len(moments) > shown else "")


def plain_table(columns: tuple[str, ...], rows: list[tuple[str, ...]], parent: QWidget | None = None) -> QTableWidget:
    table = QTableWidget(len(rows), len(columns), parent)
    table.setHorizontalHeaderLabels(list(columns))
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setTabKeyNavigation(False)  # Tab leaves the table like any other field; the arrow keys move inside it
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    for row, values in enumerate(rows):
        for column, value in enumerate(values):
            table.setItem(row, column, QTableWidgetItem(value))
    return table


def buddy_label(text: str, field: QWidget) -> QLabel:
    """A field's label whose Alt letter moves to the field."""
    label = QLabel(text)
    label.setBuddy(field)
    return label


class FocusRowDelegate(QStyledItemDelegate):
    """Outlines the whole current row while the table has the focus: the style's own focus frame is
    drawn in the highlight colour, on a selected row's highlight, where it cannot be seen."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        super().paint(painter, option, index)
        view = self.parent()
        if not isinstance(view, QAbstractItemView) or not view.hasFocus() or view.currentIndex().row() != index.row():
            return
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        palette = option.palette
        colour = palette.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Highlight)
        rect = option.rect.adjusted(0, 1, 0, -2)
        painter.save()
        try:
            painter.setPen(QPen(colour, 2, Qt.PenStyle.DashLine))
            painter.drawLine(rect.topLeft(), rect.topRight())
            painter.drawLine(rect.bottomLeft(), rect.bottomRight())
            if index.column() == 0:
                painter.drawLine(rect.topLeft(), rect.bottomLeft())
            if index.column() == index.model().columnCount() - 1:
                painter.drawLine(rect.topRight(), rect.bottomRight())
        finally:
            painter.restore()


def lay_out_dialog(dialog: QDialog, form: QFormLayout, action: str, act: Callable[[], object]) -> QLabel:
    """The dialog's form, its error line (returned) and Cancel beside the one action it offers."""
    error = _error_label()
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("&Cancel")
    button = buttons.addButton(action, QDialogButtonBox.ButtonRole.AcceptRole)
    button.clicked.connect(act)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addLayout(form)
    layout.addWidget(error)
    layout.addWidget(buttons)
    button.setDefault(True)  # once in the dialog: Enter in any field acts, Escape cancels
    return error


def _error_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    label.hide()
    return label


def show_dialog_error(label: QLabel, text: str) -> None:
    label.setText(text)
    label.setVisible(bool(text))


def first_treatment_day(desk: BookingDesk, day: date | None = None) -> date:
    """The department's first treatment day on or after `day` (its today): where an earliest start or a
    downtime begins unless told otherwise."""
    since = day or desk.today
    try:
        return desk.department.clinic_calendar(desk.holidays).next_open_day(since)
    except InputError:  # no open day in the next two years, or holidays that cannot be looked up
        return since


class BookDialog(QDialog):
    """Ask for a booking of one course, see up to three proposals, book the chosen one. Discreet (the Bookings
    window's, for a screen in a treatment room): the patient is named by initials, as in the waiting list."""

    def __init__(self, desk: BookingDesk, course_id: str, patient: str = "", parent: QWidget | None = None, *,
                 discreet: bool = False) -> None:
        super().__init__(parent)
        self.desk = desk
        self.course_id = course_id
        self.answer: BookingAnswer | None = None
        self.booked: Proposal | None = None
        patient = patient or desk.patient_names([course_id]).get(course_id, "")
        if discreet and patient:
            patient = initials(patient)
        self.patient = patient
        self.booked_note: QLabel | None = None  # set when the course is booked already
        self.made_up: list[Booking] = []  # the make-ups Book the make-up booked
        self.updates: list[CalendarUpdate] = []  # and the calendar update they made due
        self.setWindowTitle(f"Book {patient or course_id}")
        form = QFormLayout()
        self.patient_label = QLabel(patient or "(no name)")
        self.patient_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow("Patient", self.patient_label)
        # Without a planning scan the course's own first-fraction date is where the wait counts from (booking.needs).
        self.use_earliest = QCheckBox(EARLIEST_WORDS.format(day=""))
        self.use_earliest.setChecked(True)
        self.earliest = DateField()  # typed or picked, written as the window writes dates
        bound_dates(self.earliest)  # within the planner's calendar; more than a year back the desk refuses (propose)
        self.earliest.setDate(QDate(first_treatment_day(desk)))  # not a Sunday or a closure
        self.use_earliest.toggled.connect(lambda on: self.earliest.setEnabled(not on))
        self.earliest.setEnabled(False)
        form.addRow("Earliest start", self.use_earliest)
        form.addRow(buddy_label("Or from &date", self.earliest), self.earliest)
        self.prefer_time = TimeField()
        clock = desk.course_time(course_id) or DEFAULT_PREFERRED  # the course's own time, as the command line prefers
        self.prefer_time.setTime(QTime(clock.hour, clock.minute))
        form.addRow(buddy_label("Preferred daily &time", self.prefer_time), self.prefer_time)
        self.machine = QComboBox()
        self.machine.addItem("Any eligible machine", None)
        for name in desk.treating_machine_names():  # a CT simulator or a clinic room never takes a fraction
            self.machine.addItem(name, name)
        form.addRow(buddy_label("&Machine", self.machine), self.machine)
        self.urgent = QCheckBox("&Urgent (start within the department's limit)")
        if desk.marked_urgent(course_id):  # the course's own mark: booked urgent whatever this box says
            self.urgent.setChecked(True)
            self.urgent.setEnabled(False)
            self.urgent.setToolTip("The course is marked urgent (Urgent start on the course): it is booked so")
        form.addRow("", self.urgent)
        self.find = QPushButton("&Find proposals")
        self.find.clicked.connect(self.find_proposals)
        self.table = plain_table(PROPOSAL_COLUMNS, [])
        for column, tip in enumerate(PROPOSAL_TIPS):
            header = self.table.horizontalHeaderItem(column)
            if header is not None:
                header.setToolTip(tip)
        self.table.horizontalHeader().setStretchLastSection(False)  # the wait is a number: the machine's name gets the room
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setItemDelegate(FocusRowDelegate(self.table))
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.table.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)  # as tall as its rows: see _fit
        self.table.installEventFilter(self)
        self.notes = QLabel()
        self.notes.setWordWrap(True)
        self.notes.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.notes_area = QScrollArea()
        self.notes_area.setWidget(self.notes)
        self.notes_area.setWidgetResizable(True)
        self.notes_area.setFrameShape(QScrollArea.Shape.NoFrame)
        self.notes_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # not a Tab stop: the wheel scrolls it, and the notes follow the row
        self.error = _error_label()
        self.earliest.problemChanged.connect(lambda problem: show_dialog_error(self.error, f"Earliest start: {problem}" if problem else ""))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("&Cancel")
        self.book_button = self.buttons.addButton("&Book", QDialogButtonBox.ButtonRole.AcceptRole)
        self.book_button.setEnabled(False)
        self.book_button.clicked.connect(self.book_selected)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.find)
        layout.addWidget(buddy_label("&Proposals", self.table))
        layout.addWidget(self.table)
        layout.addWidget(self.notes_area, 1)
        layout.addWidget(self.error)
        layout.addStretch(0)  # without notes the room left goes above the buttons, not between the fields, the heading and the table
        layout.addWidget(self.buttons)
        self.resize(760, 420)
        self._say_if_booked(form)
        self._found_on_show = False
        self._found_for: tuple[object, ...] | None = None  # the choices the proposals shown were found for
        # A choice changed after the proposals were found: they are taken away (Enter then finds them again), so
        # Enter or Book never books a proposal for the time, machine or start the coordinator has just changed.
        self.prefer_time.timeChanged.connect(self._choices_changed)
        self.machine.currentIndexChanged.connect(self._choices_changed)
        self.urgent.toggled.connect(self._choices_changed)
        self.use_earliest.toggled.connect(self._choices_changed)
        self.earliest.dateChanged.connect(self._choices_changed)
        self._fit()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        """The proposals for the course's own time are there when the dialog opens (Find proposals
        runs again after a change); an already booked course shows why it cannot be booked instead."""
        super().showEvent(event)
        if not self._found_on_show and self.booked_note is None and self.find.isEnabled():
            self._found_on_show = True
            self.find_proposals()
        self._fit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self.table and event.type() == QEvent.Type.Resize:
            self._fit_table()  # narrower: the columns may need the horizontal scroll bar, under the last row
        return False

    def _fit(self) -> None:
        """Every proposal row whole in view (a 1366x768 or 1024x700 screen too): the table as tall as its rows,
        the notes below it scrolling rather than squeezing it, the dialog as tall as both need, within the screen."""
        self._fit_table()
        wanted = self._notes_height()
        area = self.notes_area
        area.setVisible(wanted > 0)
        area.setMinimumHeight(min(wanted, NOTES_LINES * self.notes.fontMetrics().lineSpacing()))
        area.setMaximumHeight(wanted)
        layout = self.layout()
        layout.activate()
        # The layout counts the area at its size hint (within its least and most height); the notes want all of theirs.
        counted = area.sizeHint().expandedTo(area.minimumSize()).boundedTo(area.maximumSize()).height() if wanted else 0
        laid_out = layout.totalHeightForWidth(self.width()) if layout.hasHeightForWidth() else layout.totalSizeHint().height()
        needed = max(self.minimumSizeHint().height(), laid_out - counted + wanted)
        if needed > self.height():
            fit_on_screen(self, needed)

    def _fit_table(self) -> None:
        """The table's height for its rows (room for three) and its heading, and the horizontal scroll bar when the
        columns are wider than the table: no row is ever hidden under the bar or below the table's edge."""
        table = self.table
        rows = sum(table.rowHeight(row) for row in range(table.rowCount()))
        rows += max(0, SHOWN_PROPOSALS - table.rowCount()) * table.verticalHeader().defaultSectionSize()
        frame = 2 * table.frameWidth()
        height = table.horizontalHeader().sizeHint().height() + rows + frame
        if table.horizontalHeader().length() > table.width() - frame:
            height += table.horizontalScrollBar().sizeHint().height()
        if table.height() != height or table.minimumHeight() != height:
            table.setFixedHeight(height)

    def _notes_height(self) -> int:
        """The notes' height at the width they have (0: no notes)."""
        if not self.notes.text():
            return 0
        margins = self.layout().contentsMargins()  # the notes' area has no frame: the notes are as wide as the dialog's inside
        return self.notes.heightForWidth(max(self.width() - margins.left() - margins.right(), 100))

    def _say_if_booked(self, form: QFormLayout) -> None:
        """A course already booked cannot be booked again: say so at once, in the window's words, and
        where to release it, rather than after Find proposals."""
        from ..app.course_booking import booking_facts

        try:  # the treatment's booking as the window's summary says it, not the planning scan's
            facts = booking_facts(self.desk.store, self.course_id, self.desk.zone)
        except StoreError as exc:
            show_dialog_error(self.error, store_words(exc, self.desk.store.display_url))
            return
        if facts is None:
            return
        who = self.patient or "This course"
        self.booked_note = _error_label()
        since = f" from {day_text(facts.first)}" if facts.first is not None else ""
        first = self.desk.first_booked(self.course_id)
        if first is not None and first.start < self.desk.now():  # unbooking it is refused: its given sessions are its record
            what = f"It has begun: {begun_advice(self.course_id, cancel=False, window=True)}."
        else:
            what = ("To book again, release the booking first: Department → Unbook this course… (with the course open in the "
                    "main window).")
        show_dialog_error(self.booked_note, f"{who} is already booked on {facts.machine} at {facts.daily_time:%H:%M}{since}. {what}")
        for row in range(1, form.rowCount()):  # everything but the patient's name
            for role in (QFormLayout.ItemRole.LabelRole, QFormLayout.ItemRole.FieldRole):
                item = form.itemAt(row, role)
                if item is not None and item.widget() is not None:
                    item.widget().setEnabled(False)
        form.insertRow(1, self.booked_note)  # under the name, where the eye starts
        self.find.setEnabled(False)
        self.table.setEnabled(False)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("&Close")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setFocus()
        self._offer_make_ups(who)

    def _offer_make_ups(self, who: str) -> None:
        """A booked course marked missed since: its make-up has no booking yet; say so, and offer to book just that."""
        try:
            waiting = self.desk.make_ups_waiting(self.course_id)
        except (InputError, StoreError) as exc:
            show_dialog_error(self.error, str(exc) if isinstance(exc, InputError) else store_words(exc, self.desk.store.display_url))
            return
        if not waiting or self.booked_note is None:
            return
        days = ", ".join(day_text(day) for day in dict.fromkeys(mark.day for mark, _, _ in waiting))  # a twice-daily day: once
        if len(waiting) == 1:
            said = f"{who} is booked, but the make-up for the session missed on {days} has no booking yet"
        else:
            said = f"{who} is booked, but the {len(waiting)} make-ups for the sessions missed on {days} have no booking yet"
        try:  # where it would go, said before it is booked
            places = self.desk.make_up_bookings(self.course_id)
        except (InputError, StoreError) as exc:
            reason = exc.reason if isinstance(exc, InputError) else store_words(exc, self.desk.store.display_url)
            named = f"the make-up for the session missed on {days} "
            if len(waiting) == 1 and reason.startswith(named):  # the sentence has named it: not twice
                reason = "it " + reason.removeprefix(named)
            self.booked_note.setText(f"{said}, and cannot be booked: {reason}")
            return
        zone = self.desk.zone
        where = "; ".join(f"{b.machine}, {day_text(b.start.astimezone(zone).date())} {b.start.astimezone(zone):%H:%M}"
                          for b in places)
        self.booked_note.setText(f"{said}. Book the make-up{'s' if len(places) != 1 else ''} to book "
                                 f"{'it' if len(places) == 1 else 'them'} on {where}.")
        self.make_up_button = self.buttons.addButton("Book the &make-up" if len(waiting) == 1 else "Book the &make-ups",
                                                     QDialogButtonBox.ButtonRole.ActionRole)
        self.make_up_button.clicked.connect(self.book_make_ups)
        self.make_up_button.setDefault(True)
        self.make_up_button.setFocus()

    @guarded
    def book_make_ups(self) -> None:
        """Book the waiting make-ups; a refusal is said under the fields, and the dialog stays open."""
        try:
            made, self.updates = self.desk.book_make_ups(self.course_id)
        except (InputError, StoreError, SlotTaken) as exc:
            show_dialog_error(self.error, f"The make-up was not booked: {exc.reason if isinstance(exc, InputError) else exc}")
            return
        self.made_up = made
        self.accept()

    @guarded
    def find_proposals(self) -> None:
        if not self.use_earliest.isChecked():
            self.earliest.editingFinished.emit()  # a date typed and not yet confirmed counts (or is refused)
            if self.earliest.problem:
                return
        show_dialog_error(self.error, "")
        earliest = None if self.use_earliest.isChecked() else self.earliest.date().toPython()
        prefer = self.prefer_time.time().toPython()
        self._found_for = self._choices()
        try:
            self.answer = self.desk.propose(self.course_id, earliest=earliest, prefer_time=prefer,
                                            machine=self.machine.currentData(), urgent=self.urgent.isChecked())
        except (InputError, StoreError) as exc:
            self.answer = None
            self.table.setRowCount(0)
            self.notes.setText("")  # sought for these choices: no 'The choices changed' left beside the refusal
            # about the course itself (booked meanwhile, cancelled): no command-line option name in the window
            if isinstance(exc, InputError) and exc.field is Field.EARLIEST:  # said as the field's own problems are
                said = f"Earliest start: {exc.reason}"
            elif isinstance(exc, InputError) and exc.field is Field.PREFER_TIME:  # a twice-daily course's day too late
                said = f"Preferred daily time: {exc.reason}"
            else:
                said = (store_words(exc, self.desk.store.display_url) if isinstance(exc, StoreError) else
                        window_words(exc) if exc.field is Field.COURSE_ID else str(exc))
            show_dialog_error(self.error, _sentence(said) + ("" if said.endswith((".", "?", "!")) else "."))
            return
        if earliest is None:  # the course's own earliest start, named: the greyed date under the box is not it
            self.use_earliest.setText(EARLIEST_WORDS.format(day=f" ({day_text(self.answer.earliest)})"))
        self.find.setDefault(False)
        self.book_button.setDefault(True)  # the proposals follow the choices again: Enter books the chosen one
        rows = [proposal_row(p) for p in self.answer.proposals]
        self.table.setRowCount(len(rows))
        for row, values in enumerate(rows):
            for column, value in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(value))
        if rows:
            self.table.selectRow(0)
        # said here, not only on a change of selection: finding again keeps row 0 selected and would keep no notes
        self._selection_changed()

    def _choices(self) -> tuple[object, ...]:
        """What the proposals are asked for: the earliest start (None: the course's own), time, machine, urgency."""
        earliest = None if self.use_earliest.isChecked() else self.earliest.date().toPython()
        return earliest, self.prefer_time.time().toPython(), self.machine.currentData(), self.urgent.isChecked()

    def _choices_changed(self, *_: object) -> None:
        """The proposals shown no longer follow the choices: gone, with a line saying so; Find proposals is the
        default button until they are found again."""
        if (self.answer is None and not self.table.rowCount()) or self._choices() == self._found_for:
            return  # (Enter in the time field says its time again, unchanged)
        self.answer = None
        self.table.setRowCount(0)
        self.find.setDefault(True)
        self._selection_changed()
        self.notes.setText("The choices changed: Find proposals (Enter) shows the proposals for them.")
        self._fit()

    def _selection_changed(self) -> None:
        """The chosen proposal can be booked; the notes say its own departures and the days it moved on."""
        chosen = self.chosen()
        self.book_button.setEnabled(chosen is not None)
        notes = [_sentence(w) for w in self.answer.warnings] if self.answer is not None else []
        if chosen is not None:
            notes += proposal_notes(chosen, self.desk, self.answer.urgent_due if self.answer is not None else None)
        self.notes.setText("\n".join(notes))
        self._fit()

    def chosen(self) -> Proposal | None:
        rows = {index.row() for index in self.table.selectionModel().selectedRows()}
        if self.answer is None or len(rows) != 1:
            return None
        row = rows.pop()
        return self.answer.proposals[row] if row < len(self.answer.proposals) else None

    @guarded
    def book_selected(self) -> None:
        proposal = self.chosen()
        if proposal is None:
            return
        try:
            urgent = self.answer.urgent if self.answer is not None else self.urgent.isChecked()
            self.desk.commit(proposal, urgent=urgent, ready=self.answer.earliest if self.answer else None)
        except SlotTaken as exc:
            show_dialog_error(self.error, f"Not booked: {exc}. Find proposals again.")
            return
        except InputError as exc:
            show_dialog_error(self.error, f"Not booked: {exc.reason}.")  # no command-line option name in the window
            return
        except StoreError as exc:
            show_dialog_error(self.error, store_words(exc, self.desk.store.display_url))
            return
        self.booked = proposal
        self.accept()


def may_leave_group(parent: QWidget, desk: BookingDesk, machine_from: str, machine_to: str, what: str) -> bool:
    """Whether `what` ("Fraction 3" or "The rest of the course") may go from `machine_from` to `machine_to` when the
    two are not beam-matched: the plan was made for the first, so the coordinator says so; Go back is the default."""
    departure = not_beam_matched(desk.department, machine_from, machine_to)
    if not departure:
        return True
    box = QMessageBox(QMessageBox.Icon.Warning, "Another beam-matched group",
                      f"{departure}. {what} would be treated on a machine its plan was not made for: move it only once "
                      "the physicists have checked (or redone) the plan for it.", parent=parent)
    move = box.addButton(f"&Move to {machine_to}", QMessageBox.ButtonRole.AcceptRole)
    back = box.addButton("&Go back", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(back)
    box.setEscapeButton(back)
    box.exec()
    return box.clickedButton() is move


def not_moved(reasons: list[str]) -> str:
    """A refused move's reasons, one a line: each once, a reason shared by many sessions said once for them all
    (planner.app.move_refusal, as the command line's `move` says them), at most a few of them."""
    return "Not moved:\n" + "\n".join(shortest_reasons(reasons))


def machine_choice(desk: BookingDesk, kind: AppointmentKind, current: str) -> QComboBox:
    """The department's machines that take `kind` of appointment, `current` chosen."""
    combo = QComboBox()
    for item in desk.department.machines:
        if item.holds is kind:
            combo.addItem(item.name, item.name)
    combo.setCurrentIndex(max(0, combo.findData(current)))
    return combo


class MoveRestDialog(QDialog):
    """Move the rest of a course (from a fraction on) to another machine or daily time. Only machines
    that take treatment sessions are offered; a refusal lists each reason once, under the fields.
    Discreet (a screen in a treatment room): the title names the patient by initials, as the day view."""

    def __init__(self, desk: BookingDesk, entry: AgendaEntry, machine: str, parent: QWidget | None = None, *,
                 discreet: bool = False) -> None:
        super().__init__(parent)
        self.desk = desk
        self.entry = entry
        self.updates: list[CalendarUpdate] = []
        self.first_moved = entry.shown_number  # the first fraction moved, as the course numbers it (a session begun stays)
        self.discreet = discreet
        who = shown_patient(entry, discreet) if entry.patient else entry.course_id
        self.setWindowTitle(f"Move the rest of the course of {who}")
        self.current_machine = machine  # where the session chosen is booked
        form = QFormLayout()
        begun = " Those that have begun stay as they were: the move starts with the first still to come." \
            if entry.start < desk.now() else ""
        which = QLabel(f"{entry.shown_number} of {entry.total} (every fraction from it on, each on its own day; "
                       f"a day's second session keeps its distance from the first).{begun}")
        which.setWordWrap(True)
        form.addRow("From fraction", which)
        self.machine = machine_choice(desk, AppointmentKind.FRACTION, machine)
        form.addRow(buddy_label("&Machine", self.machine), self.machine)
        local = entry.start.astimezone(desk.zone)
        self.time = TimeField()  # select-all then "14:30" typed takes it, as in the other time fields
        self.time.setTime(QTime(local.hour, local.minute))
        form.addRow(buddy_label("Daily &time", self.time), self.time)
        self.error = lay_out_dialog(self, form, "Mo&ve", self.move)  # M is the machine's
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("x") * 70)

    def _refuse(self, text: str) -> None:
        """The reason under the fields, the dialog as tall as it needs: never squeezing its fields, and
        shorter again after a long reason gives way to a short one (no blank space under it)."""
        show_dialog_error(self.error, text)
        fit_height(self, shrink=True)

    @guarded
    def move(self) -> None:
        clock: time = self.time.time().toPython()
        try:
            moves = self.desk.rest_of_course(self.entry.course_id, self.entry.shown_number, self.machine.currentData(), clock)
            reasons = self.desk.check_move(self.entry.course_id, moves, discreet=self.discreet)
            if reasons:
                self._refuse(not_moved(reasons))
                return
            if not may_leave_group(self, self.desk, self.current_machine, self.machine.currentData(), "The rest of the course"):
                return
            self.updates = self.desk.move(self.entry.course_id, moves)
            sessions = self.desk.session_numbers(self.entry.course_id)  # booking numbers -> the course's session numbers
            self.first_moved = min((sessions.get(m.number) or m.number for m in moves if m.kind is AppointmentKind.FRACTION),
                                   default=self.entry.shown_number)
        except SlotTaken as exc:
            self._refuse(f"Not moved: {exc}.")
            return
        except (InputError, StoreError) as exc:
            self._refuse(exc.reason if isinstance(exc, InputError) else store_words(exc, self.desk.store.display_url))
            return
        self.accept()


class MoveOneDialog(QDialog):
    """Move one booked session to another day (and time, and machine): what a drag in the day view cannot, as the day
    view shows one day. The move is checked as a drag's is (slot, machine, the course's own rules), refused with each
    reason under the fields, and asked about when it leaves the beam-matched group. `moved` is where it went."""

    def __init__(self, desk: BookingDesk, entry: AgendaEntry, machine: str, parent: QWidget | None = None, *,
                 discreet: bool = False) -> None:
        super().__init__(parent)
        self.desk = desk
        self.entry = entry
        self.current_machine = machine
        self.discreet = discreet
        self.updates: list[CalendarUpdate] = []
        self.moved: tuple[str, datetime] | None = None
        who = shown_patient(entry, discreet) if entry.patient else entry.course_id
        what = f"fraction {entry.shown_number} of {entry.total}" if entry.kind is AppointmentKind.FRACTION else entry.kind.value
        self.setWindowTitle(f"Move one session of {who}")
        local = entry.start.astimezone(desk.zone)
        form = QFormLayout()
        which = QLabel(f"{what[:1].upper()}{what[1:]}, now {day_text(local.date())} at {local:%H:%M} on {machine}. "
                       "The rest of the course stays where it is.")
        which.setWordWrap(True)
        form.addRow("Session", which)
        self.day = DateField()
        bound_dates(self.day)
        self.day.setDate(QDate(local.year, local.month, local.day))
        form.addRow(buddy_label("&Day", self.day), self.day)
        self.time = TimeField()
        self.time.setTime(QTime(local.hour, local.minute))
        form.addRow(buddy_label("&Time", self.time), self.time)
        self.machine = machine_choice(desk, entry.kind, machine)
        form.addRow(buddy_label("&Machine", self.machine), self.machine)
        self.error = lay_out_dialog(self, form, "Mo&ve", self.move)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("x") * 60)

    def start(self) -> datetime | None:
        """The new start on the department's clock (None while the day typed is not a date)."""
        if self.day.problem:
            return None
        day: date = self.day.date().toPython()
        clock: time = self.time.time().toPython()
        return first_showing(day, clock, self.desk.zone)  # a time the clocks skip: when they reach it

    @guarded
    def move(self) -> None:
        start = self.start()
        if start is None:
            show_dialog_error(self.error, f"Day: {self.day.problem}")
            fit_height(self, shrink=True)
            return
        machine = self.machine.currentData()
        relocation = Relocation(self.entry.kind, self.entry.number, machine, start)
        try:
            reasons = self.desk.check_move(self.entry.course_id, [relocation], discreet=self.discreet)
            if reasons:
                show_dialog_error(self.error, not_moved(reasons))
                fit_height(self, shrink=True)
                return
            if not may_leave_group(self, self.desk, self.current_machine, machine, "This session"):
                return
            self.updates = self.desk.move(self.entry.course_id, [relocation])
        except SlotTaken as exc:
            show_dialog_error(self.error, f"Not moved: {exc}.")
            return
        except (InputError, StoreError) as exc:
            show_dialog_error(self.error, f"Not moved: {exc.reason}" if isinstance(exc, InputError)
                              else store_words(exc, self.desk.store.display_url))
            return
        self.moved = (machine, start)
        self.accept()


def _qdatetime(moment: datetime) -> QDateTime:
    return QDateTime(QDate(moment.year, moment.month, moment.day), QTime(moment.hour, moment.minute))


def with_error_line(field: QWidget, error: FieldError) -> QWidget:
    """A field with its error line right under it."""
    holder = QWidget()
    column = QVBoxLayout(holder)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(2)
    column.addWidget(field)
    column.addWidget(error)
    return holder


MAX_DOWN_DAYS_COUNTED = 366  # a longer period is not counted session by session as it is typed


def _moment_words(moment: datetime) -> str:
    return f"{day_text(moment.date())} {moment:%H:%M}"


def default_down_period(desk: BookingDesk, day: date) -> tuple[datetime, datetime]:
    """The period a new downtime starts with (naive, the department's wall clock): 08:00 to 13:00, or today,
    once the clock is past 08:00, from now (to the next 5 minutes) for a few hours: a breakdown is entered
    after it happens, and sessions given this morning are not re-booked."""
    start, end = datetime.combine(day, time(8, 0)), datetime.combine(day, time(13, 0))
    now = desk.now().astimezone(desk.zone).replace(tzinfo=None, second=0, microsecond=0)
    if day == desk.today and now > start:
        start = min(now + timedelta(minutes=-now.minute % 5), datetime.combine(day, time(23, 55)))
        end = min(max(end, start + timedelta(hours=1)), datetime.combine(day, time(23, 59)))
    return start, end


class MachineDownDialog(QDialog):
    """Enter a machine's downtime; on OK the desk records it and re-books, and the report is kept in `report`.
    Dates are typed ("2 Apr 2030", "2030-04-02") or picked (Alt+Down); a bad date or a period that ends
    before it starts is said under its field. The reason is optional (recorded as NO_DOWNTIME_REASON)."""

    def __init__(self, desk: BookingDesk, day: date, parent: QWidget | None = None, machine: str | None = None,
                 start: datetime | None = None) -> None:
        """`start`: the moment right-clicked in the day view (naive, the department's wall clock): down from there."""
        super().__init__(parent)
        self.desk = desk
        self.report: RebookReport | None = None
        self.updates: list[CalendarUpdate] = []
        self._order_said = ""  # what Until's error line says of a period that ends before it starts, until put right
        self.setWindowTitle("Machine down")
        form = QFormLayout()
        self.machine = QComboBox()
        for name in desk.machine_names():
            self.machine.addItem(name, name)
        if machine is not None:
            self.machine.setCurrentIndex(max(0, self.machine.findData(machine)))
        self.machine_error = FieldError()
        form.addRow(buddy_label("&Machine", self.machine), with_error_line(self.machine, self.machine_error))
        self.start = DateTimeField()
        self.end = DateTimeField()
        bound_dates(self.start.date_field, self.end.date_field)
        if start is None:
            day = first_treatment_day(desk, day)  # a weekend or holiday shown: its machines are closed anyway
            start, end = default_down_period(desk, day)
        else:  # a few hours from the moment chosen, within its day
            end = min(max(datetime.combine(start.date(), time(13, 0)), start + timedelta(hours=1)),
                      datetime.combine(start.date(), time(23, 59)))
        self.start.setDateTime(_qdatetime(start))
        self.end.setDateTime(_qdatetime(end))
        self.start_error, self.end_error = FieldError(), FieldError()
        self.start.problemChanged.connect(lambda problem: self.start_error.show_message(f"Down from: {problem}" if problem else ""))
        self.end.problemChanged.connect(lambda problem: self.end_error.show_message(f"Until: {problem}" if problem else ""))
        form.addRow(buddy_label("Down &from", self.start.date_field), with_error_line(self.start, self.start_error))
        form.addRow(buddy_label("&Until", self.end.date_field), with_error_line(self.end, self.end_error))
        self.all_day = QCheckBox("All &day (from the first day's start to the last day's end)")
        self.all_day.toggled.connect(self._all_day_toggled)
        form.addRow("", self.all_day)
        self.reason = QLineEdit()
        self.reason.setMaxLength(200)
        self.reason.setPlaceholderText(f"Optional, e.g. beam fault or service (empty: “{NO_DOWNTIME_REASON}”)")
        self.reason_error = FieldError()
        form.addRow(buddy_label("&Reason", self.reason), with_error_line(self.reason, self.reason_error))
        self.period = FormNote()  # the period in words and what it moves, said as it is chosen
        self.period.setTextFormat(Qt.TextFormat.RichText)
        self.period.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow("", self.period)
        self.error = lay_out_dialog(self, form, "&Take down and re-book", self.take_down)
        # An error line shown or hidden, the fields' or the dialog's own: the dialog keeps room for it (the dialog's,
        # unwatched, took its room from the period's words, cut to one line and a half).
        self._error_lines = (self.machine_error, self.start_error, self.end_error, self.reason_error, self.error)
        for error in self._error_lines:
            error.installEventFilter(self)
        self._start_was = self.start.dateTime()
        self.start.date_field.dateChanged.connect(self._start_moved)
        self.start.time_field.timeChanged.connect(self._start_moved)
        self.end.date_field.dateChanged.connect(self._say_period)
        self.end.time_field.timeChanged.connect(self._say_period)
        self.machine.currentIndexChanged.connect(self._say_period)
        self.all_day.toggled.connect(self._say_period)
        self._say_period()
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("x") * 80)
        for field in (self.machine, self.start.date_field, self.start.time_field, self.end.date_field, self.end.time_field,
                      self.all_day, self.reason):
            field.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        QWidget.setTabOrder(self.machine, self.start.date_field)
        QWidget.setTabOrder(self.start.date_field, self.start.time_field)
        QWidget.setTabOrder(self.start.time_field, self.end.date_field)
        QWidget.setTabOrder(self.end.date_field, self.end.time_field)
        QWidget.setTabOrder(self.end.time_field, self.all_day)
        QWidget.setTabOrder(self.all_day, self.reason)
        self.machine.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() in (QEvent.Type.Show, QEvent.Type.Hide) and watched in self._error_lines:
            QTimer.singleShot(0, self, self._fit)  # dropped with the dialog
        return False

    def _fit(self) -> None:
        """As tall as the fields and their error lines need at this width (never shorter than asked)."""
        fit_height(self, shrink=True)

    def _all_day_toggled(self, whole: bool) -> None:
        for field in (self.start, self.end):
            field.set_time_shown(not whole)

    def _start_moved(self, *_: object) -> None:
        """"Down from" changed: "Until" moves with it, the period keeping its length (as a calendar's event
        does), so a one-day downtime moved to another day stays one day rather than stretching back to it."""
        now = self.start.dateTime()
        shift = self._start_was.secsTo(now)
        self._start_was = now
        if shift:
            self.end.setDateTime(self.end.dateTime().addSecs(shift))
        self._say_period()

    def days_down(self) -> int:
        """The calendar days the period touches (0 when it ends before it starts)."""
        start, end = self.start.dateTime(), self.end.dateTime()
        if self.all_day.isChecked():
            return max(0, start.date().daysTo(end.date()) + 1)
        if end <= start:
            return 0
        return start.date().daysTo(end.addSecs(-60).date()) + 1

    def long_period(self) -> bool:
        """Longer than one day: worth a question before the machine goes down (and its sessions move)."""
        if self.all_day.isChecked():
            return self.days_down() > 1
        return self.start.dateTime().secsTo(self.end.dateTime()) > 24 * 3600

    def period_words(self) -> str:
        """'Linac 1 down 8 days: Tue 24 Nov – Tue 1 Dec 2026, all day' or 'Linac 1 down Tue 24 Nov 2026 08:00–13:00'."""
        machine = self.machine.currentText()
        start, end = self.start.dateTime(), self.end.dateTime()
        first: date = start.date().toPython()
        last: date = end.date().toPython()
        days = self.days_down()
        if days == 0:
            return ""
        since = short_day(first) if first.year == last.year else day_text(first)
        if self.all_day.isChecked():
            if days == 1:
                return f"{machine} down all day {day_text(first)}"
            return f"{machine} down {counted(days, 'day')}: {since} – {day_text(last)}, all day"
        if first == last:
            return f"{machine} down {day_text(first)} {start.toString('HH:mm')}–{end.toString('HH:mm')}"
        return (f"{machine} down {self.length_words()}: {since} {start.toString('HH:mm')} – "
                f"{day_text(last)} {end.toString('HH:mm')}")

    def length_words(self) -> str:
        """How long the machine is down: the days of an all-day period, a timed one under three days in hours and
        minutes ('26 h 30 min': from 09:30 to noon the next day is not '2 days'), a longer one in the days it touches."""
        days = self.days_down()
        if self.all_day.isChecked():
            return counted(days, 'day')
        start, end = self.span()
        minutes = int((end.astimezone(UTC) - start.astimezone(UTC)).total_seconds()) // 60  # elapsed, across a clock change too
        if minutes >= 72 * 60:
            return counted(days, 'day')
        hours, rest = divmod(minutes, 60)
        return f"{hours} h" + (f" {rest} min" if rest else "")

    def sessions_down(self) -> int | None:
        """How many of the machine's bookings the period hits (each is re-booked); None when they cannot be read."""
        days = self.days_down()
        if not 1 <= days <= MAX_DOWN_DAYS_COUNTED:
            return None
        start, end = self.span()
        try:
            agenda = self.desk.agenda(start.date(), days, self.machine.currentData())
        except (InputError, StoreError):
            return None
        return sum(1 for machine in agenda.machines for e in machine.entries if e.start < end and e.end > start)

    @guarded
    def _say_period(self, *_: object) -> None:
        """The period in words as it is chosen, with the sessions it moves; bold when longer than a day."""
        words = self.period_words()
        if not words:
            self.period.setText("")
            return
        if self._order_said and self.end_error.text() == self._order_said:  # put right: no longer said wrong under Until
            self._order_said = ""
            self.end_error.show_message("")
        sessions = self.sessions_down()
        moved = ("" if sessions is None else
                 ". Nothing is booked on it then: no one is moved." if sessions == 0 else
                 f". {counted(sessions, 'session')} booked on it then will be re-booked.")
        text = escape(words + moved)
        text = f"<b>{text}</b>" if self.long_period() else text
        if text != self.period.text():
            self.period.setText(text)
            QTimer.singleShot(0, self, self._fit)  # one line or two: the dialog keeps room for it

    def confirm_long(self) -> bool:
        """Asked before a period longer than a day is acted on: its length and what it moves, said once more."""
        box = QMessageBox(QMessageBox.Icon.Question, "Machine down", "", parent=self)
        sessions = self.sessions_down()
        box.setText(f"Take {self.machine.currentText()} down for {self.length_words()}?")
        box.setInformativeText(self.period_words() + "." + (f" {counted(sessions, 'session')} will be re-booked."
                                                            if sessions else ""))
        yes = box.addButton(f"&Take down for {self.length_words()}", QMessageBox.ButtonRole.AcceptRole)
        back = box.addButton("&Go back", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(back)  # Enter twice does not take a machine down for a week
        box.exec()
        return box.clickedButton() is yes

    def span(self) -> tuple[datetime, datetime]:
        """The period as aware moments in the department's zone (a whole day: midnight to midnight).

        A time the clocks show twice (the night they go back) is read so that the period covers both:
        "Down from" the first of the two, "Until" the second. A machine taken down for longer than
        meant books nobody on it while it is down; the other reading could."""
        zone: ZoneInfo = self.desk.zone
        if self.all_day.isChecked():
            first, last = self.start.date().toPython(), self.end.date().toPython()  # within the planner's calendar (bound_dates)
            return datetime.combine(first, time(0), tzinfo=zone), datetime.combine(last + timedelta(days=1), time(0), tzinfo=zone)
        start = self.start.dateTime().toPython().replace(tzinfo=zone, fold=0)
        end = self.end.dateTime().toPython().replace(tzinfo=zone, fold=1)
        return start, end

    def check(self) -> tuple[datetime, datetime] | None:
        """The period, or None after saying under each field what is wrong with it."""
        problems = {self.start_error: self.start.commit(), self.end_error: self.end.commit()}
        for error in (self.machine_error, self.reason_error):
            error.show_message("")
        show_dialog_error(self.error, "")
        if any(problems.values()):
            (self.start if problems[self.start_error] else self.end).setFocus()
            return None
        start, end = self.span()
        self.start_error.show_message(self._skipped("Down from", start))
        self.end_error.show_message(self._skipped("Until", end))
        if not self.start_error.isHidden():
            self.start.setFocus()
            return None
        if not self.end_error.isHidden():
            self.end.setFocus()
            return None
        if end <= start:
            self._order_said = (f"Until: the last day is before the first ({day_text(start.date())})" if self.all_day.isChecked()
                                else f"Until: the downtime must end after it starts ({_moment_words(start)})")
            self.end_error.show_message(self._order_said)
            self.end.setFocus()
            return None
        return start, end

    def _skipped(self, label: str, moment: datetime) -> str:
        if self.all_day.isChecked() or exists_locally(moment):
            return ""
        return f"{label}: {_moment_words(moment)} does not exist in {self.desk.zone.key} (the clocks go forward then)"

    @guarded
    def take_down(self) -> None:
        period = self.check()
        if period is None:
            return
        start, end = period
        if self.long_period() and not self.confirm_long():
            self.start.setFocus()
            return
        try:
            self.report, self.updates = self.desk.machine_down(self.machine.currentData(), start, end, self.reason.text())
        except SlotTaken as exc:
            show_dialog_error(self.error, f"Someone booked a time the re-booking needed ({exc}); nothing was changed. Try again.")
            return
        except (InputError, StoreError) as exc:
            self._refused(exc)
            return
        self.accept()

    def _refused(self, exc: InputError | StoreError) -> None:
        """The desk's refusal under the field it names (the whole dialog's line for the rest)."""
        if not isinstance(exc, InputError):
            show_dialog_error(self.error, store_words(exc, self.desk.store.display_url))
            return
        places: dict[Field, tuple[FieldError, str, QWidget]] = {
            Field.MACHINE: (self.machine_error, "Machine", self.machine), Field.REASON: (self.reason_error, "Reason", self.reason),
            Field.START: (self.start_error, "Down from", self.start), Field.FROM: (self.start_error, "Down from", self.start),
            Field.END: (self.end_error, "Until", self.end), Field.TO: (self.end_error, "Until", self.end)}
        say_refusal(exc, places, self.error)


def say_refusal(exc: InputError, places: Mapping[Field, tuple[FieldError, str, QWidget]], line: QLabel) -> None:
    """The desk's refusal under the field it names, that field focused (the dialog's own `line` for any other):
    `places` maps a field to its error line, its label and the widget to focus."""
    place = places.get(exc.field)
    if place is None:
        show_dialog_error(line, str(exc))
        return
    error, label, field = place
    error.show_message(f"{label}: {exc.reason}")
    field.setFocus()


REPORT_COLUMNS = ("Patient", "Fraction now", "From", "To", "How")
FRACTION_NOW_TIP = ("The fraction's number after the re-booking. A session made up at the end of the course is its last "
                    "fraction (\"20 (was 7)\": fraction 7 of the lost day); the fractions after the lost day each come one "
                    "number earlier.")


def urgent_label(lines: list[str]) -> QLabel:
    """The lines of a re-booking's report that must not be read past (an urgent course that starts later), first and
    in bold, selectable; hidden when there are none."""
    label = QLabel("\n".join(lines))
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    label.setVisible(bool(lines))
    return label


def report_names(desk: BookingDesk, course_ids: Iterable[str], discreet: bool) -> Callable[[str], str]:
    """Who each course is for in a report: 'Name (H100)', two patients of one name told apart; initials only
    when the Bookings window is discreet (a screen in a treatment room), no number and no course id."""
    if discreet:
        names = desk.patient_names(course_ids)
        return lambda course_id: initials(names.get(course_id, ""))
    labels = desk.patient_labels(course_ids)
    return lambda course_id: labels.get(course_id) or course_id


def changes_words(changes: tuple[str, ...], shown: int = 12) -> str:
    """A calendar's changes one a line, as `diff` says them, the first `shown` and how many more."""
    lines = list(changes[:shown])
    if len(changes) > shown:
        lines.append(f"… and {len(changes) - shown} more")
    return "\n".join(lines)


def follow_changes(table: QTableWidget, column: int, label: QLabel) -> Callable[[], None]:
    """Say the chosen row's changes (its `column` cell's tooltip: what to tell the patient on the phone) in `label`,
    under the table, so the arrows reach them as the mouse does; nothing (hidden) where the cell has none, as while
    Discreet. Returns the call that says them again, for a table filled anew."""
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

    def show(*_: int) -> None:
        row = table.currentRow()
        item, name = (table.item(row, column), table.item(row, 0)) if row >= 0 else (None, None)
        said = item.toolTip() if item is not None else ""
        label.setText(f"{name.text()}: {said}" if said and name is not None else said)
        label.setVisible(bool(said))

    table.currentCellChanged.connect(show)
    show()
    return show


def update_name(update: CalendarUpdate, discreet: bool) -> str:
    """Whose calendar an update is, as `report_names` names them."""
    if discreet:
        return initials(update.patient)
    return with_hospital_number(update.patient, update.hospital_number) or update.course_id


def written_words(written: list[CalendarUpdate], folder: Path, discreet: bool, shown: int = 6) -> str:
    """'Wrote 2 calendar updates to FOLDER: Kim-Wu-H0002-appointments-2026-12-07.ics, ….': the files to give
    each patient, the first `shown` of them by name; a discreet window (a treatment room's screen) gives the
    count only, as its file names name the patients."""
    text = f"Wrote {counted(len(written), 'calendar update')} to {shown_name(folder)}"
    names = [shown_name(u.written.name) for u in written if u.written is not None]
    if discreet or not names:
        return text + "."
    more = f", and {len(names) - shown} more" if len(names) > shown else ""
    return f"{text}: {', '.join(names[:shown])}{more}."


def not_written_words(exc: OSError, folder: Path, discreet: bool) -> str:
    """Why the updates could not be written into `folder`, in the system's words ('No such file or directory'), with
    the file it met when that is one of the updates. A discreet window (a treatment room's screen) names no such file:
    each update's file name is its patient's."""
    why = exc.strerror or str(exc)
    name = Path(exc.filename).name if isinstance(exc.filename, str) and Path(exc.filename) != folder else ""
    if name.endswith(".part"):  # the copy being written, beside the update: the system's words say enough
        name = ""
    if name and name not in why:
        why = f"{name}: {why}"
    if discreet and name:
        why = why.replace(name, "an update's file")
    return f"Could not write the updates into {shown_name(folder)}: {shown_name(why)}"


def left_out_of_updates(updates: Iterable[CalendarUpdate], discreet: bool) -> str:
    """For each discreet update written that leaves a preparation reminder out, 'Kim Wu (H0002): A discreet calendar
    leaves out …', as the export dialog says it: the coordinator tells each of those patients another way. A discreet
    window (a treatment room's screen) counts them by initials, without their words (they name the body part)."""
    from .dialogs import left_out_sentence

    def said(update: CalendarUpdate) -> str:
        if discreet:
            return (f"A discreet calendar leaves out {counted(len(update.left_out), 'preparation reminder')} with no "
                    "discreet wording in the catalogue; tell the patient another way.")
        return left_out_sentence(update.left_out, "calendar")

    return " ".join(f"{update_name(u, discreet)}: {said(u)}" for u in updates if u.left_out)


def changes_count(update: CalendarUpdate) -> str:
    """'1 change', '4 changes': what a calendar update changes, in a report's table."""
    return f"{update.changed} change{'s' if update.changed != 1 else ''}"


class UpdatesReport(QDialog):
    """A re-booking report's closing part, shared by the machine-down and the re-optimisation
    reports: whose exported calendar changed, and writing those updates to a folder."""

    def __init__(self, desk: BookingDesk, updates: list[CalendarUpdate], parent: QWidget | None = None, *,
                 discreet: bool = False) -> None:
        super().__init__(parent)
        self.desk = desk
        self.updates = updates
        self.discreet = discreet
        self.written: list[CalendarUpdate] = []
        calendars = [(update_name(u, discreet), changes_count(u)) for u in updates]
        self.calendar_table = plain_table(("Patient", "Calendar"), calendars)
        if not discreet:  # what to tell each patient (their phone may not apply the update); not on a treatment room's screen
            for row, update in enumerate(updates):
                item = self.calendar_table.item(row, 1)
                if item is not None and update.changes:
                    item.setToolTip(changes_words(update.changes))
                    item.setData(Qt.ItemDataRole.AccessibleDescriptionRole, changes_words(update.changes))
        self.changes_said = QLabel()  # the chosen patient's changes, under the list
        follow_changes(self.calendar_table, 1, self.changes_said)

    def add_updates(self, layout: QVBoxLayout) -> None:
        """The calendars to update, a status line and the buttons, at the end of `layout`."""
        updates = self.updates
        self.calendars_heading = QLabel(f"<b>Calendars to update</b> ({len(updates)})" if updates else
                                        "No exported calendar changed.")
        layout.addWidget(self.calendars_heading)
        self.later_said: QLabel | None = None
        if updates:
            layout.addWidget(self.calendar_table)
            layout.addWidget(self.changes_said)
            later = self.later_said = QLabel("Those not written here stay listed in the Bookings window's Calendars tab until their update "
                           "is written (or the course is exported again).")
            later.setWordWrap(True)
            layout.addWidget(later)
        # before Write calendar updates…: what a discreet update leaves out, so the coordinator learns it before writing
        self.left_out_said = QLabel(left_out_of_updates(updates, self.discreet))
        self.left_out_said.setWordWrap(True)
        self.left_out_said.setTextFormat(Qt.TextFormat.PlainText)  # patients' names and the catalogue's words as written
        self.left_out_said.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.left_out_said.setVisible(bool(self.left_out_said.text()))
        layout.addWidget(self.left_out_said)
        self.status = QLabel()
        self.status.setWordWrap(True)  # the files written, by name
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.status)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.write_button = buttons.addButton("&Write calendar updates…", QDialogButtonBox.ButtonRole.ActionRole)
        self.write_button.setEnabled(bool(updates))
        self.write_button.clicked.connect(self.choose_folder)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    @guarded
    def choose_folder(self) -> None:
        from .start_folder import choose_update_folder

        folder = choose_update_folder(self)
        if folder is not None:
            self.write_to(folder)

    def write_to(self, folder: Path) -> None:
        try:
            self.written = self.desk.write_updates(self.updates, folder)
        except OSError as exc:
            self.status.setText(not_written_words(exc, folder, self.discreet))
            return
        except StoreError as exc:
            self.status.setText(f"Could not write the updates. {store_words(exc, self.desk.store.display_url, undone='')}")
            return
        self.status.setText(" ".join(filter(None, (written_words(self.written, folder, self.discreet),
                                                   left_out_of_updates(self.written, self.discreet)))))
        self.left_out_said.setVisible(False)  # said again, of the updates written, in the status line
        self.write_button.setEnabled(False)
        self._say_written()

    def _say_written(self) -> None:
        """The table says which calendars were written ('written: 1 change'), and its heading how many, not 'to update'
        any more: the coordinator reading it after writing is not led to write them again."""
        done = {u.course_id for u in self.written}
        for row, update in enumerate(self.updates):
            item = self.calendar_table.item(row, 1)
            if item is not None and update.course_id in done:
                item.setText(f"written: {changes_count(update)}")
        left = len(self.updates) - sum(1 for u in self.updates if u.course_id in done)
        if self.later_said is not None:
            self.later_said.setVisible(bool(left))  # 'those not written here stay listed': none is left
        self.calendars_heading.setText(f"<b>Calendars updated</b> ({len(done)} written)" if not left else
                                       f"<b>Calendars to update</b> ({left} of {len(self.updates)}; {len(done)} written)")


class RebookingReport(UpdatesReport):
    """Who moved where, who could not be placed, whose calendar needs an update; offers to write the updates.
    Shared by a machine's downtime and the whole department's closure, which re-book by the same rules."""

    def __init__(self, desk: BookingDesk, title: str, report: RebookReport | ClosureReport, updates: list[CalendarUpdate],
                 parent: QWidget | None = None, *, discreet: bool = False) -> None:
        super().__init__(desk, updates, parent, discreet=discreet)
        zone = desk.zone
        self.setWindowTitle(title)
        who = report_names(desk, {m.course_id for m in (*report.moved, *report.appended)} | {u.course_id for u in report.unplaced},
                           discreet)

        def when(moment: datetime) -> str:
            return f"{short_day(moment.astimezone(zone).date())} {moment.astimezone(zone):%H:%M}"

        sensitive = desk.gap_sensitive({m.course_id for m in report.appended})
        later = started_later(report.appended)

        def how(move: Move) -> str:  # a gap-sensitive course made up at the end: its overall time grows, said where it is read
            if move.how != "end of course":  # the same day, a weekend, a second session, the first one's set-up: no longer
                return move.how
            if move.course_id in later:  # nothing of it given before: it starts later
                return f"{move.how} (the course starts later)"
            return f"{move.how} (gap-sensitive: the overall treatment time grows)" if move.course_id in sensitive else move.how

        moved = [(who(m.course_id), f"{m.number} (was {m.was})" if m.was else str(m.number), f"{m.from_machine} {when(m.from_start)}",
                  f"{m.to_machine} {when(m.to_start)}", how(m))
                 for m in (*report.moved, *report.appended)]
        self.moved_table = plain_table(REPORT_COLUMNS, moved)
        unplaced = [(who(u.course_id), str(u.number), f"{u.machine} {when(u.start)}", "—", u.reason) for u in report.unplaced]
        self.unplaced_table = plain_table(REPORT_COLUMNS, unplaced)
        for table in (self.moved_table, self.unplaced_table):
            header = table.horizontalHeaderItem(1)
            if header is not None:
                header.setToolTip(FRACTION_NOW_TIP)
        layout = QVBoxLayout(self)
        # first and in bold: an urgent course that now starts later (past its due day, or later than booked)
        self.urgent_label = urgent_label([urgent_start_words(item, who(item.course_id)) for item in report.urgent])
        layout.addWidget(self.urgent_label)
        layout.addWidget(QLabel(f"<b>Moved</b> ({len(moved)})" if moved else "Nothing needed moving."))
        if moved:  # no empty table under "Nothing needed moving"
            layout.addWidget(self.moved_table, 3)
        if moved or unplaced:
            layout.addWidget(QLabel(f"<b>Could not be placed</b> ({len(unplaced)})" if unplaced else "Everyone was placed."))
        if unplaced:
            layout.addWidget(self.unplaced_table, 1)
        self.add_updates(layout)
        for table in (self.moved_table, self.unplaced_table, self.calendar_table):
            fold_last_column(table)
        snug(self.calendar_table)  # a few calendars take a few rows' height; the moves take the rest
        self.fit_screen(bool(moved or unplaced))

    def fit_screen(self, tables: bool) -> None:
        """With moves to list: as large as the screen's available area allows (up to REPORT_SIZE), so the
        moves show more than a handful of rows; without: as small as its few lines need."""
        if not tables:
            self.setMinimumWidth(self.fontMetrics().horizontalAdvance("x") * 60)  # room for its title
            self.adjustSize()
            return
        width, height = REPORT_SIZE
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is not None:
            area = screen.availableGeometry()
            width, height = min(width, area.width() - 16), min(height, area.height() - 48)  # room for the window's frame
        self.resize(width, height)


REPORT_SIZE = (1100, 900)  # a re-booking report's largest size; smaller on a smaller screen


def fold_last_column(table: QTableWidget) -> None:
    """The last column (a report's "How" or reason) takes the width left and wraps its words onto more lines,
    rather than running on behind a horizontal scroll bar."""
    table.setWordWrap(True)
    table.setTextElideMode(Qt.TextElideMode.ElideNone)
    table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    last = table.columnCount() - 1
    table.horizontalHeader().setSectionResizeMode(last, QHeaderView.ResizeMode.Stretch)
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)


def snug(table: QTableWidget) -> None:
    """No taller than its rows need (a short list leaves no empty space under it)."""
    table.resizeRowsToContents()
    rows = sum(table.rowHeight(row) for row in range(table.rowCount()))
    table.setMaximumHeight(rows + table.horizontalHeader().sizeHint().height() + 2 * table.frameWidth() + 2)


class DownReportDialog(RebookingReport):
    """The re-booking report of a machine's downtime."""

    def __init__(self, desk: BookingDesk, report: RebookReport, updates: list[CalendarUpdate], parent: QWidget | None = None, *,
                 discreet: bool = False) -> None:
        super().__init__(desk, f"{report.downtime.machine} down: re-booking report", report, updates, parent, discreet=discreet)


class DayListDialog(QDialog):
    """What to print of the day: every machine or one (a treatment room's sheet names only its own
    patients), each machine on its own page, discreet or not."""

    def __init__(self, machines: list[str], discreet: bool, parent: QWidget | None = None, day: date | None = None,
                 step: Callable[[int], date] | None = None) -> None:
        """`step`: moves the window's day by so many days and gives the day it shows then. With it, Alt+Left and
        Alt+Right here print the day before or after (the dialog named them, and they did nothing while it was open)."""
        super().__init__(parent)
        self.day_label = QLabel()
        self._step = step
        form = QFormLayout()
        if day is not None:  # the toolbar's day: said, so no one prints another day's list by mistake
            form.addRow("Day", self.day_label)
            if step is not None:
                for keys, days in (("Alt+Left", -1), ("Alt+Right", 1)):
                    QShortcut(QKeySequence(keys), self, lambda days=days: self.step_day(days))
        self._name_day(day)
        self.machine = QComboBox()
        self.machine.addItem("Every machine", None)
        for name in machines:
            self.machine.addItem(name, name)
        form.addRow(buddy_label("&Machine", self.machine), self.machine)
        self.own_pages = QCheckBox("Each machine on its own page (one &sheet for each room)")  # P is Preview…'s
        self.own_pages.setChecked(True)
        form.addRow("", self.own_pages)
        self.discreet = QCheckBox("&Discreet: initials only, no kind of appointment")
        self.discreet.setChecked(discreet)
        form.addRow("", self.discreet)
        self.machine.currentIndexChanged.connect(lambda _: self.own_pages.setEnabled(self.machine.currentData() is None))
        lay_out_dialog(self, form, "&Preview…", self.accept)

    def _name_day(self, day: date | None) -> None:
        self.setWindowTitle(f"Print day list of {day_text(day)}" if day is not None else "Print day list")
        keys = "Alt+Left or Alt+Right: the day before or after" if self._step is not None else "close this to choose another"
        self.day_label.setText(f"<b>{day_text(day)}</b> (the day shown; {keys})" if day is not None else "")

    def step_day(self, days: int) -> None:
        """The day before or after, in the window and here."""
        if self._step is not None:
            self._name_day(self._step(days))

    def machine_name(self) -> str | None:
        """The machine chosen, None for every machine."""
        name: str | None = self.machine.currentData()
        return name
