"""The live result beside the form: the summary line, the notices (dates pushed, warnings), and the
schedule as a list, a week and a month. It shows what the session planned and asks, through its
signals, for an appointment to be moved, marked missed or the rest of the course changed; the
window decides what that means."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, QPoint, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHeaderView,
    QLabel,
    QScrollArea,
    QStyle,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from .guard import guarded
from .list_columns import NARROWEST_APPOINTMENT, ListColumns  # noqa: F401 - the narrowest, where the tests look for it
from .preparation_line import PreparationLine
from .result_head import NOTICE_BREAK, ResultHead
from .schedule_model import APPOINTMENT_COLUMN, ScheduleTableModel

if TYPE_CHECKING:
    from datetime import date

    from ..app.course_booking import BookingFacts
    from ..core.department import RebookedNote
    from ..core.kinds import AppointmentKey
    from ..core.schedule import Appointment, Schedule
    from ..core.spec import CourseSpec
    from .month_view import MonthPanel
    from .session import BuildResult, CourseSession
    from .week_view import WeekPanel

WEEK_TAB, MONTH_TAB = 1, 2
NOT_BOOKED = "Not booked on a machine yet: Department → Book this course…"
CANCELLED = "Cancelled: its appointments still to come were released"
CANCELLED_NO_DEPARTMENT = "Cancelled: its appointments still to come are called off"  # none was booked on a machine


class SidewaysPage(QWidget):
    """A week or month page as its sideways area holds it: as tall as the area shows, the sideways
    scroll bar shown or not. Given the page itself, QScrollArea sized it to its layout's height for its
    width (the week's label wraps), its preferred height, so the bottom of the page (the week's
    legend) was under the scroll bar; this holder has no height for its width, so it is given the height in view."""

    def __init__(self, page: QWidget) -> None:
        super().__init__()
        self.page = page
        page.setParent(self)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return self.page.sizeHint()

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return self.page.minimumSizeHint()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:
            self.updateGeometry()  # the page's hints changed: its area sizes it again
        return super().event(event)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        self.page.setGeometry(0, 0, event.size().width(), event.size().height())


class WordsInView(QWidget):
    """Words beside a sideways scroll (a week's dates, a legend, a day's note), wrapped to the width in
    view. They ask for no more width than their longest word: their whole line would widen the pane and
    squeeze the course form or the Patients list at 1024 px."""

    def __init__(self, *words: QWidget) -> None:
        super().__init__()
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        for each in words:
            column.addWidget(each)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(self.minimumSizeHint().width(), super().sizeHint().height())


def sideways(page: QWidget, upright: bool = False) -> QScrollArea:
    """A week or month page in an area that scrolls sideways when the pane is narrower than the page:
    its buttons and grid must not make the whole pane wider than a small screen gives it (at 1024 px,
    beside the Patients list, the course form would scroll sideways instead). `upright`: it scrolls up
    and down too when the pane is shorter than the page's least height (the month's weeks; the week
    scrolls through its hours itself)."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded if upright else Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # no Tab stop of its own: the page's controls are the stops
    area.setWidget(SidewaysPage(page))
    return area


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class ResultPanel(QWidget):
    """Signals: moveRequested(key) and missedRequested(key) open their dialogs; dragMoved(key, when)
    is a move made in the week view; restRequested(shift) re-times (False) or shifts (True) the rest
    of the course from the selected fraction."""

    moveRequested = Signal(object)
    missedRequested = Signal(object)
    dragMoved = Signal(object, object)
    restRequested = Signal(bool)
    bookMakeUpRequested = Signal()  # "Book the make-up…" on a make-up shown after the last booked session
    bookingsDayRequested = Signal(object)  # "Bookings of that day…" on a session booked off its planned time (a date)

    def __init__(self, session: CourseSession, field_label: Callable[[object], str] = str,
                 parent: QWidget | None = None) -> None:
        """`field_label`: the form's words for a field, naming where a course without a schedule goes wrong."""
        super().__init__(parent)
        self.session = session
        self.field_label = field_label
        self.booking: BookingFacts | None = None  # the stored course's booking, when it has one
        self.today: date | None = None  # the department's today, for a booked course's make-ups never booked
        self.stored = False  # the course shown is the department store's (so it can be booked)
        self.cancelled = False  # the stored course shown is cancelled (see course_cancel.py)
        self.department = True  # the store holds a department (without one, nothing is booked on a machine)
        # A stored course not booked yet: the day it must start by if urgent, and today (see course_bookings.show_booking)
        self.urgent_due: Callable[[CourseSpec], tuple[date, date]] | None = None
        # A cancelled stored course: the appointments its patient had, the only ones the views show (None: every one)
        self.given: frozenset[AppointmentKey] | None = None
        self.machines: tuple[tuple[AppointmentKey, str], ...] = ()  # what the views show of the booking
        self.rebooked: tuple[tuple[AppointmentKey, RebookedNote], ...] = ()  # why a downtime or closure re-booked one
        self.course_shown: str | None = None  # the course the list keeps an appointment selected for, across re-plans
        column = QVBoxLayout(self)
        self.summary = QLabel()
        self.summary.setObjectName("summary")
        font = self.summary.font()
        font.setBold(True)
        font.setPointSize(12)
        self.summary.setFont(font)
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)  # a refusal quotes what was typed: never taken as markup
        self.notices = QLabel()
        self.notices.setWordWrap(True)
        self.notices.setTextFormat(Qt.TextFormat.RichText)
        self.head = ResultHead(self, self.summary, self.notices)  # a share of the height: the schedule stays in view
        column.addWidget(self.head)
        column.addWidget(self.head.more)  # "▾ 3 more notices below" while some are out of the area's view
        self.model = ScheduleTableModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        metrics = self.table.fontMetrics()
        # Widths from typical content, not from every row: a re-plan stays quick.
        for index, sample in enumerate(("40", "Wed", "30 Sep 2026", "08:30–08:50", "On-treatment review (week 10)", "Linac 10")):
            self.table.setColumnWidth(index, metrics.horizontalAdvance(sample) + 16)  # the text and the cell's margins
        # Fitted to the width, rows to the text; the Machine column hidden until the course shown is booked.
        self.columns = ListColumns(self.table, self.table.columnWidth(APPOINTMENT_COLUMN))
        self.table.setToolTip("Double-click an appointment to move it; right-click for more")
        # Tab leaves the table like any other field; the arrow keys move inside it.
        self.table.setTabKeyNavigation(False)
        # The week and month views are built the first time their tab is shown.
        self.week: WeekPanel | None = None
        self.month: MonthPanel | None = None
        self.tabs = QTabWidget()
        list_page = QWidget()
        list_column = QVBoxLayout(list_page)
        list_column.setContentsMargins(0, 0, 0, 0)
        list_column.addWidget(self.table, 1)
        self.preparation_line = PreparationLine(self.table, self.columns)  # the preparation while its column is hidden
        list_column.addWidget(self.preparation_line)
        self.tabs.addTab(list_page, "&List")
        for label in ("&Week", "&Month"):
            page = QWidget()
            QVBoxLayout(page).setContentsMargins(0, 0, 0, 0)
            self.tabs.addTab(page, label)
        column.addWidget(self.tabs, 1)
        self.tabs.tabBar().installEventFilter(self)  # Alt+L, Alt+W, Alt+M: the keys go into the view chosen
        self.table.doubleClicked.connect(self.on_row_activated)
        self.table.customContextMenuRequested.connect(self.on_table_menu)
        self.tabs.currentChanged.connect(self.on_tab_changed)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """A tab's Alt letter shows its view and puts the keys in it: the arrow keys then move through the
        appointments instead of changing the form's field that still had the focus."""
        if watched is self.tabs.tabBar() and event.type() == QEvent.Type.Shortcut:
            QTimer.singleShot(0, self, self.focus_view)  # once the tab bar has switched to the tab
        return False

    def focus_view(self) -> None:
        """The keys in the view on show: the list, the week or the month."""
        index = self.tabs.currentIndex()
        view: QWidget = self.table
        if index == WEEK_TAB and self.week is not None:
            view = self.week.view
        elif index == MONTH_TAB and self.month is not None:
            view = self.month.view
        view.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def wanted_width(self) -> int:
        """The width that shows the list's number, day, date, time and appointment whole, with the
        panel's margins and the table's frame and scroll bar."""
        shown = self.columns.before_width() + self.appointment_widths[1]  # their own widths, also while the list is folded
        margins = self.layout().contentsMargins()
        tab_frame = self.tabs.style().pixelMetric(QStyle.PixelMetric.PM_DefaultFrameWidth, None, self.tabs)
        chrome = (margins.left() + margins.right() + 2 * tab_frame + 2 * self.table.frameWidth()
                  + self.table.verticalScrollBar().sizeHint().width())
        return shown + chrome

    # ------------------------------------------------------------------ showing
    def _other_clock(self, planned: Schedule) -> str:
        """For a course kept in another time zone than its department's: which clock the times shown are on,
        and what the first fraction's reads on the machines' ('' when the clocks agree)."""
        department = self.session.department
        fractions = planned.fractions
        if department is None or not fractions or planned.request.tz.key == department.timezone:
            return ""
        there = ZoneInfo(department.timezone)
        start = fractions[0].start
        if start.astimezone(there).utcoffset() == start.utcoffset():
            return ""
        return (f"Times shown are in {planned.request.tz.key}, the course's own time zone; the department's machines run on "
                f"{department.timezone} time ({start:%H:%M} in {planned.request.tz.key} is {start.astimezone(there):%H:%M} there).")

    def show_result(self, result: BuildResult) -> None:
        from ..app.course_booking import make_ups_never_booked, off_booking, unbooked_make_ups
        from ..wording import cancelled_line, never_booked_make_up_words, not_given_words, summary_line, unbooked_make_up_lines
        from .colours import tone
        from .formats import day_text

        if self.session.spec.course_id != self.course_shown:  # another course: its summary read from its first line, not
            self.head.verticalScrollBar().setValue(0)  # at the depth the last one's notices were scrolled to
        planned = self.as_shown(result.schedule)
        if planned is None:
            error = result.error
            where = f"{self.field_label(error.field)}: " if error else ""
            reason = error.reason if error else ""
            self.summary.setText(f"No schedule. {where}{reason[:1].upper()}{reason[1:]}")
            self.notices.setText("")
            self.model.set_schedule(None)
            self.show_machines(None)
            self.update_views(None)
            return
        # A cancelled course: the views show the appointments given, the summary how many of those planned.
        schedule = self._given_only(planned)
        words = summary_line(planned) if self.given is None else cancelled_line(schedule, planned)
        # a make-up never booked whose day has passed: fractions of the prescribed course not given, said in the header
        never = make_ups_never_booked(planned, self.booking, self.today) if self.given is None else ()
        short = sum(each.count for each in never)
        shortfall = f"\nMake-up not booked: {not_given_words(short)} of the prescribed course" if short else ""
        self.summary.setText(f"{planned.site.name}: {words}{self._booking_words(planned)}{shortfall}")
        palette = self.notices.palette()
        warning_colour, error_colour, muted = (tone(name, palette).name() for name in ("warning", "error", "muted"))
        lines = []
        for pushed in planned.pushed:
            lines.append(f"<span style='color:{warning_colour}'>⇢ {day_text(pushed.day)}: {_html(pushed.reason)}</span>")
        for warning in planned.warnings:
            lines.append(f"<span style='color:{error_colour}'>⚠ {_html(warning)}</span>")
        for each in never:
            lines.append(f"<span style='color:{error_colour}'>⚠ {_html(never_booked_make_up_words(each.missed, each.due, each.count))}</span>")
        passed = {each.missed for each in never}
        for line in unbooked_make_up_lines(day for day in unbooked_make_ups(planned, self.booking) if day not in passed):
            lines.append(f"<span style='color:{error_colour}'>⚠ {_html(line)}</span>")
        off = off_booking(planned, self.booking)
        if off:
            lines.append(f"<span style='color:{error_colour}'>⚠ {off} booked appointment{'s are' if off != 1 else ' is'} shown at "
                         "another time than booked: the bookings change only through the department's bookings "
                         "(move them there, or unbook and book the course again)</span>")
        clock = self._other_clock(planned)
        if clock:
            lines.append(f"<span style='color:{warning_colour}'>⚠ {_html(clock)}</span>")
        if planned.request.calendar.holiday_region is None:
            every = "Department → Department settings" if self.session.department is not None else "Edit → Settings"
            lines.append(f"<span style='color:{muted}'>No public holidays apply: choose the country under Holidays "
                         f"(or once for every course in {every}).</span>")
        self.notices.setText(NOTICE_BREAK.join(lines))
        # Another course (New, Open, another patient): nothing chosen in it yet; its fraction 4 was never the last one's.
        chosen = self._chosen_row() if self.session.spec.course_id == self.course_shown else None
        self.course_shown = self.session.spec.course_id
        self.model.set_schedule(schedule)
        self.show_machines(schedule)
        self.update_views(schedule)
        self._choose_again(chosen)

    def _chosen_row(self) -> Appointment | None:
        """The list's selected appointment, to select again once the list shows the new plan."""
        rows = self.table.selectionModel().selectedRows()
        return self.model.appointment(rows[0].row()) if rows else None

    def _choose_again(self, chosen: Appointment | None) -> None:
        """After a move, a missed session or any re-plan the appointment that was selected stays selected and
        in view (it was row 0, the planning scan, before): the same appointment at the same time, else the
        session just marked missed on its day, else the same appointment at its new time."""
        if chosen is None:
            return
        rows = [self.model.appointment(row) for row in range(self.model.rowCount())]

        def first(test: Callable[[Appointment], bool]) -> int | None:
            return next((row for row, each in enumerate(rows) if each is not None and test(each)), None)

        row = first(lambda a: a.key == chosen.key and a.start == chosen.start and a.missed == chosen.missed)
        if row is None and not chosen.missed:
            row = first(lambda a: a.missed and a.key == chosen.key and a.start.date() == chosen.start.date())
        if row is None:
            row = first(lambda a: a.key == chosen.key and a.missed == chosen.missed)
        if row is None:
            return
        # Current in a column on show: from a hidden one (the "#" of the list folded beside the Patients dock) the
        # arrow keys would not move at all. The column the keys were in, else the first shown.
        was = self.table.currentIndex().column()
        shown = [column for column in range(self.model.columnCount()) if not self.table.isColumnHidden(column)]
        index = self.model.index(row, was if was in shown else (shown[0] if shown else 0))
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(index)

    def update_views(self, schedule: Schedule | None) -> None:
        if self.week is not None:
            self.week.set_schedule(schedule)
        if self.month is not None:
            self.month.set_schedule(schedule)

    # ------------------------------------------------------------------ the booking
    def set_booking(self, booking: BookingFacts | None, stored: bool) -> None:
        """The stored course's booking (None: not booked), or `stored` False for a course only in a file;
        the summary, the Machine column and the week and month views follow."""
        self.booking, self.stored = booking, stored
        self.show_result(self.session.result)

    def as_shown(self, schedule: Schedule | None) -> Schedule | None:
        """`schedule` as the views, the export and the print give it: a booked appointment at its booked
        start ends when its booking does (the booked first fraction is longer)."""
        from ..app.course_booking import at_booked_times

        return at_booked_times(schedule, self.booking) if schedule is not None else None

    def in_views(self, schedule: Schedule | None) -> Schedule | None:
        """`schedule` as the list, week and month show it: `as_shown`, and of a cancelled course only the
        appointments its patient had (None, nothing shown, when it was cancelled before its first fraction)."""
        shown = self.as_shown(schedule)
        return self._given_only(shown) if shown is not None else None

    def _given_only(self, schedule: Schedule) -> Schedule | None:
        if self.given is None:
            return schedule
        from ..app.cancelling import given_only  # with the store's code, loaded only for a stored (cancelled) course

        return given_only(schedule, self.given)

    def _booking_words(self, shown: Schedule | None = None) -> str:
        """The summary's booking line; `shown`: the schedule on show, whose fractions marked booked off the planned
        time it counts (the list, the week and the month mark the same ones)."""
        from ..app.course_booking import booked_off_plan, booking_line

        if self.stored and self.cancelled:
            return f"\n{CANCELLED if self.department else CANCELLED_NO_DEPARTMENT}"
        if self.booking is not None:
            return f"\n{booking_line(self.booking, booked_off_plan(shown) if shown is not None else None)}"
        if not (self.stored and self.department):  # without a department nothing is booked
            return ""
        spec = self.session.spec
        if spec.urgent and self.urgent_due is not None:
            from .formats import day_text

            due, today = self.urgent_due(spec)
            late = ""
            if spec.start is not None and spec.start > due:
                late = f"; the first fraction planned here, {day_text(spec.start)}, is later"
            return (f"\nUrgent, not booked on a machine yet: it {'was due to' if due < today else 'must'} start by "
                    f"{day_text(due)}{late}. Department → Book this course…")
        return f"\n{NOT_BOOKED}"

    def show_machines(self, schedule: Schedule | None) -> None:
        """Each appointment's machine where the schedule shows it at its booked time."""
        from ..app.course_booking import machines_shown, rebooked_shown

        self.machines = machines_shown(schedule, self.booking)
        self.rebooked = rebooked_shown(schedule, self.booking)  # why a downtime or closure put one where it is: export and print say it
        self.model.set_machines(self.machines)
        self.columns.show_machine(self.booking is not None)
        self.fit_appointment_column()
        self._views_machines()

    @property
    def appointment_widths(self) -> tuple[int, int]:
        """The Appointment column's narrowest and widest widths."""
        return self.columns.appointment_widths

    def fit_appointment_column(self) -> None:
        """The Appointment column gives way to the Machine and the Preparation (see list_columns.py)."""
        self.columns.fit()

    def _views_machines(self) -> None:
        main = self.booking.machine if self.booking is not None else ""
        if self.week is not None:
            self.week.set_machines(self.machines)
        if self.month is not None:
            self.month.set_machines(self.machines, main)

    def show_course_start(self) -> None:
        """After New or Open: the week and month views show the course's first week."""
        schedule = self.session.schedule
        if schedule is None:
            return
        if self.week is not None:
            self.week.go(schedule.first_fraction.start.date())
        if self.month is not None:
            self.month.show_course_start()

    @guarded
    def on_tab_changed(self, index: int) -> None:
        page = self.tabs.widget(index)
        layout = page.layout() if page is not None else None
        if index == WEEK_TAB and self.week is None and layout is not None:
            from .week_view import WeekPanel

            self.week = WeekPanel(words_apart=True)  # its dates and legend outside the sideways scroll, whole in view
            self.week.view.moveRequested.connect(self.dragMoved)
            self.week.view.editRequested.connect(self.moveRequested)
            self.week.view.missedRequested.connect(self.missedRequested)
            self.week.view.resetRequested.connect(self.session.reset_move)
            self.week.view.bookMakeUpRequested.connect(lambda _key: self.bookMakeUpRequested.emit())
            self.week.view.restRequested.connect(self.restRequested)
            self.week.view.bookingsDayRequested.connect(self.bookingsDayRequested)
            layout.addWidget(WordsInView(self.week.buttons, self.week.label))
            layout.addWidget(sideways(self.week), 1)
            layout.addWidget(WordsInView(self.week.legend))
            self.week.set_machines(self.machines)
            self.week.set_schedule(self.in_views(self.session.schedule))
        elif index == MONTH_TAB and self.month is None and layout is not None:
            from .month_view import MonthPanel

            self.month = MonthPanel(words_apart=True)  # its notes and legend outside the sideways scroll, whole in view
            layout.addWidget(sideways(self.month, upright=True), 1)
            layout.addWidget(WordsInView(*self.month.words))
            self.month.set_machines(self.machines, self.booking.machine if self.booking is not None else "")
            self.month.set_schedule(self.in_views(self.session.schedule))

    # ------------------------------------------------------------------ choosing an appointment
    def selected_key(self) -> AppointmentKey | None:
        """The appointment chosen in the view on show: the week view's, or the list's selected row."""
        if self.tabs.currentIndex() == WEEK_TAB and self.week is not None and self.week.view.selected_role:
            return self.week.view.selected_role
        rows = self.table.selectionModel().selectedRows()
        appointment = self.model.appointment(rows[0].row()) if rows else None
        return appointment.key if appointment and not appointment.missed else None

    @guarded
    def on_row_activated(self, index: QModelIndex) -> None:
        appointment = self.model.appointment(index.row())
        if appointment is not None and not appointment.missed:
            self.moveRequested.emit(appointment.key)

    @guarded
    def on_table_menu(self, point: QPoint) -> None:
        from ..core.course import TO_BOOK_REASON, booked_there
        from ..core.kinds import AppointmentKind
        from .keyed_menu import KeyedMenu
        from .week_view import BOOK_MAKE_UP, BOOKINGS_OF_THE_DAY, course_choices

        index = self.table.indexAt(point)
        appointment = self.model.appointment(index.row()) if index.isValid() else None
        if appointment is None or appointment.missed:
            return
        key = appointment.key
        menu = KeyedMenu(self)
        course_choices(menu, appointment.kind is AppointmentKind.FRACTION, lambda: self.moveRequested.emit(key),
                       lambda: self.missedRequested.emit(key), self.restRequested.emit)
        reason = self.session.spec.adjustments.move_reason(key)
        if reason == TO_BOOK_REASON:  # a make-up shown where booking will put it: no move of the coordinator's to take back
            menu.addAction(BOOK_MAKE_UP, lambda: self.bookMakeUpRequested.emit())
        elif booked_there(reason):  # the booking decides where it is: no move of the coordinator's to take back
            menu.addAction(BOOKINGS_OF_THE_DAY, lambda: self.bookingsDayRequested.emit(appointment.start.date()))
        elif reason is not None:
            menu.addAction("Back to the &planned time", lambda: self.session.reset_move(key))
        menu.exec(self.table.viewport().mapToGlobal(point))
