"""Dialogs: move an appointment, mark a fraction missed, export options, print, settings."""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass
from datetime import date, datetime, time

from PySide6.QtCore import QDate, QDateTime, QTime
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from ..core.clinic import WEEKDAY_KEYS, WEEKDAY_NAMES, HolidayRegion, format_weekdays
from ..core.course import MakeUp
from ..core.errors import CatalogueError, Field, InputError
from ..core.schedule import Appointment, Schedule
from ..core.text import single_line_problem
from ..store.settings import Settings
from ..wording import title
from .course_form import FieldError, side_by_side
from .date_limits import bound_dates
from .session import BuildResult


def _qdatetime(moment: datetime) -> QDateTime:
    return QDateTime(QDate(moment.year, moment.month, moment.day), QTime(moment.hour, moment.minute))


def _pydatetime(value: QDateTime) -> datetime:
    d, t = value.date(), value.time()
    return datetime(d.year(), d.month(), d.day(), t.hour(), t.minute())


def _ok_cancel(dialog: QDialog, ok_text: str = "") -> QDialogButtonBox:
    """OK and Cancel wired to the dialog's accept and reject."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    if ok_text:
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


class MoveDialog(QDialog):
    """Pick a new date and time for one appointment."""

    def __init__(self, appointment: Appointment, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Move {title(appointment)}")
        self.when = QDateTimeEdit(_qdatetime(appointment.start))
        self.when.setCalendarPopup(True)
        self.when.setDisplayFormat("ddd d MMM yyyy HH:mm")
        bound_dates(self.when)
        form = QFormLayout(self)
        form.addRow(QLabel(f"Planned: {appointment.start:%a %d %b %Y, %H:%M}"))
        form.addRow("&New date and time:", self.when)
        note = QLabel("The schedule is checked again after the move: spacing and closed days show as warnings.")
        note.setWordWrap(True)
        form.addRow(note)
        form.addRow(_ok_cancel(self))

    def moment(self) -> datetime:
        return _pydatetime(self.when.dateTime())


def _effect(before: Schedule, result: BuildResult) -> str:
    if result.schedule is None:
        return f"not possible: {result.error.reason if result.error else ''}"
    after = result.schedule
    last = after.last_fraction.start
    change = after.overall_days - before.overall_days
    delta = "unchanged" if change == 0 else f"{'+' if change > 0 else ''}{change} day(s)"
    return f"overall treatment time {before.overall_days} → {after.overall_days} days ({delta}); last fraction {last:%a %d %b}"


class MissedDialog(QDialog):
    """Mark a fraction missed and choose how it is made up, seeing the effect of each choice."""

    def __init__(self, appointment: Appointment, schedule: Schedule, options: dict[MakeUp, BuildResult],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"{title(appointment)} missed")
        self.options = options
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"Missed on {appointment.start:%A %d %B %Y}. How is the session made up?"))
        self.group = QButtonGroup(self)
        sensitive = schedule.site.gap_sensitive
        labels = {
            MakeUp.END: "Add it at the end of the course",
            MakeUp.WEEKEND: "A weekend session",
            MakeUp.SAME_DAY: "A second session on a treatment day, at least 6 hours apart",
        }
        self.buttons: dict[MakeUp, QRadioButton] = {}
        for make_up, label in labels.items():
            result = options.get(make_up)
            if result is None or (make_up is not MakeUp.END and not sensitive):
                continue
            at = ""
            if make_up is not MakeUp.END and result.schedule is not None:
                missed = next(m for m in result.schedule.request.adjustments.missed if m.day == appointment.start.date())
                at = f" on {missed.make_up_at:%a %d %b, %H:%M}" if missed.make_up_at else ""
            button = QRadioButton(f"{label}{at}\n    {_effect(schedule, result)}")
            button.setEnabled(result.schedule is not None)
            self.group.addButton(button)
            self.buttons[make_up] = button
            layout.addWidget(button)
        self.buttons[MakeUp.END].setChecked(True)
        if sensitive:
            hint = QLabel(f"{schedule.site.name} is gap-sensitive: a weekend or same-day session keeps the overall treatment time.")
            hint.setWordWrap(True)
            layout.addWidget(hint)
        layout.addWidget(_ok_cancel(self))

    def choice(self) -> tuple[MakeUp, datetime | None]:
        make_up = next(m for m, b in self.buttons.items() if b.isChecked())
        result = self.options[make_up]
        at = None
        if make_up is not MakeUp.END and result.schedule is not None:
            at = next(m.make_up_at for m in result.schedule.request.adjustments.missed if m.make_up is make_up)
        return make_up, at


@dataclass(frozen=True)
class ExportChoice:
    discreet: bool
    prep_events: bool
    previous: str


class ExportDialog(QDialog):
    def __init__(self, discreet: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export calendar (.ics)")
        form = QFormLayout(self)
        self.discreet = QCheckBox("Discreet: name no diagnosis, site or treatment")
        self.discreet.setChecked(discreet)
        self.discreet.setToolTip("For phones whose lock screen shows calendar entries")
        self.prep_events = QCheckBox("Preparation steps as their own events")
        self.prep_events.setToolTip("Google Calendar and often Outlook drop alarms from imported files")
        previous_row, row = side_by_side()
        self.previous = QLineEdit()
        self.previous.setPlaceholderText("None: a first export")
        self.previous.setToolTip("An earlier export of this course: moved appointments update, removed ones are cancelled")
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        row.addWidget(self.previous, 1)
        row.addWidget(browse)
        form.addRow(self.discreet)
        form.addRow(self.prep_events)
        form.addRow("&Previous export:", previous_row)
        self.error = FieldError()
        form.addRow(self.error)
        form.addRow(_ok_cancel(self, "Export…"))

    def _browse(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Previous export", "", "Calendar files (*.ics)")
        if name:
            self.previous.setText(name)

    def choice(self) -> ExportChoice:
        return ExportChoice(self.discreet.isChecked(), self.prep_events.isChecked(), self.previous.text().strip())


@dataclass(frozen=True)
class PrintChoice:
    layout: str  # "week" or "sheet"
    mondays: list[date]
    paper: str  # "default", "a4", "letter"
    action: str  # "preview", "print", "pdf"


class PrintDialog(QDialog):
    """Layout, week range and paper; then preview, print or PDF."""

    def __init__(self, weeks: list[date], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Print")
        self.weeks = weeks
        form = QFormLayout(self)
        self.layout_choice = QComboBox()
        self.layout_choice.addItem("Weekly view (one page per week)", "week")
        self.layout_choice.addItem("Course sheet (all appointments, preparation, contacts)", "sheet")
        form.addRow("&Layout:", self.layout_choice)
        self.first = QComboBox()
        self.last = QComboBox()
        for monday in weeks:
            label = f"Week of {monday:%d %b %Y}"
            self.first.addItem(label, monday.isoformat())
            self.last.addItem(label, monday.isoformat())
        self.last.setCurrentIndex(len(weeks) - 1)
        form.addRow("&From:", self.first)
        form.addRow("&To:", self.last)
        self.paper = QComboBox()
        self.paper.addItem("Printer or locale default", "default")
        self.paper.addItem("A4", "a4")
        self.paper.addItem("US Letter", "letter")
        form.addRow("&Paper:", self.paper)
        self.error = FieldError()
        form.addRow(self.error)
        self.action = "preview"
        buttons = QDialogButtonBox()
        for text, action in (("Preview…", "preview"), ("Print…", "print"), ("Export PDF…", "pdf")):
            button = buttons.addButton(text, QDialogButtonBox.ButtonRole.AcceptRole)
            button.clicked.connect(lambda _=False, a=action: self._choose(a))
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel).clicked.connect(self.reject)
        form.addRow(buttons)
        self.layout_choice.currentIndexChanged.connect(self._layout_changed)

    def _layout_changed(self) -> None:
        weekly = self.layout_choice.currentData() == "week"
        self.first.setEnabled(weekly)
        self.last.setEnabled(weekly)

    def _choose(self, action: str) -> None:
        if self.first.currentIndex() > self.last.currentIndex():
            self.error.show_message("The first week must not come after the last week.")
            return
        self.action = action
        self.accept()

    def choice(self) -> PrintChoice:
        chosen = self.weeks[self.first.currentIndex():self.last.currentIndex() + 1]
        return PrintChoice(self.layout_choice.currentData(), chosen, self.paper.currentData(), self.action)


class SettingsDialog(QDialog):
    """The clinic's settings; each field's problem is shown beside it."""

    def __init__(self, settings: Settings, load_catalogue: object, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self.settings = settings
        self.load_catalogue = load_catalogue
        form = QFormLayout(self)
        self.errors: dict[str, FieldError] = {}

        def row(label: str, key: str, widget: QWidget, tip: str = "") -> None:
            holder = QWidget()
            column = QVBoxLayout(holder)
            column.setContentsMargins(0, 0, 0, 0)
            column.addWidget(widget)
            self.errors[key] = FieldError()
            column.addWidget(self.errors[key])
            if tip:
                widget.setToolTip(tip)
            form.addRow(label, holder)

        self.clinic_name = QLineEdit(settings.clinic_name)
        row("Clinic &name:", "clinic_name", self.clinic_name)
        self.clinic_address = QLineEdit(settings.clinic_address)
        row("&Address:", "clinic_address", self.clinic_address)
        self.clinic_phone = QLineEdit(settings.clinic_phone)
        row("&Phone:", "clinic_phone", self.clinic_phone, "Printed on sheets and written in calendar descriptions")
        self.time_zone = QComboBox()
        self.time_zone.setEditable(True)
        self.time_zone.addItem("")
        self.time_zone.addItems(sorted(zoneinfo.available_timezones()))
        self.time_zone.setCurrentText(settings.time_zone)
        row("Default time &zone:", "time_zone", self.time_zone, "Empty: this computer's time zone")
        days, line = side_by_side()
        self.day_boxes = []
        for index, key in enumerate(WEEKDAY_KEYS):
            box = QCheckBox(key.capitalize())
            box.setChecked(index in settings.treatment_weekdays)
            box.setToolTip(WEEKDAY_NAMES[index])
            self.day_boxes.append(box)
            line.addWidget(box)
        row("Treatment &days:", "treatment_days", days)
        self.holidays = QLineEdit(settings.holidays)
        self.holidays.setPlaceholderText("e.g. US-NY, GB-ENG, DE-BY")
        row("&Holidays:", "holidays", self.holidays, "Country and optional subdivision whose public holidays close the clinic")
        self.treatment_time = QTimeEdit(QTime.fromString(settings.treatment_time, "HH:mm"))
        self.treatment_time.setDisplayFormat("HH:mm")
        row("Default &time:", "treatment_time", self.treatment_time)
        catalogue, line = side_by_side()
        self.catalogue_path = QLineEdit(settings.catalogue_path)
        self.catalogue_path.setPlaceholderText("The catalogue shipped with the planner")
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        line.addWidget(self.catalogue_path, 1)
        line.addWidget(browse)
        row("&Catalogue:", "catalogue_path", catalogue, "The clinic's own site catalogue (TOML); see the README")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.result_settings: Settings | None = None
        self.result_catalogue: object = None

    def _browse(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Site catalogue", "", "Catalogue (*.toml)")
        if name:
            self.catalogue_path.setText(name)

    def _accept(self) -> None:
        for error in self.errors.values():
            error.show_message("")
        ok = True
        for key, edit in (("clinic_name", self.clinic_name), ("clinic_address", self.clinic_address),
                          ("clinic_phone", self.clinic_phone), ("catalogue_path", self.catalogue_path)):
            problem = single_line_problem(edit.text().strip())  # the settings file refuses what is not one clean line
            if problem:
                self.errors[key].show_message(problem)
                ok = False
        zone = self.time_zone.currentText().strip()
        if zone and zone not in zoneinfo.available_timezones():
            self.errors["time_zone"].show_message(f"'{zone}' is not an IANA time zone")
            ok = False
        days = frozenset(i for i, b in enumerate(self.day_boxes) if b.isChecked())
        if not days:
            self.errors["treatment_days"].show_message("Choose at least one treatment day")
            ok = False
        holidays = self.holidays.text().strip()
        if holidays:
            try:
                holidays = HolidayRegion.parse(Field.HOLIDAYS, holidays).code
            except InputError as exc:
                self.errors["holidays"].show_message(exc.reason)
                ok = False
        catalogue = None
        path = self.catalogue_path.text().strip()
        try:
            catalogue = self.load_catalogue(path)  # type: ignore[operator]
        except CatalogueError as exc:
            self.errors["catalogue_path"].show_message(str(exc))
            ok = False
        if not ok:
            return
        value = self.treatment_time.time()
        self.result_settings = Settings(
            clinic_name=self.clinic_name.text().strip(), clinic_address=self.clinic_address.text().strip(),
            clinic_phone=self.clinic_phone.text().strip(), time_zone=zone, treatment_days=format_weekdays(days),
            holidays=holidays, treatment_time=time(value.hour(), value.minute()).strftime("%H:%M"), catalogue_path=path,
            recent_files=self.settings.recent_files, window_geometry=self.settings.window_geometry,
        )
        self.result_catalogue = catalogue
        self.accept()

