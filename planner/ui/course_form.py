"""The course form: every choice the coordinator makes, with its error shown beside it.

The form only turns widget values into a CourseSpec and back; the core checks them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta

from PySide6.QtCore import QDate, QEvent, QObject, QPoint, QRect, Qt, QTime, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QPalette, QTextCharFormat
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QCalendarWidget,
    QCheckBox,
    QComboBox,
    QCompleter,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ..core.catalogue import Catalogue
from ..core.clinic import WEEKDAY_KEYS, WEEKDAY_NAMES, ClinicCalendar, HolidayRegion, HolidaySource, holiday_countries
from ..core.department_closures import DepartmentClosures
from ..core.errors import Field, InputError
from ..core.kinds import Pattern
from ..core.limits import FAR_DAYS
from ..core.spec import CourseSpec, PhaseSpec
from ..core.zones import listed_zones
from .adjustments import AdjustmentsPanel
from .colours import closed_fill, tone
from .date_field import DateField, TimeField
from .date_limits import bound_dates
from .flow_row import FlowRow
from .formats import day_text
from .holiday_chooser import fill_subdivisions
from .named_combo import NamedCombo
from .pick_lists import SpaceOpensNothing, calm_pick_lists
from .scroll_focus import keep_whole
from .type_ahead import TypeAheadCombo
from .weekday_marks import mark_treatment_weekdays
from .wheel_guard import WheelOnlyWhenFocused, guard_wheel


def qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def pydate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


# The number fields take any three digits, so that a number out of range reaches the planner and is explained under
# its field ("a daily course has 1 to 40 fractions (got 400)"): a field's own maximum refused the last digit
# unseen, and '400' fractions became 40, '300' minutes 30.
TYPED_NUMBER_MAX = 999
DEPARTMENT_LINES = 3  # the department's closures named under a course's own closures; more are counted


class ClinicCalendarPopup(QCalendarWidget):
    """A calendar in which days the clinic does not treat are greyed, and holidays and closures
    are shaded and named on hover."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setGridVisible(True)
        self.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        self.clinic = ClinicCalendar()
        mark_treatment_weekdays(self, self.clinic.treatment_days)  # not Qt's red Saturday and Sunday
        self.currentPageChanged.connect(lambda year, month: self.mark_month(year, month))

    def set_clinic(self, clinic: ClinicCalendar) -> None:
        self.clinic = clinic
        self.mark_month(self.yearShown(), self.monthShown())

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self.mark_month(self.yearShown(), self.monthShown())  # the tones are chosen for the palette

    def mark_month(self, year: int, month: int) -> None:
        mark_treatment_weekdays(self, self.clinic.treatment_days)
        self.setDateTextFormat(QDate(), QTextCharFormat())  # clear every format
        first = date(year, month, 1)
        for offset in range(-7, 45):
            day = date.fromordinal(first.toordinal() + offset)
            fmt = QTextCharFormat()
            reason = self.clinic.closure_reason(day)
            palette = self.palette()
            if reason:
                fmt.setBackground(closed_fill(palette))
                fmt.setForeground(tone("closed", palette, QPalette.ColorRole.Base))
                fmt.setFontStrikeOut(True)
                fmt.setToolTip(f"Closed: {reason}")
            elif day.weekday() not in self.clinic.treatment_days:
                fmt.setForeground(tone("muted", palette, QPalette.ColorRole.Base))
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


def wrapping_form(box: QWidget) -> QFormLayout:
    """A group's form whose wide rows put the field under its label when the form is narrow (a small
    screen beside the Patients dock), so it never needs to scroll sideways."""
    form = QFormLayout(box)
    form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
    return form


class FieldError(QLabel):
    """The red line under a field that names what is wrong with it."""

    def __init__(self, kind: str = "error") -> None:
        super().__init__()
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)  # a message quotes what was typed or read: never taken as markup
        self.kind = kind
        self._recolour()
        self.hide()

    def _recolour(self) -> None:
        # A palette, not a style sheet: twenty of those slow the start-up. The colour is checked
        # for contrast against the window's own background, so a dark palette keeps it readable.
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.WindowText, tone(self.kind, QApplication.palette()))
        self.setPalette(palette)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        super().changeEvent(event)
        if event.type() == QEvent.Type.ApplicationPaletteChange:
            self._recolour()

    def show_message(self, message: str) -> None:
        self.setText(message)
        self.setVisible(bool(message))


NAME_TIP = ("The patient's name as written. Where a day view has no room for it whole, its family name stays whole "
            "only if the name says which it is: written 'Family, Given' (Smith, Jane) or in capitals (Jane SMITH, "
            "NGUYỄN Thị Minh Khai); otherwise its first and last words stay whole.")


def labelled_row(form: QFormLayout, label: str, widget: QWidget, editor: QWidget | None = None, tip: str = "") -> FieldError:
    """A field and the line under it that says what is wrong with it, as one row of `form`; the label's Alt
    letter reaches `editor` (the field itself when it is a row of several). Returns the line."""
    holder = QWidget()
    column = QVBoxLayout(holder)
    column.setContentsMargins(0, 0, 0, 0)
    column.addWidget(widget)
    error = FieldError()
    column.addWidget(error)
    if tip:
        widget.setToolTip(tip)
    caption = QLabel(label)
    caption.setBuddy(editor or widget)
    form.addRow(caption, holder)
    return error


class KeyAction(QObject):
    """An event filter: the Delete key calls `action` (removes the selected closure); with `keys`,
    those keys instead (Enter in a new closure's date or note adds it, as Add does)."""

    def __init__(self, action: object, parent: QObject | None = None, keys: tuple[Qt.Key, ...] = (Qt.Key.Key_Delete,)) -> None:
        super().__init__(parent)
        self.action = action
        self.keys = keys

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        # Taken here, the key goes no further: Enter does not also press a dialog's default button.
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) and event.key() in self.keys \
                and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            self.action()  # type: ignore[operator]
            return True
        return False


class CourseForm(QWidget):
    """Emits `edited(field)` whenever the user changes a value; `spec()` reads the form."""

    edited = Signal(str)

    def __init__(self, catalogue: Catalogue, holidays: HolidaySource, parent: QWidget | None = None) -> None:
        """`holidays`: where the country and region lists and the shaded public holidays come from."""
        super().__init__(parent)
        self.catalogue = catalogue
        self.holidays = holidays
        self._loading = False
        self._course_id = ""
        self._spec: CourseSpec | None = None
        self.errors: dict[Field | str, FieldError] = {}  # a Field, or one phase's row (phase-2)
        self.field_widgets: dict[Field | str, QWidget] = {}
        self.field_words: dict[str, str] = {}  # field -> the words of its label, for messages and undo
        self._typed_problems: dict[str, str] = {}  # a date field holding text that is not a date
        self._shown_error_field = ""
        self.today: Callable[[], date] = date.today  # the day the first fraction's note compares with (a picture's fixed day)
        self._simulation_touched = False  # until then the planning scan follows the first fraction
        self._marked_for: object = None  # the clinic calendar the date popups were last shaded for
        # A stored course keeping its own calendar: the department's closures, which close it too; the list holds the
        # course's own, a line under it names the department's (read-only), and `spec` plans with both.
        self.department_closures: DepartmentClosures | None = None
        self._delete_key = KeyAction(self._remove_closure, self)
        self._enter_key = KeyAction(self._add_closure, self, (Qt.Key.Key_Return, Qt.Key.Key_Enter))
        self._build()
        for combo in self.findChildren(QComboBox):
            # Long entries (time zones, country names) must not widen the whole form.
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(8)
        self._wheel_guard = WheelOnlyWhenFocused(self)
        guard_wheel(self, self._wheel_guard)  # the wheel scrolls the form, not the number or list under the pointer
        self._space = SpaceOpensNothing(self)
        calm_pick_lists(self, self._space)  # lists open on F4, Alt+Down or a click, not on Space; names read whole
        self._connect()

    # ------------------------------------------------------------------ building
    def _row(self, form: QFormLayout, label: str, field: Field | str, widget: QWidget, tip: str = "",
             editor: QWidget | None = None) -> None:
        """One labelled field; the label's Alt+letter takes focus to `editor` (the field's first
        input when `widget` is a row of several)."""
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(1)
        column.addWidget(widget)
        error = FieldError()
        column.addWidget(error)
        keep_whole(holder)  # a field of several (the closures' list, date, note, Add) shows them all when focused
        if tip:
            widget.setToolTip(tip)
        self.errors[field] = error
        self.field_widgets[field] = widget
        self.field_words[field] = label.replace("&", "").rstrip(":")
        if label:
            caption = QLabel(label)
            caption.setBuddy(editor or widget)
            form.addRow(caption, holder)
        else:
            form.addRow("", holder)

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(4, 4, 4, 4)
        self.general_error = FieldError()
        outer.addWidget(self.general_error)

        patient = QGroupBox("Patient")
        form = wrapping_form(patient)
        self.patient_name = QLineEdit()
        self.patient_name.setPlaceholderText("Full name")
        self._row(form, "&Name:", Field.PATIENT, self.patient_name, NAME_TIP)
        self.font_note = FieldError("warning")
        form.addRow("", self.font_note)
        self.patient_id = QLineEdit()
        self.patient_id.setPlaceholderText("Hospital number (ID)")
        self._row(form, "Hospital num&ber:", Field.PATIENT_ID, self.patient_id)
        outer.addWidget(patient)

        course = QGroupBox("Course")
        form = wrapping_form(course)
        self.site = QComboBox()
        for site in self.catalogue.sites:
            self.site.addItem(site.name, site.id)
        self._row(form, "&Site:", Field.SITE, self.site, "Treatment site from the clinic's catalogue")
        # Its name ends in "…" in a narrow form; its tooltip and open list give it whole.
        self.preset = NamedCombo("A regimen preset fills fractions, pattern and session length; 'Custom' once they differ from it")
        self._row(form, "P&reset:", Field.PRESET, self.preset)
        count_row, row = side_by_side()
        self.count = QSpinBox()
        self.count.setRange(0, TYPED_NUMBER_MAX)
        self.count_unit = QComboBox()
        self.count_unit.addItem("fractions", "fractions")
        self.count_unit.addItem("weeks", "weeks")
        self.count_unit.setToolTip("Give a daily course as a number of fractions, or as weeks of treatment days")
        row.addWidget(self.count, 1)
        row.addWidget(self.count_unit)
        self._row(form, "Fr&actions:", Field.FRACTIONS, count_row, editor=self.count)
        self.field_widgets[Field.WEEKS] = count_row
        self.errors[Field.WEEKS] = self.errors[Field.FRACTIONS]
        self.field_words["weeks"] = self.field_words["fractions"]
        self.pattern = QComboBox()
        _fill_patterns(self.pattern)
        self._row(form, "Fre&quency:", Field.PATTERN, self.pattern)
        self.start = DateField()
        self.start_popup = ClinicCalendarPopup()
        self.start.setCalendarWidget(self.start_popup)
        self._row(form, "First fra&ction:", Field.START, self.start,
                  "Date of the first fraction: type it (7 Dec 2026) or press Alt+Down for the calendar, "
                  "where closed days are shaded and named on hover")
        self.start_note = FieldError("warning")
        form.addRow("", self.start_note)
        self.time = TimeField()
        self._row(form, "&Time:", Field.TIME, self.time, "Daily treatment time, local to the course's time zone")
        self.second_time = TimeField()
        self._row(form, "Second session:", Field.SECOND_TIME, self.second_time,
                  "Twice daily: the time of the day's second session, at least 6 hours after the first")
        self.duration = QSpinBox()
        self.duration.setRange(0, TYPED_NUMBER_MAX)
        self.duration.setSuffix(" min")
        self._row(form, "Session len&gth:", Field.DURATION, self.duration, "Room time of one session")
        self.tz = QComboBox()
        self.tz.setEditable(True)
        self.tz.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self._row(form, "Time &zone:", Field.TZ, self.tz,
                  "IANA time zone: appointments keep their wall-clock time across daylight saving. "
                  "Checked when you leave the field or press Enter.")
        outer.addWidget(course)

        phases = QGroupBox("Later phases (e.g. a boost)")
        form = wrapping_form(phases)
        self.phase_rows: list[tuple[QSpinBox, QComboBox, QSpinBox]] = []
        for number in (2, 3):
            row_widget = QWidget()
            flow = FlowRow(row_widget)  # the three on one line where they fit, else wrapped: no sideways scroll at 1024 px
            flow.least_line = self.fontMetrics().averageCharWidth() * NamedCombo.LEAST_WHOLE  # under the label first
            count = QSpinBox()
            count.setRange(0, TYPED_NUMBER_MAX)
            count.setSpecialValueText("None")
            count.setSuffix(" fractions")
            pattern = QComboBox()
            _fill_patterns(pattern, short=True)
            length = QSpinBox()
            length.setRange(0, TYPED_NUMBER_MAX)
            length.setSpecialValueText("Same length")
            length.setSuffix(" min")
            flow.add_stretched(count, 2)
            flow.add_stretched(pattern, 3)
            flow.add_stretched(length, 2)
            self.phase_rows.append((count, pattern, length))
            self._row(form, f"Phase &{number}:", f"phase-{number}", row_widget,
                      f"Phase {number}: its fractions, pattern and session length; it starts on the first open day "
                      "after the previous phase (plus the gap)", editor=count)
        self.errors[Field.PHASE] = self.errors["phase-2"]
        self.field_widgets[Field.PHASE] = self.field_widgets["phase-2"]
        self.field_words["phase"] = "Phases"
        self.phase_gap = QSpinBox()
        self.phase_gap.setRange(0, TYPED_NUMBER_MAX)
        self.phase_gap.setSuffix(" days")
        self._row(form, "Gap between phases:", Field.PHASE_GAP, self.phase_gap, "Days left free before each later phase")
        outer.addWidget(phases)

        clinic = QGroupBox("Clinic calendar")
        form = wrapping_form(clinic)
        holiday_row, row = side_by_side()
        self.country = TypeAheadCombo()  # filling a country's regions may outlast the pause between letters typed
        self.country.addItem("No public holidays", "")
        self.subdivision = QComboBox()
        self.subdivision.setToolTip("State, province or region whose holidays also apply")
        row.addWidget(self.country, 2)
        row.addWidget(self.subdivision, 1)
        # under its label where the form is narrow (its width then the form's): 'United Kingdom (GB)' whole, not 'United Kingdo'
        holiday_row.setMinimumWidth(self.fontMetrics().averageCharWidth() * (NamedCombo.LEAST_WHOLE + 6))
        self._row(form, "Hol&idays:", Field.HOLIDAYS, holiday_row, "Public holidays close the clinic; later fractions move on",
                  editor=self.country)
        days_row = QWidget()
        days = FlowRow(days_row)  # the week on one line where it fits, else on two (a narrow form at 1024 px)
        days.least_line = self.fontMetrics().averageCharWidth() * NamedCombo.LEAST_WHOLE  # under the label first
        self.day_boxes = []
        for index, key in enumerate(WEEKDAY_KEYS):
            box = QCheckBox(key[:2].capitalize())
            box.setToolTip(f"Treat on {WEEKDAY_NAMES[index]}s")
            self.day_boxes.append(box)
            days.addWidget(box)
        self._row(form, "Treatment da&ys:", Field.DAYS, days_row, editor=self.day_boxes[0])
        closures = QWidget()
        column = QVBoxLayout(closures)
        column.setContentsMargins(0, 0, 0, 0)
        self.closures = QListWidget()
        # A long closure line wraps to the list's width (at 1024 px the list is narrow), never cut at its edge;
        # the list is tall enough for such a line and the next.
        self.closures.setMaximumHeight(6 * self.closures.fontMetrics().lineSpacing() + 2 * self.closures.frameWidth())
        self.closures.setWordWrap(True)
        self.closures.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
        self.closures.setResizeMode(QListView.ResizeMode.Adjust)
        self.closures.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.closures.setToolTip("The clinic's own closure dates (service days, staff training); Delete removes the selected one")
        self.closures.installEventFilter(self._delete_key)
        add_row = QHBoxLayout()
        self.closure_date = DateField()
        self.closure_popup = ClinicCalendarPopup()
        self.closure_date.setCalendarWidget(self.closure_popup)
        self.closure_note = QLineEdit()
        self.closure_note.setPlaceholderText("Note, e.g. Linac service")
        self.closure_note.setToolTip("Optional: why the clinic is closed; shown wherever the closure is")
        self.closure_note.setAccessibleName("Closure note")
        self.closure_note.setAccessibleDescription("Optional: why the clinic is closed, e.g. Linac service")
        for field in (self.closure_date, self.closure_note):
            field.installEventFilter(self._enter_key)  # Enter adds the closure, as Add does
        self.add_closure = QPushButton("Add")
        self.add_closure.setToolTip("Add this date as a clinic closure (or press Enter in its date or note)")
        self.remove_closure = QPushButton("Remove")
        self.remove_closure.setToolTip("Remove the selected closure (or press Delete in the list)")
        self.remove_closure.setEnabled(False)  # until a closure is selected
        list_row = QHBoxLayout()
        buttons = QVBoxLayout()
        buttons.addWidget(self.add_closure)
        buttons.addWidget(self.remove_closure)
        buttons.addStretch(1)
        list_row.addWidget(self.closures, 1)
        list_row.addLayout(buttons)
        add_row.addWidget(self.closure_date)
        add_row.addStretch(1)
        # The department's closures that close a course keeping its own calendar: named, not listed as the course's.
        self.department_closed = QLabel()
        self.department_closed.setWordWrap(True)
        self.department_closed.setTextFormat(Qt.TextFormat.PlainText)  # a closure's note is typed text, never markup
        self.department_closed.setToolTip("The department is closed on these days, so this course is too. They are the "
                                          "department's, not the course's: Department → Department settings changes them")
        self.department_closed.hide()
        column.addLayout(list_row)
        column.addWidget(self.department_closed)
        column.addLayout(add_row)
        column.addWidget(self.closure_note)  # a line of its own: its hint whole in the narrowest form
        self._row(form, "Cl&osures:", Field.CLOSED, closures, editor=self.closures)  # O: Alt+U is the urgent start's
        # Tab follows the work: the list, then the date and note of a new closure, then Add and Remove.
        for before, after in ((self.closures, self.closure_date), (self.closure_date, self.closure_note),
                              (self.closure_note, self.add_closure), (self.add_closure, self.remove_closure)):
            QWidget.setTabOrder(before, after)
        outer.addWidget(clinic)

        extras = QGroupBox("Visits")
        form = wrapping_form(extras)
        sim_row, row = side_by_side()
        self.has_simulation = QCheckBox()
        self.has_simulation.setToolTip("Include the planning scan (simulation)")
        self.simulation = DateField()
        self.simulation_popup = ClinicCalendarPopup()
        self.simulation.setCalendarWidget(self.simulation_popup)
        self.simulation.setToolTip("Date of the planning scan; until you change it, one week before the first fraction")
        self.simulation_time = TimeField()
        self.simulation_time.setToolTip("Time of the planning scan")
        bound_dates(self.start, self.closure_date, self.simulation)
        row.addWidget(self.has_simulation)
        row.addWidget(self.simulation, 1)
        row.addWidget(self.simulation_time)
        self._row(form, "&Planning scan:", Field.SIMULATION, sim_row, editor=self.has_simulation)
        self.review_day = QComboBox()
        self.review_day.addItem("None", -1)
        for index, name in enumerate(WEEKDAY_NAMES):
            self.review_day.addItem(name, index)
        self._row(form, "Wee&kly review:", Field.REVIEW_DAY, self.review_day, "On-treatment review with the doctor, right after that day's session")
        self.follow_up = QSpinBox()
        self.follow_up.setRange(0, TYPED_NUMBER_MAX)
        self.follow_up.setSpecialValueText("None")
        self.follow_up.setSuffix(" weeks after")
        # No Alt letter: V is the View menu's (Alt+V, as in every program), and every other letter of "Follow-up
        # visit" is another field's, a menu's or a tab's; Tab from the weekly review (Alt+K) reaches it.
        self._row(form, "Follow-up visit:", Field.FOLLOW_UP_WEEKS, self.follow_up, "First follow-up visit, weeks after the last fraction")
        self.location = QLineEdit()
        self.location.setPlaceholderText("Department, building, level")
        # No Alt letter: every letter of "Location" is another field's, a menu's or a tab's; Tab from the
        # weekly review (Alt+K) reaches it past the follow-up visit. Its O went to Closures, whose U is the urgent start's.
        self._row(form, "Location:", Field.LOCATION, self.location)
        self.location.setAccessibleName("Location")
        self.discreet = QCheckBox("Discreet e&xport and print")  # X: the one letter its words had free
        self.discreet.setToolTip("Name no diagnosis, site or treatment: for phones whose lock screen shows calendar entries")
        self._row(form, "", Field.DISCREET, self.discreet)
        self.field_words["discreet"] = "discreet export and print"
        self.urgent = QCheckBox("&Urgent start (palliative)")
        self.urgent.setToolTip("Booking starts it within the department's urgent limit (Department settings → Booking), "
                               "and the waiting list shows it due then")
        self._row(form, "", Field.URGENT, self.urgent)
        self.field_words["urgent"] = "urgent start"
        outer.addWidget(extras)
        changes = QGroupBox("Adjustments")
        column = QVBoxLayout(changes)
        self.adjustments = AdjustmentsPanel()
        column.addWidget(self.adjustments)
        # a reason an older version stored with markup (the course opened for repair): said here, under its list
        self.errors[Field.REASON] = FieldError()
        column.addWidget(self.errors[Field.REASON])
        self.field_widgets[Field.REASON] = self.adjustments  # scrolled to with its group (the list and this line)
        self.field_words[Field.REASON] = "Adjustments"
        outer.addWidget(changes)
        outer.addStretch(1)

    def _connect(self) -> None:
        self.patient_name.textEdited.connect(lambda: self._changed("patient"))
        self.patient_name.textChanged.connect(self._check_fonts)
        self.patient_id.textEdited.connect(lambda: self._changed("patient-id"))
        self.site.currentIndexChanged.connect(self._site_changed)
        self.preset.currentIndexChanged.connect(self._preset_changed)
        self.count.valueChanged.connect(lambda: self._regimen_changed("fractions"))
        self.count_unit.currentIndexChanged.connect(lambda: self._regimen_changed("fractions"))
        self.pattern.currentIndexChanged.connect(lambda: (self._show_twice_daily(), self._regimen_changed("pattern")))
        self.start.dateChanged.connect(self._start_changed)
        self.time.timeChanged.connect(lambda: self._changed("time"))
        self.second_time.timeChanged.connect(lambda: self._changed("second-time"))
        for number, (count, pattern, length) in enumerate(self.phase_rows, start=2):
            count.valueChanged.connect(lambda _v, n=number: self._phases_changed(f"phase-{n}"))
            pattern.currentIndexChanged.connect(lambda _i, n=number: self._phases_changed(f"phase-{n}"))
            length.valueChanged.connect(lambda _v, n=number: self._phases_changed(f"phase-{n}"))
        self.phase_gap.valueChanged.connect(lambda: self._changed("phase-gap"))
        self.duration.valueChanged.connect(lambda: self._regimen_changed("duration"))
        # The zone is checked once it is complete (Enter, leaving the field, a pick from the list),
        # not at every keystroke of "Europe/Lo…".
        self.tz.activated.connect(lambda: self._changed("tz"))
        line = self.tz.lineEdit()
        assert line is not None
        line.editingFinished.connect(lambda: self._changed("tz"))
        self.country.currentIndexChanged.connect(self._country_changed)
        self.subdivision.currentIndexChanged.connect(lambda: self._changed("holidays"))
        for box in self.day_boxes:
            box.toggled.connect(lambda: self._changed("days"))
        self.add_closure.clicked.connect(self._add_closure)
        self.remove_closure.clicked.connect(self._remove_closure)
        self.closures.itemSelectionChanged.connect(self._closure_selection_changed)
        closure_model = self.closures.model()
        closure_model.rowsRemoved.connect(self._closure_selection_changed)
        closure_model.modelReset.connect(self._closure_selection_changed)
        self.has_simulation.toggled.connect(self._simulation_toggled)
        self.simulation.dateChanged.connect(self._simulation_edited)
        self.simulation_time.timeChanged.connect(self._simulation_edited)
        self.review_day.currentIndexChanged.connect(lambda: self._changed("review-day"))
        self.follow_up.valueChanged.connect(lambda: self._changed("follow-up-weeks"))
        self.location.textEdited.connect(lambda: self._changed("location"))
        self.discreet.toggled.connect(lambda: self._changed("discreet"))
        self.urgent.toggled.connect(lambda: self._changed("urgent"))
        for field, widget in (("start", self.start), ("closed", self.closure_date), ("simulation", self.simulation)):
            widget.problemChanged.connect(lambda problem, f=field: self._typed_problem(f, problem))

    def fill_lists(self) -> None:
        """The long lists (time zones, holiday countries): filled once the window is on screen,
        so that start-up does not wait for them."""
        if self.country.count() > 2:
            return
        chosen_zone, chosen_country = self.tz.currentText(), self.country.currentData()
        self._loading = True
        try:
            zones = listed_zones()
            self.tz.clear()
            self.tz.addItems(zones)
            self.tz.setCurrentText(chosen_zone)
            completer = QCompleter(zones, self.tz)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            self.tz.setCompleter(completer)
            self.country.clear()
            self.country.addItem("No public holidays", "")
            for code, name in holiday_countries(self.holidays):
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
        """Another site brings its own first preset: a head-and-neck course must not keep a prostate's 20 fractions."""
        if self._loading:
            return
        site = self.catalogue.site(self.site.currentData() or "")
        self._fill_presets(self.site.currentData(), site.presets[0].id if site and site.presets else None)
        self._apply_preset()
        self._changed("site")

    def _preset_changed(self) -> None:
        if self._loading:
            return
        self._apply_preset()
        self._changed("preset")

    def _apply_preset(self) -> None:
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

    def _regimen_changed(self, field: str) -> None:
        """Fractions, pattern or session length edited: a preset they no longer match shows 'Custom'."""
        if self._loading:
            return
        site = self.catalogue.site(self.site.currentData() or "")
        preset = site.preset(self.preset.currentData()) if site and self.preset.currentData() else None
        if preset is not None and site is not None and (
                self.count_unit.currentData() != "fractions" or self.count.value() != preset.fractions
                or self.pattern.currentData() != preset.pattern.value
                or self.duration.value() != (preset.session_minutes or site.session_minutes)):
            self.preset.blockSignals(True)
            self.preset.setCurrentIndex(0)
            self.preset.blockSignals(False)
        self._changed(field)

    def _start_changed(self) -> None:
        if not self._loading:
            self._follow_start()
        self._show_start_note()
        self._changed("start")

    def _follow_start(self) -> None:
        """The planning scan's default (a week before) and the closure date's month follow the first fraction."""
        start = self.start.date()
        self._loading, was = True, self._loading
        try:
            if not self._simulation_touched:
                self.simulation.setDate(start.addDays(-7))
            self.closure_date.setDate(start)
        finally:
            self._loading = was

    def _show_start_note(self) -> None:
        start, today = pydate(self.start.date()), self.today()
        if start < today:
            self.start_note.show_message(f"The first fraction ({day_text(start)}) is in the past: fine for a course that has "
                                         "already started; check the date otherwise.")
        elif (start - today).days > FAR_DAYS:
            self.start_note.show_message(f"The first fraction ({day_text(start)}) is more than six months away: "
                                         "check the year.")
        else:
            self.start_note.show_message("")

    def _simulation_toggled(self, on: bool) -> None:
        self.simulation.setEnabled(on)
        self.simulation_time.setEnabled(on)
        self._changed("simulation")

    def _simulation_edited(self) -> None:
        if not self._loading:
            self._simulation_touched = True
        self._changed("simulation")

    def _typed_problem(self, field: str, problem: str) -> None:
        if problem:
            self._typed_problems[field] = problem
        else:
            self._typed_problems.pop(field, None)
        self.errors[field].show_message(_sentence(problem))

    def _check_fonts(self, text: str) -> None:
        from .fonts import uncovered_characters

        missing = uncovered_characters(text, self.font())
        self.font_note.show_message(
            f"No font on this computer shows {' '.join(missing)}: the name would print as boxes. "
            "Install a font for that script (set-up installs Noto CJK)." if missing else "")

    def _country_changed(self) -> None:
        self._fill_subdivisions(self.country.currentData() or "", None)
        self._changed("holidays")

    def _add_closure(self) -> None:
        """Add the date (typed and not yet confirmed too) with its note; refused with a message, the date
        and note stay as typed."""
        if self.closure_date.commit():
            return  # not a date: the field's message says why
        day = pydate(self.closure_date.date())
        if any(self.closures.item(i).data(Qt.ItemDataRole.UserRole) == day.isoformat() for i in range(self.closures.count())):
            self.errors[Field.CLOSED].show_message(f"{day_text(day)} is already a closure")
            return
        if any(closed == day for closed, _ in self._department_beside()):
            self.errors[Field.CLOSED].show_message(f"The department is closed on {day_text(day)} already")
            return
        self._add_closure_item(day, self.closure_note.text().strip())
        self.closure_note.clear()
        self._changed("closed")

    def _remove_closure(self) -> None:
        selected = self.closures.selectedItems()
        if not selected:
            return
        row = self.closures.row(selected[0])
        for item in selected:
            self.closures.takeItem(self.closures.row(item))
        if self.closures.count():
            self.closures.setCurrentRow(min(row, self.closures.count() - 1))
        self._changed("closed")

    def _closure_selection_changed(self) -> None:
        """Remove is offered only while a closure is selected."""
        self.remove_closure.setEnabled(bool(self.closures.selectedItems()))

    def _add_closure_item(self, day: date, note: str) -> None:
        item = QListWidgetItem(day_text(day) + (f" — {note}" if note else ""))
        item.setData(Qt.ItemDataRole.UserRole, day.isoformat())
        item.setData(Qt.ItemDataRole.UserRole + 1, note)
        later = [i for i in range(self.closures.count()) if self.closures.item(i).data(Qt.ItemDataRole.UserRole) > day.isoformat()]
        self.closures.insertItem(later[0] if later else self.closures.count(), item)

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
        fill_subdivisions(self.holidays, self.subdivision, country, chosen or "")

    # ------------------------------------------------------------------ spec <-> widgets
    def set_spec(self, spec: CourseSpec) -> None:
        """Show `spec` without reporting edits."""
        self._loading = True
        try:
            another = self._spec is None or self._spec.course_id != spec.course_id
            if another:
                self.closure_note.clear()  # another patient's course: a note half typed for the last one is not theirs
            # the closure being written keeps its date while the same course is shown again (its department's closures
            # followed, an edit undone); another course, or another first fraction, brings it to the first fraction's
            start_moved = another or self._spec is None or self._spec.start != spec.start
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
            own = self.department_closures.own_of(spec.closed) if self.department_closures is not None else spec.closed
            for day, note in own:
                self._add_closure_item(day, note)
            if start_moved:
                self.closure_date.setDate(qdate(start))
            self.has_simulation.setChecked(spec.simulation is not None)
            self.simulation.setEnabled(spec.simulation is not None)
            self.simulation_time.setEnabled(spec.simulation is not None)
            sim = spec.simulation or datetime.combine(start - timedelta(days=7), time(10, 0))
            self._simulation_touched = spec.simulation is not None and sim.date() != start - timedelta(days=7)
            self.simulation.setDate(qdate(sim.date()))
            self.simulation_time.setTime(QTime(sim.hour, sim.minute))
            self._show_start_note()
            self.review_day.setCurrentIndex(self.review_day.findData(-1 if spec.review_day is None else spec.review_day))
            self.follow_up.setValue(spec.follow_up_weeks or 0)
            self.location.setText(spec.location)
            if not self.location.hasFocus():  # a long one reads from its start ("Riverside Cancer Centre, ..."), not its end
                self.location.setCursorPosition(0)
            self.discreet.setChecked(spec.discreet)
            self.urgent.setChecked(spec.urgent)
            self.adjustments.show_adjustments(spec.adjustments)
            for index, (count, pattern, length) in enumerate(self.phase_rows):
                phase = spec.phases[index] if index < len(spec.phases) else None
                count.setValue(phase.fractions if phase else 0)
                pattern.setCurrentIndex(max(pattern.findData((phase.pattern if phase else Pattern.DAILY).value), 0))
                length.setValue((phase.duration or 0) if phase else 0)
            self.phase_gap.setValue(spec.phase_gap)
            second = spec.second_time or time(min(23, spec.time.hour + 6), spec.time.minute)
            self.second_time.setTime(QTime(second.hour, second.minute))
            self._show_twice_daily()
            self.update_calendar_marks()
        finally:
            self._loading = False

    def _phases_changed(self, field: str) -> None:
        self._show_twice_daily()
        self._changed(field)

    def _show_twice_daily(self) -> None:
        """The second session's time matters only when some phase is twice daily."""
        twice = Pattern.TWICE_DAILY.value
        wanted = self.pattern.currentData() == twice or any(p.currentData() == twice and c.value() for c, p, _ in self.phase_rows)
        self.second_time.setEnabled(wanted)
        for count, pattern, length in self.phase_rows:
            pattern.setEnabled(count.value() > 0)
            length.setEnabled(count.value() > 0)

    def later_phases(self) -> tuple[PhaseSpec, ...]:
        return tuple(PhaseSpec(count.value(), Pattern(pattern.currentData()), length.value() or None)
                     for count, pattern, length in self.phase_rows if count.value() > 0)

    def update_calendar_marks(self) -> None:
        """The date popups shade this clinic's closed days (the department's closures too); redone only when the
        clinic's calendar changed. The line naming the department's closures follows the first fraction."""
        self._show_department_closed()
        key = (self.holiday_code(), self.weekdays(), self.course_closures())
        if key == self._marked_for:
            return
        self._marked_for = key
        try:
            region = HolidayRegion.parse("holidays", self.holiday_code(), self.holidays) if self.holiday_code() else None
            clinic = ClinicCalendar(treatment_days=self.weekdays() or frozenset(range(5)), holiday_region=region,
                                    closures=dict(self.course_closures()), holidays_from=self.holidays)
        except InputError:
            return
        for popup in (self.start_popup, self.closure_popup, self.simulation_popup):
            popup.set_clinic(clinic)

    def holiday_code(self) -> str:
        country = self.country.currentData() or ""
        subdivision = self.subdivision.currentData() or ""
        return f"{country}-{subdivision}" if country and subdivision else country

    def weekdays(self) -> frozenset[int]:
        return frozenset(i for i, box in enumerate(self.day_boxes) if box.isChecked())

    def closure_dates(self) -> tuple[tuple[date, str], ...]:
        """The closures the list holds: the course's own."""
        items = [self.closures.item(i) for i in range(self.closures.count())]
        return tuple((date.fromisoformat(item.data(Qt.ItemDataRole.UserRole)), item.data(Qt.ItemDataRole.UserRole + 1) or "")
                     for item in items)

    def _department_beside(self) -> tuple[tuple[date, str], ...]:
        """The department's closures that close the course beside its own (none for a course on the department's
        calendar, whose list holds the department's closures as its calendar's)."""
        closures = self.department_closures
        return closures.beside(self.closure_dates()) if closures is not None else ()

    def course_closures(self) -> tuple[tuple[date, str], ...]:
        """The closures the course is planned with: its own, and the department's beside them."""
        closures = self.department_closures
        return closures.joined(self.closure_dates()) if closures is not None else self.closure_dates()

    def _show_department_closed(self) -> None:
        """Under the list, the department's closures from the course's first day on (the planning scan's or the first
        fraction's): 'Department closed: Thu 28 Mar 2030 (snow)', a line each, the first few of a long list."""
        first = pydate(self.start.date())
        if self.has_simulation.isChecked():
            first = min(first, pydate(self.simulation.date()))
        ahead = [(day, note) for day, note in self._department_beside() if day >= first]
        lines = [f"Department closed: {day_text(day)}" + (f" ({note})" if note else "") for day, note in ahead[:DEPARTMENT_LINES]]
        if len(ahead) > DEPARTMENT_LINES:
            lines.append(f"… and {len(ahead) - DEPARTMENT_LINES} more later (Department → Department settings)")
        text = "\n".join(lines)
        if text != self.department_closed.text():
            self.department_closed.setText(text)
            self.department_closed.setVisible(bool(text))
            self.closures.setAccessibleDescription(
                "The course's own closures. " + "; ".join(lines) if lines else "The course's own closures")

    # ------------------------------------------------------------------ typing not yet taken
    def _typing_line(self) -> QLineEdit | None:
        """The line the keys are in, when it is one of the form's: a text field, a date, the time zone's or a
        number's line (the window's focus, kept while another window is in front)."""
        focused = self.window().focusWidget()
        if focused is None or not self.isAncestorOf(focused):
            return None
        if isinstance(focused, QLineEdit):
            return focused
        if isinstance(focused, (QAbstractSpinBox, QComboBox)):
            return focused.lineEdit()
        return None

    def take_typed(self) -> tuple[str, str]:
        """What is typed into the field with the keys and not taken yet (no Enter, the field not left) taken now, as
        leaving the field takes it: an export, a print, a save or a booking then has what the field shows. Returns the
        field and why when its text cannot be taken (not a date: said beside it), else ("", "")."""
        line = self._typing_line()
        if line is None:
            return "", ""
        for field, dated in (("start", self.start), ("simulation", self.simulation)):
            if line is dated:
                problem = dated.commit()
                return (field, problem) if problem else ("", "")
        if line is self.tz.lineEdit():
            self._changed("tz")  # the zone is taken once complete; nothing recorded when it is the course's already
        owner = line.parentWidget()
        if isinstance(owner, QAbstractSpinBox):
            owner.interpretText()  # as leaving it: a number or a time taken, a half-typed one back to the last
        return "", ""

    @contextmanager
    def keeping_typed(self) -> Iterator[None]:
        """The field with the keys keeps what is typed in it while the same course is shown again (the department's
        new calendar followed): text the course has not taken (a date that is not one yet, a closure being written) is
        put back with its problem, and the cursor and selection stay where they were."""
        line = self._typing_line()
        if line is None:
            yield
            return
        text, cursor = line.text(), line.cursorPosition()
        chosen, length = line.selectionStart(), len(line.selectedText())
        closure = line in (self.closure_date, self.closure_note)  # the closure being written: its date and note
        written = (self.closure_date.date(), self.closure_date.text(), self.closure_note.text())
        untaken = closure or (isinstance(line, DateField) and bool(line.problem))
        try:
            yield
        finally:
            if closure:
                self.closure_date.setDate(written[0])  # not the course's yet: Enter or Add makes it a closure
                self.closure_date.setText(written[1])
                self.closure_note.setText(written[2])
            elif untaken and line.text() != text:
                line.setText(text)
                if isinstance(line, DateField):
                    line.commit()  # still not a date: its problem said beside it again
            if line.text() == text:
                if length:
                    line.setSelection(chosen + length, -length) if cursor == chosen else line.setSelection(chosen, length)
                else:
                    line.setCursorPosition(cursor)

    def spec(self) -> CourseSpec:
        """The course as the form shows it; the course identity and adjustments are kept."""
        base = self._spec or CourseSpec()
        weeks_mode = self.count_unit.currentData() == "weeks"
        simulation = None
        if self.has_simulation.isChecked():
            at = self.simulation_time.time()
            simulation = datetime.combine(pydate(self.simulation.date()), time(at.hour(), at.minute()))
        review = self.review_day.currentData()
        qt_time = self.time.time()
        shown = base.updated(
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
            closed=self.course_closures(),
            days=self.weekdays(),
            simulation=simulation,
            review_day=None if review is None or review < 0 else int(review),
            follow_up_weeks=self.follow_up.value() or None,
            location=self.location.text().strip(),
            discreet=self.discreet.isChecked(),
            urgent=self.urgent.isChecked(),
            phases=self.later_phases(),
            phase_gap=self.phase_gap.value(),
            second_time=self._second_time(base),
        )
        return self._from_preset(base, shown)

    def _from_preset(self, base: CourseSpec, shown: CourseSpec) -> CourseSpec:
        """`shown` with the fractions, pattern and session length left unset (from the preset, or the site's and
        daily without one) where the course had them so and the form shows what unset gives: a course saved that
        way (`course save --preset`, or without a preset) is not changed, nor marked unsaved, by a field merely left."""
        return shown.defaults_kept(base, self.catalogue)

    def _second_time(self, base: CourseSpec) -> time | None:
        if not self.second_time.isEnabled():
            return base.second_time
        value = self.second_time.time()
        return time(value.hour(), value.minute())

    # ------------------------------------------------------------------ errors
    def field_label(self, field: str) -> str:
        """The words of the field's label ("Time zone"), for messages that must name it."""
        return self.field_words.get(field) or field

    def show_error(self, error: InputError | None) -> None:
        """The error beside its field (scrolled into view when it is new), every other field clear."""
        for label in {*self.errors.values(), self.general_error}:
            label.show_message("")
        for widget in self.field_widgets.values():
            widget.setStyleSheet("")
        for field, problem in self._typed_problems.items():
            self.errors[field].show_message(_sentence(problem))
        if error is None:
            self._shown_error_field = ""
            return
        field = error.field
        if field not in self.errors:
            self.general_error.show_message(f"{_sentence(field)}: {error.reason}")
            self._shown_error_field = ""
            return
        self.errors[field].show_message(_sentence(error.reason))
        border = tone("error", self.palette(), QPalette.ColorRole.Base).name()
        self.field_widgets[field].setStyleSheet(f"QLineEdit, QComboBox, QSpinBox, QTimeEdit {{ border: 1px solid {border}; }}")
        if field != self._shown_error_field:
            self._shown_error_field = field
            self.reveal(field)

    def reveal(self, field: str) -> None:
        """Scroll the form so that `field` and its message are on screen: now, and again once the form is laid out
        (a course just opened fills its lists and shows the message after this, which moves and grows the form:
        the Adjustments' error line stopped just below the fold)."""
        self._scroll_to(field)
        QTimer.singleShot(0, self, lambda: self._scroll_to(field, laid_out=True))

    def _scroll_to(self, field: str, laid_out: bool = False) -> None:
        if laid_out and self._shown_error_field != field:
            return  # its error put right (or another shown) meanwhile
        widget = self.field_widgets.get(field)
        scroll = self.parentWidget()
        while scroll is not None and not isinstance(scroll, QScrollArea):
            scroll = scroll.parentWidget()
        if widget is not None and scroll is not None:
            if laid_out:  # the layouts' pending requests first, so the form has its new size and places
                QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
            holder = widget.parentWidget() or widget
            scroll.ensureWidgetVisible(holder, 20, 40)

    def error_rect(self) -> QRect | None:
        """Where the shown error's field and its line are, in the form's coordinates (None without one): the focus
        moving to another field keeps them in view too when both fit (see FocusInView), so a Tab does not scroll
        the line that says what is wrong out of sight."""
        widget = self.field_widgets.get(self._shown_error_field)
        if widget is None or not widget.isVisible():
            return None
        found = QRect(widget.mapTo(self, QPoint(0, 0)), widget.size())
        line = self.errors.get(self._shown_error_field)
        if line is not None and line.isVisible():
            found = found.united(QRect(line.mapTo(self, QPoint(0, 0)), line.size()))
        return found

    def focus_error_when_unseen(self) -> None:
        """A course just opened with an error (a damaged field): the form scrolled to it, leaving the keyboard's focus
        on a field out of sight (the name, at the top), so the next Tab scrolled back up and the line out of view.
        Such a focus moves to the error's field: Tab goes on from there. A focus in sight, or outside the form (the
        Patients list), stays where it is."""
        QTimer.singleShot(0, self, self._focus_error_when_unseen)  # after the reveal's own pass once laid out

    def _focus_error_when_unseen(self) -> None:
        widget = self.field_widgets.get(self._shown_error_field)
        focused = QApplication.focusWidget()
        if widget is None or focused is None or not self.isAncestorOf(focused) or widget is focused or widget.isAncestorOf(focused):
            return
        scroll = self.parentWidget()
        while scroll is not None and not isinstance(scroll, QScrollArea):
            scroll = scroll.parentWidget()
        if scroll is None:
            return
        viewport = scroll.viewport()
        if viewport.rect().intersects(QRect(focused.mapTo(viewport, QPoint(0, 0)), focused.size())):
            return  # in sight: the coordinator sees where the keys go
        target = widget if widget.focusPolicy() & Qt.FocusPolicy.TabFocus else next(
            (w for w in widget.findChildren(QWidget) if w.focusPolicy() & Qt.FocusPolicy.TabFocus and w.isEnabled()
             and w.isVisible()), None)
        if target is not None:
            target.setFocus(Qt.FocusReason.OtherFocusReason)


PATTERN_WORDS = ((Pattern.DAILY, "Daily", "Daily (each treatment day)"),
                 (Pattern.ALTERNATE, "Alternate days", "Alternate days (≥ 2 days apart)"),
                 (Pattern.TWICE_WEEKLY, "Twice weekly", "Twice weekly (≥ 3 days apart)"),
                 (Pattern.WEEKLY, "Weekly", "Weekly (≥ 7 days apart)"),
                 (Pattern.TWICE_DAILY, "Twice daily", "Twice daily (two sessions ≥ 6 hours apart)"))


def _fill_patterns(combo: QComboBox, short: bool = False) -> None:
    """The patterns in full; `short`: their names only (a phase's narrow row), the full text as tooltip."""
    for pattern, name, full in PATTERN_WORDS:
        combo.addItem(name if short else full, pattern.value)
        combo.setItemData(combo.count() - 1, full, Qt.ItemDataRole.ToolTipRole)
    if short:
        combo.setToolTip(full_pattern_text(combo))
        combo.currentIndexChanged.connect(lambda _i: combo.setToolTip(full_pattern_text(combo)))


def full_pattern_text(combo: QComboBox) -> str:
    """The chosen pattern's full words, e.g. 'Alternate days (≥ 2 days apart)'."""
    return str(combo.currentData(Qt.ItemDataRole.ToolTipRole) or "")


def _sentence(text: str) -> str:
    """Messages start with a capital letter, whatever the core wrote."""
    return text[:1].upper() + text[1:]
