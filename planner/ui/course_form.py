"""The course form: every choice the coordinator makes, with its error shown beside it.

The form only turns widget values into a CourseSpec and back; the core checks them.
"""

from __future__ import annotations

import zoneinfo
from datetime import date, datetime, time, timedelta

from PySide6.QtCore import QDate, QDateTime, Qt, QTime, Signal
from PySide6.QtGui import QColor, QPalette, QTextCharFormat
from PySide6.QtWidgets import (
    QCalendarWidget,
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateEdit,
    QDateTimeEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from ..core.catalogue import Catalogue
from ..core.clinic import WEEKDAY_KEYS, WEEKDAY_NAMES, ClinicCalendar, HolidayRegion, holiday_countries, holiday_subdivisions
from ..core.errors import Field, InputError
from ..core.kinds import Pattern
from ..core.spec import CourseSpec
from .date_limits import bound_dates


def qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def pydate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class ClinicCalendarPopup(QCalendarWidget):
    """A calendar in which days the clinic does not treat are greyed, and holidays and closures
    are shaded and named on hover."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setGridVisible(True)
        self.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        self.clinic = ClinicCalendar()
        self.currentPageChanged.connect(lambda year, month: self.mark_month(year, month))

    def set_clinic(self, clinic: ClinicCalendar) -> None:
        self.clinic = clinic
        self.mark_month(self.yearShown(), self.monthShown())

    def mark_month(self, year: int, month: int) -> None:
        self.setDateTextFormat(QDate(), QTextCharFormat())  # clear every format
        first = date(year, month, 1)
        for offset in range(-7, 45):
            day = date.fromordinal(first.toordinal() + offset)
            fmt = QTextCharFormat()
            reason = self.clinic.closure_reason(day)
            if reason:
                fmt.setBackground(QColor("#f3c6c6"))
                fmt.setForeground(QColor("#7a1f1f"))
                fmt.setToolTip(f"Closed: {reason}")
            elif day.weekday() not in self.clinic.treatment_days:
                fmt.setForeground(QColor("#9a9a9a"))
                fmt.setToolTip(f"{WEEKDAY_NAMES[day.weekday()]}: not a treatment day")
            else:
                continue
            self.setDateTextFormat(qdate(day), fmt)


def side_by_side() -> tuple[QWidget, QHBoxLayout]:
    """A bare row holding several widgets side by side, for one form field."""
    holder = QWidget()
    row = QHBoxLayout(holder)
    row.setContentsMargins(0, 0, 0, 0)
    return holder, row


class FieldError(QLabel):
    """The red line under a field that names what is wrong with it."""

    def __init__(self) -> None:
        super().__init__()
        self.setWordWrap(True)
        palette = self.palette()  # a palette, not a style sheet: twenty of those slow the start-up
        palette.setColor(QPalette.ColorRole.WindowText, QColor("#b00020"))
        self.setPalette(palette)
        self.hide()

    def show_message(self, message: str) -> None:
        self.setText(message)
        self.setVisible(bool(message))


class CourseForm(QWidget):
    """Emits `edited(field)` whenever the user changes a value; `spec()` reads the form."""

    edited = Signal(str)

    def __init__(self, catalogue: Catalogue, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.catalogue = catalogue
        self._loading = False
        self._course_id = ""
        self._spec: CourseSpec | None = None
        self.errors: dict[Field, FieldError] = {}
        self.field_widgets: dict[Field, QWidget] = {}
        self._build()
        for combo in self.findChildren(QComboBox):
            # Long entries (time zones, country names) must not widen the whole form.
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(8)
        self._connect()

    # ------------------------------------------------------------------ building
    def _row(self, form: QFormLayout, label: str, field: Field, widget: QWidget, tip: str = "") -> None:
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(1)
        column.addWidget(widget)
        error = FieldError()
        column.addWidget(error)
        if tip:
            widget.setToolTip(tip)
        self.errors[field] = error
        self.field_widgets[field] = widget
        form.addRow(label, holder)

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(4, 4, 4, 4)
        self.general_error = FieldError()
        outer.addWidget(self.general_error)

        patient = QGroupBox("Patient")
        form = QFormLayout(patient)
        self.patient_name = QLineEdit()
        self.patient_name.setPlaceholderText("Full name")
        self._row(form, "&Name:", Field.PATIENT, self.patient_name)
        self.patient_id = QLineEdit()
        self.patient_id.setPlaceholderText("Hospital number")
        self._row(form, "&ID:", Field.PATIENT_ID, self.patient_id)
        outer.addWidget(patient)

        course = QGroupBox("Course")
        form = QFormLayout(course)
        self.site = QComboBox()
        for site in self.catalogue.sites:
            self.site.addItem(site.name, site.id)
        self._row(form, "&Site:", Field.SITE, self.site, "Treatment site from the clinic's catalogue")
        self.preset = QComboBox()
        self._row(form, "&Preset:", Field.PRESET, self.preset, "A regimen preset fills fractions, pattern and session length")
        count_row, row = side_by_side()
        self.count = QSpinBox()
        self.count.setRange(0, 99)
        self.count_unit = QComboBox()
        self.count_unit.addItem("fractions", "fractions")
        self.count_unit.addItem("weeks", "weeks")
        self.count_unit.setToolTip("Give a daily course as a number of fractions, or as weeks of treatment days")
        row.addWidget(self.count, 1)
        row.addWidget(self.count_unit)
        self._row(form, "&Fractions:", Field.FRACTIONS, count_row)
        self.field_widgets[Field.WEEKS] = count_row
        self.errors[Field.WEEKS] = self.errors[Field.FRACTIONS]
        self.pattern = QComboBox()
        for pattern, label in ((Pattern.DAILY, "Daily (each treatment day)"), (Pattern.ALTERNATE, "Alternate days (≥ 2 days apart)"),
                               (Pattern.TWICE_WEEKLY, "Twice weekly (≥ 3 days apart)"), (Pattern.WEEKLY, "Weekly (≥ 7 days apart)"),
                               (Pattern.TWICE_DAILY, "Twice daily (two sessions ≥ 6 hours apart)")):
            self.pattern.addItem(label, pattern.value)
        self._row(form, "Pa&ttern:", Field.PATTERN, self.pattern)
        self.start = QDateEdit()
        self.start.setCalendarPopup(True)
        self.start.setDisplayFormat("ddd d MMM yyyy")
        self.start_popup = ClinicCalendarPopup()
        self.start.setCalendarWidget(self.start_popup)
        self._row(form, "First &fraction:", Field.START, self.start,
                  "Date of the first fraction; in the calendar, closed days are shaded and named on hover")
        self.time = QTimeEdit()
        self.time.setDisplayFormat("HH:mm")
        self._row(form, "&Time:", Field.TIME, self.time, "Daily treatment time, local to the course's time zone")
        self.duration = QSpinBox()
        self.duration.setRange(0, 240)
        self.duration.setSuffix(" min")
        self._row(form, "Session &length:", Field.DURATION, self.duration, "Room time of one session")
        self.tz = QComboBox()
        self.tz.setEditable(True)
        self.tz.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self._row(form, "Time &zone:", Field.TZ, self.tz, "IANA time zone: appointments keep their wall-clock time across daylight saving")
        outer.addWidget(course)

        clinic = QGroupBox("Clinic calendar")
        form = QFormLayout(clinic)
        holiday_row, row = side_by_side()
        self.country = QComboBox()
        self.country.addItem("No public holidays", "")
        self.subdivision = QComboBox()
        self.subdivision.setToolTip("State, province or region whose holidays also apply")
        row.addWidget(self.country, 2)
        row.addWidget(self.subdivision, 1)
        self._row(form, "&Holidays:", Field.HOLIDAYS, holiday_row, "Public holidays close the clinic; later fractions move on")
        days_row, row = side_by_side()
        self.day_boxes = []
        for index, key in enumerate(WEEKDAY_KEYS):
            box = QCheckBox(key[:2].capitalize())
            box.setToolTip(f"Treat on {WEEKDAY_NAMES[index]}s")
            self.day_boxes.append(box)
            row.addWidget(box)
        self._row(form, "Treatment &days:", Field.DAYS, days_row)
        closures = QWidget()
        column = QVBoxLayout(closures)
        column.setContentsMargins(0, 0, 0, 0)
        self.closures = QListWidget()
        self.closures.setMaximumHeight(80)
        self.closures.setToolTip("The clinic's own closure dates (service days, staff training)")
        add_row = QHBoxLayout()
        self.closure_date = QDateEdit()
        self.closure_date.setCalendarPopup(True)
        self.closure_date.setDisplayFormat("ddd d MMM yyyy")
        self.add_closure = QPushButton("Add")
        self.add_closure.setToolTip("Add this date as a clinic closure")
        self.remove_closure = QPushButton("Remove")
        self.remove_closure.setToolTip("Remove the selected closure")
        add_row.addWidget(self.closure_date, 1)
        add_row.addWidget(self.add_closure)
        add_row.addWidget(self.remove_closure)
        column.addWidget(self.closures)
        column.addLayout(add_row)
        self._row(form, "&Closures:", Field.CLOSED, closures)
        outer.addWidget(clinic)

        extras = QGroupBox("Visits")
        form = QFormLayout(extras)
        sim_row, row = side_by_side()
        self.has_simulation = QCheckBox()
        self.has_simulation.setToolTip("Include the planning scan (simulation)")
        self.simulation = QDateTimeEdit()
        self.simulation.setCalendarPopup(True)
        self.simulation.setDisplayFormat("ddd d MMM yyyy HH:mm")
        bound_dates(self.start, self.closure_date, self.simulation)
        row.addWidget(self.has_simulation)
        row.addWidget(self.simulation, 1)
        self._row(form, "Planning sca&n:", Field.SIMULATION, sim_row)
        self.review_day = QComboBox()
        self.review_day.addItem("None", -1)
        for index, name in enumerate(WEEKDAY_NAMES):
            self.review_day.addItem(name, index)
        self._row(form, "&Weekly review:", Field.REVIEW_DAY, self.review_day, "On-treatment review with the doctor, right after that day's session")
        self.follow_up = QSpinBox()
        self.follow_up.setRange(0, 104)
        self.follow_up.setSpecialValueText("None")
        self.follow_up.setSuffix(" weeks after")
        self._row(form, "F&ollow-up:", Field.FOLLOW_UP_WEEKS, self.follow_up, "First follow-up visit, weeks after the last fraction")
        self.location = QLineEdit()
        self.location.setPlaceholderText("Department, building, level")
        self._row(form, "L&ocation:", Field.LOCATION, self.location)
        self.discreet = QCheckBox("Discreet calendar and print")
        self.discreet.setToolTip("Name no diagnosis, site or treatment: for phones whose lock screen shows calendar entries")
        self._row(form, "", Field.DISCREET, self.discreet)
        outer.addWidget(extras)
        self.adjustments_note = QLabel()
        self.adjustments_note.setWordWrap(True)
        outer.addWidget(self.adjustments_note)
        outer.addStretch(1)

    def _connect(self) -> None:
        self.patient_name.textEdited.connect(lambda: self._changed("patient"))
        self.patient_id.textEdited.connect(lambda: self._changed("patient-id"))
        self.site.currentIndexChanged.connect(self._site_changed)
        self.preset.currentIndexChanged.connect(self._preset_changed)
        self.count.valueChanged.connect(lambda: self._changed("fractions"))
        self.count_unit.currentIndexChanged.connect(lambda: self._changed("fractions"))
        self.pattern.currentIndexChanged.connect(lambda: self._changed("pattern"))
        self.start.dateChanged.connect(lambda: self._changed("start"))
        self.time.timeChanged.connect(lambda: self._changed("time"))
        self.duration.valueChanged.connect(lambda: self._changed("duration"))
        self.tz.currentTextChanged.connect(lambda: self._changed("tz"))
        self.country.currentIndexChanged.connect(self._country_changed)
        self.subdivision.currentIndexChanged.connect(lambda: self._changed("holidays"))
        for box in self.day_boxes:
            box.toggled.connect(lambda: self._changed("days"))
        self.add_closure.clicked.connect(self._add_closure)
        self.remove_closure.clicked.connect(self._remove_closure)
        self.has_simulation.toggled.connect(lambda on: (self.simulation.setEnabled(on), self._changed("simulation")))
        self.simulation.dateTimeChanged.connect(lambda: self._changed("simulation"))
        self.review_day.currentIndexChanged.connect(lambda: self._changed("review-day"))
        self.follow_up.valueChanged.connect(lambda: self._changed("follow-up-weeks"))
        self.location.textEdited.connect(lambda: self._changed("location"))
        self.discreet.toggled.connect(lambda: self._changed("discreet"))

    def fill_lists(self) -> None:
        """The long lists (time zones, holiday countries): filled once the window is on screen,
        so that start-up does not wait for them."""
        if self.country.count() > 2:
            return
        chosen_zone, chosen_country = self.tz.currentText(), self.country.currentData()
        self._loading = True
        try:
            zones = sorted(zoneinfo.available_timezones())
            self.tz.clear()
            self.tz.addItems(zones)
            self.tz.setCurrentText(chosen_zone)
            completer = QCompleter(zones, self.tz)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            self.tz.setCompleter(completer)
            self.country.clear()
            self.country.addItem("No public holidays", "")
            for code, name in holiday_countries():
                self.country.addItem(f"{name} ({code})", code)
            self.country.setCurrentIndex(max(self.country.findData(chosen_country or ""), 0))
        finally:
            self._loading = False

    def _show_country(self, country: str) -> None:
        index = self.country.findData(country)
        if index < 0 and country:
            self.country.addItem(country, country)  # until fill_lists() names it
            index = self.country.findData(country)
        self.country.setCurrentIndex(max(index, 0))

    def set_catalogue(self, catalogue: Catalogue) -> None:
        """Another catalogue: its sites replace the list; the course shown stays."""
        self.catalogue = catalogue
        self._loading = True
        try:
            self.site.clear()
            for site in catalogue.sites:
                self.site.addItem(site.name, site.id)
        finally:
            self._loading = False
        if self._spec is not None:
            self.set_spec(self._spec)

    # ------------------------------------------------------------------ reactions
    def _changed(self, field: str) -> None:
        if not self._loading:
            self.edited.emit(field)

    def _site_changed(self) -> None:
        if self._loading:
            return
        self._fill_presets(self.site.currentData(), None)
        self._changed("site")

    def _preset_changed(self) -> None:
        if self._loading:
            return
        site = self.catalogue.site(self.site.currentData() or "")
        preset = site.preset(self.preset.currentData()) if site and self.preset.currentData() else None
        if preset is not None and site is not None:
            self._loading = True
            try:
                self.count_unit.setCurrentIndex(0)
                self.count.setValue(preset.fractions)
                self.pattern.setCurrentIndex(self.pattern.findData(preset.pattern.value))
                self.duration.setValue(preset.session_minutes or site.session_minutes)
            finally:
                self._loading = False
        self._changed("preset")

    def _country_changed(self) -> None:
        self._fill_subdivisions(self.country.currentData() or "", None)
        self._changed("holidays")

    def _add_closure(self) -> None:
        day = pydate(self.closure_date.date())
        if any(self.closures.item(i).data(Qt.ItemDataRole.UserRole) == day.isoformat() for i in range(self.closures.count())):
            self.errors[Field.CLOSED].show_message(f"{day.isoformat()} is already a closure")
            return
        self._add_closure_item(day, "")
        self._changed("closed")

    def _remove_closure(self) -> None:
        for item in self.closures.selectedItems():
            self.closures.takeItem(self.closures.row(item))
        self._changed("closed")

    def _add_closure_item(self, day: date, note: str) -> None:
        item = QListWidgetItem(f"{day:%a %d %b %Y}" + (f"  ({note})" if note else ""))
        item.setData(Qt.ItemDataRole.UserRole, day.isoformat())
        item.setData(Qt.ItemDataRole.UserRole + 1, note)
        self.closures.addItem(item)
        self.closures.sortItems()

    def _fill_presets(self, site_id: str | None, chosen: str | None) -> None:
        site = self.catalogue.site(site_id or "")
        self.preset.blockSignals(True)
        try:
            self.preset.clear()
            self.preset.addItem("Custom", None)
            for preset in site.presets if site else ():
                self.preset.addItem(preset.name, preset.id)
            index = self.preset.findData(chosen) if chosen else 0
            self.preset.setCurrentIndex(max(index, 0))
        finally:
            self.preset.blockSignals(False)

    def _fill_subdivisions(self, country: str, chosen: str | None) -> None:
        self.subdivision.blockSignals(True)
        try:
            self.subdivision.clear()
            self.subdivision.addItem("Whole country", "")
            for code in holiday_subdivisions(country) if country else ():
                self.subdivision.addItem(code, code)
            self.subdivision.setCurrentIndex(max(self.subdivision.findData(chosen or ""), 0))
            self.subdivision.setEnabled(self.subdivision.count() > 1)
        finally:
            self.subdivision.blockSignals(False)

    # ------------------------------------------------------------------ spec <-> widgets
    def set_spec(self, spec: CourseSpec) -> None:
        """Show `spec` without reporting edits."""
        self._loading = True
        try:
            self._spec = spec
            self.patient_name.setText(spec.patient_name)
            self.patient_id.setText(spec.patient_id)
            site_index = self.site.findData(spec.site)
            self.site.setCurrentIndex(max(site_index, 0))
            self._fill_presets(self.site.currentData(), spec.preset)
            site = self.catalogue.site(self.site.currentData() or "")
            preset = site.preset(spec.preset) if site and spec.preset else None
            if spec.weeks is not None:
                self.count_unit.setCurrentIndex(1)
                self.count.setValue(spec.weeks)
            else:
                self.count_unit.setCurrentIndex(0)
                self.count.setValue(spec.fractions if spec.fractions is not None else (preset.fractions if preset else 0))
            pattern = spec.pattern or (preset.pattern if preset else Pattern.DAILY)
            self.pattern.setCurrentIndex(self.pattern.findData(pattern.value))
            start = spec.start or date.today()
            self.start.setDate(qdate(start))
            self.time.setTime(QTime(spec.time.hour, spec.time.minute))
            duration = spec.duration or (preset.session_minutes if preset and preset.session_minutes else (site.session_minutes if site else 20))
            self.duration.setValue(duration)
            self.tz.setCurrentText(spec.tz)
            country, _, subdivision = (spec.holidays or "").partition("-")
            self._show_country(country.upper())
            self._fill_subdivisions(country.upper(), subdivision or None)
            for index, box in enumerate(self.day_boxes):
                box.setChecked(index in spec.days)
            self.closures.clear()
            for day, note in spec.closed:
                self._add_closure_item(day, note)
            self.closure_date.setDate(qdate(start))
            self.has_simulation.setChecked(spec.simulation is not None)
            self.simulation.setEnabled(spec.simulation is not None)
            sim = spec.simulation or datetime.combine(start - timedelta(days=7), time(10, 0))
            self.simulation.setDateTime(QDateTime(qdate(sim.date()), QTime(sim.hour, sim.minute)))
            self.review_day.setCurrentIndex(self.review_day.findData(-1 if spec.review_day is None else spec.review_day))
            self.follow_up.setValue(spec.follow_up_weeks or 0)
            self.location.setText(spec.location)
            self.discreet.setChecked(spec.discreet)
            self._show_adjustments(spec)
            self.update_calendar_marks()
        finally:
            self._loading = False

    def _show_adjustments(self, spec: CourseSpec) -> None:
        parts = []
        if spec.adjustments.moves:
            parts.append(f"{len(spec.adjustments.moves)} moved appointment(s)")
        if spec.adjustments.missed:
            parts.append(f"{len(spec.adjustments.missed)} missed session(s)")
        self.adjustments_note.setText("Adjustments kept with this course: " + ", ".join(parts) if parts else "")

    def update_calendar_marks(self) -> None:
        try:
            region = HolidayRegion.parse(Field.HOLIDAYS, self.holiday_code()) if self.holiday_code() else None
            clinic = ClinicCalendar(treatment_days=self.weekdays() or frozenset(range(5)), holiday_region=region,
                                    closures=dict(self.closure_dates()))
        except InputError:
            return
        self.start_popup.set_clinic(clinic)

    def holiday_code(self) -> str:
        country = self.country.currentData() or ""
        subdivision = self.subdivision.currentData() or ""
        return f"{country}-{subdivision}" if country and subdivision else country

    def weekdays(self) -> frozenset[int]:
        return frozenset(i for i, box in enumerate(self.day_boxes) if box.isChecked())

    def closure_dates(self) -> tuple[tuple[date, str], ...]:
        items = [self.closures.item(i) for i in range(self.closures.count())]
        return tuple((date.fromisoformat(item.data(Qt.ItemDataRole.UserRole)), item.data(Qt.ItemDataRole.UserRole + 1) or "")
                     for item in items)

    def spec(self) -> CourseSpec:
        """The course as the form shows it; the course identity and adjustments are kept."""
        base = self._spec or CourseSpec()
        weeks_mode = self.count_unit.currentData() == "weeks"
        simulation = None
        if self.has_simulation.isChecked():
            value = self.simulation.dateTime()
            simulation = datetime.combine(pydate(value.date()), time(value.time().hour(), value.time().minute()))
        review = self.review_day.currentData()
        qt_time = self.time.time()
        return base.updated(
            patient_name=self.patient_name.text().strip(),
            patient_id=self.patient_id.text().strip(),
            site=self.site.currentData() or "",
            preset=self.preset.currentData(),
            fractions=None if weeks_mode else self.count.value(),
            weeks=self.count.value() if weeks_mode else None,
            pattern=Pattern(self.pattern.currentData()),
            start=pydate(self.start.date()),
            time=time(qt_time.hour(), qt_time.minute()),
            duration=self.duration.value(),
            tz=self.tz.currentText().strip(),
            holidays=self.holiday_code() or None,
            closed=self.closure_dates(),
            days=self.weekdays(),
            simulation=simulation,
            review_day=None if review is None or review < 0 else int(review),
            follow_up_weeks=self.follow_up.value() or None,
            location=self.location.text().strip(),
            discreet=self.discreet.isChecked(),
        )

    # ------------------------------------------------------------------ errors
    def show_error(self, error: InputError | None) -> None:
        for label in {*self.errors.values(), self.general_error}:
            label.show_message("")
        for widget in self.field_widgets.values():
            widget.setProperty("invalid", False)
            widget.setStyleSheet("")
        if error is None:
            return
        field = error.field
        if field not in self.errors:
            self.general_error.show_message(f"{field}: {error.reason}")
            return
        self.errors[field].show_message(error.reason)
        self.field_widgets[field].setStyleSheet("QLineEdit, QComboBox, QSpinBox, QDateEdit, QTimeEdit, QDateTimeEdit "
                                                "{ border: 1px solid #b00020; }")
