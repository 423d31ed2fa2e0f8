"""Dialogs: move an appointment, mark a fraction missed, export options, print, settings."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, time

from PySide6.QtCore import QDate, QTime
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ..core.catalogue import PrepReminder
from ..core.clinic import WEEKDAY_KEYS, WEEKDAY_NAMES, ClinicCalendar, HolidayRegion, HolidaySource, PackageHolidays, format_weekdays
from ..core.course import MakeUp
from ..core.errors import CatalogueError, Field, InputError
from ..core.schedule import Appointment, Schedule
from ..core.text import counted, phone_problem, single_line_problem
from ..store.settings import Settings
from ..wording import left_out_words, reminders_left_out, title
from .adjustments import ReasonField
from .course_form import ClinicCalendarPopup, FieldError, labelled_row, side_by_side
from .date_field import DateField, TimeField
from .date_limits import bound_dates
from .dialog_fit import fit_height
from .discard_question import may_discard
from .formats import day_text, short_day
from .holiday_chooser import HolidayChooser
from .pick_lists import SpaceOpensNothing, calm_pick_lists
from .session import BuildResult
from .shown_names import shown_name
from .wheel_guard import WheelOnlyWhenFocused, guard_wheel
from .zone_field import ZoneField


def _ok_cancel(dialog: QDialog, ok_text: str = "") -> QDialogButtonBox:
    """OK and Cancel wired to the dialog's accept and reject."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    if ok_text:
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


def _when_row(form: QFormLayout, label: str, clinic: ClinicCalendar | None) -> tuple[DateField, TimeField]:
    """A date (its calendar shading the clinic's closed days) and a time side by side, Alt+letter to the date."""
    holder, row = side_by_side()
    day = DateField()
    popup = ClinicCalendarPopup()
    if clinic is not None:
        popup.set_clinic(clinic)
    day.setCalendarWidget(popup)
    bound_dates(day)
    at = TimeField()
    row.addWidget(day, 1)
    row.addWidget(at)
    caption = QLabel(label)
    caption.setBuddy(day)
    form.addRow(caption, holder)
    return day, at


def _reason_row(form: QFormLayout) -> ReasonField:
    reason = ReasonField()
    caption = QLabel("&Reason:")
    caption.setBuddy(reason)
    form.addRow(caption, reason)
    return reason


class MoveDialog(QDialog):
    """Pick a new date and time for one appointment: the date typed or chosen in a calendar that
    shades the clinic's closed days, the time typed as HH:MM."""

    def __init__(self, appointment: Appointment, parent: QWidget | None = None, clinic: ClinicCalendar | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Move {title(appointment)}")
        start = appointment.start
        form = QFormLayout(self)
        form.addRow(QLabel(f"Planned: {day_text(start.date())}, {start:%H:%M}"))
        self.day, self.time = _when_row(form, "&New date and time:", clinic)
        self.day.setDate(QDate(start.year, start.month, start.day))
        self.time.setTime(QTime(start.hour, start.minute))
        self.reason = _reason_row(form)
        self.error = FieldError()
        self.day.problemChanged.connect(self.error.show_message)
        form.addRow(self.error)
        note = QLabel("The schedule is checked again after the move: spacing and closed days show as warnings.")
        note.setWordWrap(True)
        form.addRow(note)
        form.addRow(_ok_cancel(self))

    def moment(self) -> datetime:
        day, at = self.day.date(), self.time.time()
        return datetime(day.year(), day.month(), day.day(), at.hour(), at.minute())


def _effect(before: Schedule, result: BuildResult) -> str:
    if result.schedule is None:
        return f"not possible: {result.error.reason if result.error else ''}"
    after = result.schedule
    last = after.last_fraction.start
    change = after.overall_days - before.overall_days
    delta = "unchanged" if change == 0 else f"{'+' if change > 0 else '-'}{counted(abs(change), 'day')}"
    return f"overall treatment time {before.overall_days} → {counted(after.overall_days, 'day')} ({delta}); last fraction {short_day(last)}"


class MissedDialog(QDialog):
    """Mark a fraction missed and choose how it is made up and in which slot, seeing the effect of
    each choice. For a gap-sensitive site the choice that keeps the overall treatment time comes
    pre-selected."""

    def __init__(self, appointment: Appointment, schedule: Schedule, options: dict[MakeUp, BuildResult],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"{title(appointment)} missed")
        self.options = options
        self.day = appointment.start.date()
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"Missed on {appointment.start:%A} {self.day.day} {appointment.start:%B %Y}. "
                                "How is the session made up?"))
        self.group = QButtonGroup(self)
        sensitive = schedule.site.gap_sensitive
        labels = {  # one Alt letter each (the slot's is S, the reason's R)
            MakeUp.END: "Add it at the &end of the course",
            MakeUp.WEEKEND: "A &weekend session",
            MakeUp.SAME_DAY: "A second session on a treatment &day, at least 6 hours apart",
        }
        self.buttons: dict[MakeUp, QRadioButton] = {}
        self.slots: dict[MakeUp, datetime | None] = {}
        for make_up, label in labels.items():
            result = options.get(make_up)
            if result is None or (make_up is not MakeUp.END and not sensitive):
                continue
            slot = _make_up_slot(result)
            self.slots[make_up] = slot
            at = f" on {day_text(slot.date())}, {slot:%H:%M}" if slot is not None and make_up is not MakeUp.END else ""
            button = QRadioButton(f"{label}{at}\n    {_effect(schedule, result)}")
            button.setEnabled(result.schedule is not None)
            self.group.addButton(button)
            self.buttons[make_up] = button
            layout.addWidget(button)
        keeping = [m for m in (MakeUp.WEEKEND, MakeUp.SAME_DAY) if m in self.buttons and _keeps_time(schedule, options[m])]
        preferred = self.buttons[keeping[0]] if sensitive and keeping else self.buttons[MakeUp.END]
        preferred.setChecked(True)
        preferred.setFocus()  # the arrows choose from the chosen one (from another they would only move the focus)
        if sensitive:
            others = [b for m, b in self.buttons.items() if m is not MakeUp.END and b.isEnabled()]
            hint = QLabel(f"{schedule.site.name} is gap-sensitive: a weekend or same-day session keeps the overall treatment time."
                          if others else f"{schedule.site.name} is gap-sensitive, but no weekend or same-day session fits this "
                          "course's spacing: the session is added at the end.")
            hint.setWordWrap(True)
            layout.addWidget(hint)
        form = QFormLayout()
        self.slot_day, self.slot_time = _when_row(form, "Make-up &slot:", schedule.request.calendar)
        self.reason = _reason_row(form)
        layout.addLayout(form)
        layout.addWidget(_ok_cancel(self))
        self.group.buttonToggled.connect(lambda *_: self._show_slot())
        self._show_slot()

    def chosen(self) -> MakeUp:
        return next(m for m, b in self.buttons.items() if b.isChecked())

    def _show_slot(self) -> None:
        """The chosen kind's suggested slot, for the coordinator to keep or change."""
        slot = self.slots.get(self.chosen())
        self.slot_day.setEnabled(slot is not None)
        self.slot_time.setEnabled(slot is not None)
        if slot is not None:
            self.slot_day.setDate(QDate(slot.year, slot.month, slot.day))
            self.slot_time.setTime(QTime(slot.hour, slot.minute))

    def slot(self) -> datetime:
        day, at = self.slot_day.date(), self.slot_time.time()
        return datetime(day.year(), day.month(), day.day(), at.hour(), at.minute())

    def choice(self) -> tuple[MakeUp, datetime | None, str]:
        """The kind, the slot (None: the end of the course as planned) and the reason."""
        make_up = self.chosen()
        suggested = self.slots.get(make_up)
        at: datetime | None = self.slot() if suggested is not None else None
        if make_up is MakeUp.END and at == suggested:
            at = None  # the end as the planner finds it, even after later changes
        return make_up, at, self.reason.reason()


def _make_up_slot(result: BuildResult) -> datetime | None:
    """Where the planner put the make-up session in `result`, as a naive local time."""
    if result.schedule is None:
        return None
    made_up = next((a for a in result.schedule.appointments if a.make_up), None)
    return made_up.start.replace(tzinfo=None) if made_up is not None else None


def _keeps_time(before: Schedule, result: BuildResult) -> bool:
    return result.schedule is not None and result.schedule.overall_days <= before.overall_days


def left_out_note(schedule: Schedule, what: str, *, timed_only: bool = False) -> str:
    """The window's sentence for the preparation reminders a discreet calendar or print of `schedule` leaves out
    (empty: none), said beside the discreet choice before anything is written: the coordinator tells the patient."""
    return left_out_sentence(reminders_left_out(schedule, timed_only=timed_only), what)


def left_out_sentence(reminders: Iterable[PrepReminder], what: str) -> str:
    """`left_out_note`'s sentence for these `reminders` (empty: none), as a calendar update written says it too."""
    words = left_out_words(reminders, what, "the plan's Preparation column shows {them}", lambda text: f"“{text}”")
    return f"{words[0].upper()}{words[1:]}." if words else ""


@dataclass(frozen=True)
class ExportChoice:
    discreet: bool
    prep_events: bool
    previous: str


class ExportDialog(QDialog):
    def __init__(self, discreet: bool, parent: QWidget | None = None, name_words: tuple[str, ...] = (),
                 stored_export: bool = False, prep_events: bool = False, left_out: tuple[str, ...] = (),
                 reminders_note: str = "") -> None:
        """`name_words`: words of the clinic's name the course's typed location holds, which a discreet export
        would still write (the whole name it leaves out); shown as a warning while Discreet is ticked, as are
        `left_out`, the parts of the location a discreet export leaves out as naming the treatment.
        `stored_export`: the store keeps the calendar last exported, which the export updates when no file is named.
        `prep_events`: the preparation events box starts ticked (the calendar the patient was given had them).
        `reminders_note`: the preparation reminders a discreet calendar leaves out (`left_out_note`), said while
        Discreet is ticked."""
        super().__init__(parent)
        self.setWindowTitle("Export calendar (.ics)")
        form = QFormLayout(self)
        self.discreet = QCheckBox("&Discreet: name no diagnosis, site or treatment")
        self.discreet.setChecked(discreet)
        self.discreet.setToolTip("For phones whose lock screen shows calendar entries")
        self.prep_events = QCheckBox("Preparation steps as their own &events")
        self.prep_events.setChecked(prep_events)
        self.prep_events.setToolTip("Google Calendar and often Outlook drop alarms from imported files")
        previous_row, row = side_by_side()
        self.previous = QLineEdit()
        self.previous.setPlaceholderText("None: the store's last export is updated" if stored_export else "None: a first export")
        self.previous.setMinimumWidth(self.previous.fontMetrics().horizontalAdvance(self.previous.placeholderText()) + 16)  # read whole
        self.previous.setToolTip("An earlier export of this course: moved appointments update, removed ones are cancelled")
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        row.addWidget(self.previous, 1)
        row.addWidget(browse)
        form.addRow(self.discreet)
        self.location_hint = FieldError("warning")
        quoted = ", ".join(f"“{word}”" for word in name_words)
        parts = ", ".join(f"“{part}”" for part in left_out)
        hints = [f"A discreet calendar leaves {parts} out of the course's location: it names the treatment."] if left_out else []
        if name_words:
            hints.append(f"The course's location still says {quoted}, from the clinic's name: a discreet calendar "
                         "writes the location as typed. Change it in the course's Location field to leave it out.")
        self.location_hint.setText(" ".join(hints))
        self.location_hint.setVisible(bool(hints) and discreet)
        self.discreet.toggled.connect(lambda on: self.location_hint.setVisible(bool(hints) and on))
        form.addRow(self.location_hint)
        self.reminders_hint = FieldError("warning")
        self.reminders_hint.setText(reminders_note)
        self.reminders_hint.setVisible(bool(reminders_note) and discreet)
        self.discreet.toggled.connect(self._discreet_toggled)
        form.addRow(self.reminders_hint)
        form.addRow(self.prep_events)
        form.addRow("&Previous export:", previous_row)
        self.error = FieldError()
        form.addRow(self.error)
        form.addRow(_ok_cancel(self, "Export…"))

    def _discreet_toggled(self, on: bool) -> None:
        self.reminders_hint.setVisible(bool(self.reminders_hint.text()) and on)
        if self.isVisible():  # the warnings come and go with the dialog open: their wrapped lines get their room
            fit_height(self, shrink=not on)

    def _browse(self) -> None:
        from .start_folder import start_folder

        name, _ = QFileDialog.getOpenFileName(self, "Previous export", start_folder(self), "Calendar files (*.ics)")
        if name:
            self.previous.setText(name)

    def choice(self) -> ExportChoice:
        return ExportChoice(self.discreet.isChecked(), self.prep_events.isChecked(), self.previous.text().strip())


@dataclass(frozen=True)
class PrintChoice:
    layout: str  # "week", "glance" or "sheet"
    mondays: list[date]
    paper: str  # "default", "a4", "letter"
    action: str  # "preview", "print", "pdf"
    week_days: int | None = None  # 5 or 7 columns; None: the clinic's treatment days
    hours: tuple[float, float] | None = None  # the time axis of the weekly view; None: fit the week


def remembered_print_choice(settings: Settings) -> PrintChoice | None:
    """The print choice kept in the settings from an earlier session; None when nothing was printed yet."""
    if not settings.print_layout:
        return None
    return PrintChoice(settings.print_layout, [], settings.print_paper or "default", "preview",
                       int(settings.print_days) if settings.print_days else None, settings.print_hour_range)


def remember_print_choice(settings: Settings, choice: PrintChoice) -> Settings:
    """`settings` keeping the layout, days, hours and paper of `choice` for the next session."""
    hours = f"{choice.hours[0]:.0f}-{choice.hours[1]:.0f}" if choice.hours else ""
    return replace(settings, print_layout=choice.layout, print_days=str(choice.week_days or ""), print_hours=hours,
                   print_paper=choice.paper)


HOURS = (("Fit each week's appointments", None), ("07:00 to 19:00", (7.0, 19.0)), ("08:00 to 18:00", (8.0, 18.0)),
         ("06:00 to 22:00", (6.0, 22.0)))


class PrintDialog(QDialog):
    """Layout, week range, days, hours and paper; then preview, print or PDF. The week range is the whole
    course, or `previous`'s weeks (the caller gives them only for the same course, unchanged since); the
    last layout, days, hours and paper are offered again. A range that leaves off the start or the end of
    the course says so under it: a print never leaves off the planning scan or the first fractions unseen."""

    def __init__(self, weeks: list[date], parent: QWidget | None = None, previous: PrintChoice | None = None,
                 discreet: bool = False, reminders_notes: dict[str, str] | None = None) -> None:
        """`discreet`: the course prints discreetly (the form's Discreet export and print), said at the top, as the
        export dialog shows it, so a coordinator sees which version the patient will be handed before printing.
        `reminders_notes`: by layout, the preparation reminders its discreet pages leave out (`left_out_note`),
        said under that while the layout is chosen and the print is discreet."""
        super().__init__(parent)
        self.setWindowTitle("Print")
        self.weeks = weeks
        form = QFormLayout(self)
        self.version = QLabel(
            "Discreet: the pages name no diagnosis, site, treatment or clinic (Discreet export and print is ticked "
            "in the form)." if discreet else
            "The pages name the site and the treatment. For a version that names none, tick Discreet export and "
            "print in the form (Alt+X) first.")
        self.version.setWordWrap(True)
        form.addRow(self.version)
        self.reminders_notes = (reminders_notes or {}) if discreet else {}
        self.reminders_hint = FieldError("warning")
        form.addRow(self.reminders_hint)
        self.layout_choice = QComboBox()
        self.layout_choice.addItem("Weekly view (one page per week)", "week")
        self.layout_choice.addItem("Course at a glance (up to 4 weeks a page)", "glance")
        self.layout_choice.addItem("Course sheet (all appointments, preparation, contacts)", "sheet")
        form.addRow("&Layout:", self.layout_choice)
        self.first = QComboBox()
        self.last = QComboBox()
        for monday in weeks:
            label = f"Week of {day_text(monday)}"  # not strftime: its words follow the C library's locale
            self.first.addItem(label, monday.isoformat())
            self.last.addItem(label, monday.isoformat())
        self.last.setCurrentIndex(len(weeks) - 1)
        form.addRow("&From:", self.first)
        form.addRow("&To:", self.last)
        self.range_note = QLabel()
        self.range_note.setWordWrap(True)
        self.range_note.hide()
        form.addRow(self.range_note)
        self.days = QComboBox()
        self.days.addItem("The clinic's treatment days", None)
        self.days.addItem("Monday to Friday (5 days)", 5)
        self.days.addItem("Monday to Sunday (7 days)", 7)
        self.days.setToolTip("A day with an appointment is always printed")
        form.addRow("&Days:", self.days)
        self.hours = QComboBox()
        for label, hours in HOURS:
            self.hours.addItem(label, hours)
        self.hours.setToolTip("The time axis of the weekly view; an appointment outside it widens it")
        form.addRow("&Hours:", self.hours)
        self.paper = QComboBox()
        self.paper.addItem("Printer or locale default", "default")
        self.paper.addItem("A4", "a4")
        self.paper.addItem("US Letter", "letter")
        form.addRow("&Paper:", self.paper)
        self.error = FieldError()
        form.addRow(self.error)
        self.action = "preview"
        buttons = QDialogButtonBox()
        # Alt letters of their own: L, F, T, D, H and P are the fields' (V, R and E here)
        for text, action in (("Pre&view…", "preview"), ("P&rint…", "print"), ("&Export PDF…", "pdf")):
            button = buttons.addButton(text, QDialogButtonBox.ButtonRole.AcceptRole)
            button.clicked.connect(lambda _=False, a=action: self._choose(a))
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel).clicked.connect(self.reject)
        form.addRow(buttons)
        self.layout_choice.currentIndexChanged.connect(self._layout_changed)
        self._start_with(previous)
        self._layout_changed()
        for box in (self.first, self.last):
            box.currentIndexChanged.connect(self._say_range)
        self._say_range()

    def _say_range(self) -> None:
        """Under From and To: what of the course the range leaves off, if anything."""
        first, last = self.first.currentIndex(), self.last.currentIndex()
        parts = []
        if first > 0:
            parts.append(f"Leaves off the start of the course: it begins in the week of {day_text(self.weeks[0])}.")
        if 0 <= last < len(self.weeks) - 1:
            parts.append(f"Leaves off the end of the course: it ends in the week of {day_text(self.weeks[-1])}.")
        self.range_note.setText(" ".join(parts))
        shown = bool(parts) and self.layout_choice.currentData() != "sheet"
        self.range_note.setVisible(shown)
        if self.isVisible():  # the note comes and goes with the dialog open: its wrapped lines get their room
            fit_height(self, shrink=not shown)

    def _start_with(self, previous: PrintChoice | None) -> None:
        if previous is not None:
            self.layout_choice.setCurrentIndex(max(self.layout_choice.findData(previous.layout), 0))
            self.days.setCurrentIndex(max(self.days.findData(previous.week_days), 0))
            self.hours.setCurrentIndex(next((i for i, (_, h) in enumerate(HOURS) if h == previous.hours), 0))
            self.paper.setCurrentIndex(max(self.paper.findData(previous.paper), 0))
            if previous.mondays and previous.mondays[0] in self.weeks and previous.mondays[-1] in self.weeks:
                self.first.setCurrentIndex(self.weeks.index(previous.mondays[0]))
                self.last.setCurrentIndex(self.weeks.index(previous.mondays[-1]))
        elif len(self.weeks) <= 4:
            self.layout_choice.setCurrentIndex(self.layout_choice.findData("glance"))

    def _layout_changed(self) -> None:
        layout = self.layout_choice.currentData()
        for widget in (self.first, self.last, self.days):
            widget.setEnabled(layout != "sheet")
        self.hours.setEnabled(layout == "week")
        note = self.reminders_notes.get(layout, "")
        self.reminders_hint.setText(note)
        self.reminders_hint.setVisible(bool(note))
        if hasattr(self, "range_note"):
            self._say_range()

    def _choose(self, action: str) -> None:
        if self.first.currentIndex() > self.last.currentIndex():
            self.error.show_message("The first week must not come after the last week.")
            return
        self.action = action
        self.accept()

    def choice(self) -> PrintChoice:
        chosen = self.weeks[self.first.currentIndex():self.last.currentIndex() + 1]
        return PrintChoice(self.layout_choice.currentData(), chosen, self.paper.currentData(), self.action,
                           self.days.currentData(), self.hours.currentData())


class SettingsDialog(QDialog):
    """The clinic's settings; each field's problem is shown beside it."""

    def __init__(self, settings: Settings, load_catalogue: object, parent: QWidget | None = None,
                 holidays: HolidaySource | None = None, department: str = "") -> None:
        """`holidays`: the window's holiday source (None: the holidays package itself). `department`: the name of the
        store's department, whose own settings decide the clinic's details and calendar for its courses."""
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self.holiday_source: HolidaySource = holidays if holidays is not None else PackageHolidays()
        self.settings = settings
        self.load_catalogue = load_catalogue
        form = QFormLayout(self)
        self.errors: dict[str, FieldError] = {}
        self.department_note = QLabel()
        if department:  # else a change of zone or holidays here is saved, said to apply, and changes nothing
            self.department_note.setText(
                f"The department ({department}) decides the clinic's name, address, phone, time zone, public holidays and "
                "treatment days for its courses: change them in Department settings, on the Department menu. Those here "
                "serve course files outside the department.")
            self.department_note.setWordWrap(True)
            form.addRow(self.department_note)
        else:
            self.department_note.hide()

        def row(label: str, key: str, widget: QWidget, tip: str = "", editor: QWidget | None = None) -> None:
            self.errors[key] = labelled_row(form, label, widget, editor, tip)  # Alt+letter reaches the field itself

        self.clinic_name = QLineEdit(settings.clinic_name)
        row("Clinic &name:", "clinic_name", self.clinic_name)
        self.clinic_address = QLineEdit(settings.clinic_address)
        row("&Address:", "clinic_address", self.clinic_address)
        self.clinic_phone = QLineEdit(settings.clinic_phone)
        row("&Phone:", "clinic_phone", self.clinic_phone, "Printed on sheets and written in calendar descriptions")
        self.time_zone = ZoneField(settings.time_zone, empty_means="This computer's time zone")
        row("Default time &zone:", "time_zone", self.time_zone, "Empty: this computer's time zone")
        self.time_zone.problemChanged.connect(self._zone_problem)  # said where it is typed
        days, line = side_by_side()
        self.day_boxes = []
        for index, key in enumerate(WEEKDAY_KEYS):
            box = QCheckBox(key.capitalize())
            box.setChecked(index in settings.treatment_weekdays)
            box.setToolTip(WEEKDAY_NAMES[index])
            self.day_boxes.append(box)
            line.addWidget(box)
        row("Treatment &days:", "treatment_days", days, editor=self.day_boxes[0])
        self.holidays = HolidayChooser(self.holiday_source, settings.holidays)
        row("&Holidays:", "holidays", self.holidays, "Country and optional region whose public holidays close the clinic",
            editor=self.holidays.country)
        self.treatment_time = TimeField()
        self.treatment_time.setTime(QTime.fromString(settings.treatment_time, "HH:mm"))
        row("Default &time:", "treatment_time", self.treatment_time)
        catalogue, line = side_by_side()
        self.catalogue_path = QLineEdit(settings.catalogue_path)
        self.catalogue_path.setPlaceholderText("The catalogue shipped with the planner")
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        line.addWidget(self.catalogue_path, 1)
        line.addWidget(browse)
        row("&Catalogue:", "catalogue_path", catalogue, "The clinic's own site catalogue (TOML); see the README",
            editor=self.catalogue_path)
        self.discreet_id = QCheckBox("Print the hospital n&umber on discreet prints too")
        self.discreet_id.setChecked(settings.discreet_print_shows_id)
        self.discreet_id.setToolTip("Every printed page names the patient and the hospital number; "
                                    "untick to leave the number off discreet prints and the names of their PDF "
                                    "and calendar files (the export and its updates alike)")
        row("", "discreet_print_shows_id", self.discreet_id)
        self.sheet_machine = QCheckBox("Name the treatment &machine on the patient's course sheet")
        self.sheet_machine.setChecked(settings.sheet_names_machine)
        self.sheet_machine.setToolTip("For courses booked in the department store: each appointment on the Course sheet print "
                                      "says which machine treats it. The weekly view and the calendar (.ics) name it whatever "
                                      "this says, except when discreet")
        row("", "sheet_names_machine", self.sheet_machine)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self._space = SpaceOpensNothing(self)
        calm_pick_lists(self, self._space)  # Space on Holidays opened its list; the regions' list cut names short
        self.result_settings: Settings | None = None
        self.result_catalogue: object = None
        self._wheel_guard = WheelOnlyWhenFocused(self)
        guard_wheel(self, self._wheel_guard)  # the wheel over a list or time it passes does not change it
        self._opened_as = self._state()

    def _state(self) -> tuple[object, ...]:
        """The fields as they stand: whether the user changed anything."""
        return (self.clinic_name.text(), self.clinic_address.text(), self.clinic_phone.text(), self.time_zone.currentText(),
                tuple(b.isChecked() for b in self.day_boxes), self.holidays.code(), self.treatment_time.time().toString(),
                self.catalogue_path.text(), self.discreet_id.isChecked(), self.sheet_machine.isChecked())

    def reject(self) -> None:
        """Escape, Cancel or the close button: changes are thrown away only when the user says so."""
        if self.isModal() and self.result_settings is None and self._state() != self._opened_as \
                and not may_discard(self, "the settings"):  # modal: run by exec(), as the window does
            return
        super().reject()

    def _zone_problem(self, problem: str) -> None:
        self.errors["time_zone"].show_message(problem)
        fit_height(self, shrink=True)  # a wrapped message's lines were squeezed over the next field

    def _browse(self) -> None:
        from .start_folder import start_folder

        name, _ = QFileDialog.getOpenFileName(self, "Site catalogue", start_folder(self), "Catalogue (*.toml)")
        if name:
            self.catalogue_path.setText(name)

    def _accept(self) -> None:
        for error in self.errors.values():
            error.show_message("")
        ok = True
        for key, edit in (("clinic_name", self.clinic_name), ("clinic_address", self.clinic_address),
                          ("clinic_phone", self.clinic_phone), ("catalogue_path", self.catalogue_path)):
            problem = single_line_problem(edit.text().strip())  # the settings file refuses what is not one clean line
            if problem is None and key == "clinic_phone":
                problem = phone_problem(edit.text())
            if problem:
                self.errors[key].show_message(problem)
                ok = False
        problem = self.time_zone.check()
        if problem:
            self.errors["time_zone"].show_message(problem)
            ok = False
        zone = self.time_zone.zone()
        days = frozenset(i for i, b in enumerate(self.day_boxes) if b.isChecked())
        if not days:
            self.errors["treatment_days"].show_message("Choose at least one treatment day")
            ok = False
        holidays = self.holidays.code()
        if holidays:
            try:
                holidays = HolidayRegion.parse(Field.HOLIDAYS, holidays, self.holiday_source).code
            except InputError as exc:
                self.errors["holidays"].show_message(exc.reason)
                ok = False
        catalogue = None
        path = self.catalogue_path.text().strip()
        try:
            catalogue = self.load_catalogue(path)  # type: ignore[operator]
        except CatalogueError as exc:
            self.errors["catalogue_path"].show_message(shown_name(str(exc)))
            ok = False
        if not ok:
            fit_height(self)  # each message whole, however many lines it wraps to
            return
        value = self.treatment_time.time()
        # Settings this dialog does not show (recent files, geometry, the department store) are kept.
        self.result_settings = replace(
            self.settings,
            clinic_name=self.clinic_name.text().strip(), clinic_address=self.clinic_address.text().strip(),
            clinic_phone=self.clinic_phone.text().strip(), time_zone=zone, treatment_days=format_weekdays(days),
            holidays=holidays, treatment_time=time(value.hour(), value.minute()).strftime("%H:%M"), catalogue_path=path,
            discreet_print_shows_id=self.discreet_id.isChecked(), sheet_names_machine=self.sheet_machine.isChecked(),
        )
        self.result_catalogue = catalogue
        self.accept()

