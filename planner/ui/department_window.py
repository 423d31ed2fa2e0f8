"""The department's booking window: the day view of every machine, the week's occupancy, the
courses waiting to start, and the coordinator's actions on them (book, move, machine down, department closed, print).

It only builds and connects: every decision is a use case of the booking desk."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QEvent, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QKeyEvent, QKeySequence, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QScrollArea,
    QTabWidget,
    QToolBar,
    QWidget,
)

from ..app.booking import BookingDesk, CalendarUpdate, NoDepartment, Relocation, SlotTaken, not_beam_matched, past_reason, window_words
from ..app.store_words import store_words
from ..booking.model import ClosureReport, RebookReport
from ..core.agenda import AgendaEntry, initials
from ..core.clinic import HolidaySource
from ..core.errors import InputError
from ..core.kinds import AppointmentKind
from ..core.limits import LATEST_DATE
from ..core.text import counted, printable
from ..core.wall_clock import clock_text, same_instant
from ..store.db import StoreError
from ..wording import KIND_LABELS, booking_note, moved_from_words
from .booking_dialogs import (
    BookDialog,
    DayListDialog,
    DownReportDialog,
    MachineDownDialog,
    MoveOneDialog,
    MoveRestDialog,
    may_leave_group,
)
from .calendar_updates import OutdatedCalendars
from .closure_dialog import CloseDepartmentDialog, ClosureReportDialog, closed_span
from .date_field import DateField
from .date_limits import bound_dates
from .department_views import HEADER, DayView, OccupancyView, WaitingList, block_label, identified
from .dialog_fit import FRAME_ROOM
from .formats import day_text, short_day
from .guard import guarded
from .keyed_menu import MOVE_ONE_KEYS, REST_KEYS
from .reoptimise_dialog import ReoptimiseDialog, ReoptimiseReportDialog
from .waiting_page import WaitingPage

if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog

    from ..store.settings import Settings
    from .printing.day_list import DayListDocument

PREFERRED_SIZE = (1300, 760)
CLOSED_NOTE = "every machine is closed (Alt+Right: the next day)."
# ends what the status line says of a chosen booking
CHOSEN_HINT = "Shift+arrows then Enter move it, Enter alone to another day; Ctrl+Shift+R moves the rest of the course."
BEGUN_HINT = "It has begun: it stays as given; Ctrl+Shift+R moves the rest of the course."  # ... of one that began (given, or missed)
CLOSED_DAY_HINT = "The day is closed: Enter moves it to an open day; Ctrl+Shift+R moves the rest of the course."  # ... of one there
CHOSEN_HINTS = (CHOSEN_HINT, BEGUN_HINT, CLOSED_DAY_HINT)
DAMAGED_NOTE = "its bookings are shown as booked (they keep their machine time)."  # ends what is said of a damaged course
CLOSED_BOOKED_NOTE = "choose one (arrows) and press Enter to move it to an open day."  # a closed day that still holds bookings
WEEKEND_NOTE = "drag a booking, or Shift+arrows, within those hours."  # ends what is said of a weekend day with bookings
WEEKEND_EMPTY_NOTE = "nothing is booked then."  # ... and of one without
DAY_NOTES = (CLOSED_NOTE, CLOSED_BOOKED_NOTE, DAMAGED_NOTE, WEEKEND_NOTE, WEEKEND_EMPTY_NOTE)  # what the status line says of the day shown
UNDO_DEPTH = 20  # single moves Ctrl+Z can put back, last first
CALENDAR_NOTE = re.compile(r" (\d+ patient calendars? to update|Every calendar update written)\.")  # _calendar_note's words, _owed's


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def first_open_day(desk: BookingDesk) -> date:
    """The day the window opens on: the desk's today when the department treats then, else the next day it
    does (its calendar open and a machine with hours), so a Sunday or a holiday does not open on an empty
    page; but today whenever it holds bookings (a weekend make-up). Today itself when no such day can be found
    (holidays that cannot be looked up)."""
    try:
        if desk.booked_on([desk.today]):
            return desk.today
        calendar = desk.department.clinic_calendar(desk.holidays)
        return next((day for day in calendar.open_days(desk.today)
                     if any(machine.opening(day, desk.zone) is not None for machine in desk.department.machines)), desk.today)
    except (InputError, StoreError):
        return desk.today


class StatusLine(QLabel):
    """The status bar's words, wrapped, and exactly as tall as they are at the width they have: a QLabel that
    wraps asks for the height of a narrow guess at its width, so one line stood in a bar five lines tall and
    the day view above it shrank and grew with every message."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)  # a refused drop may name three rules: on two lines rather than cut at the edge
        self.setTextFormat(Qt.TextFormat.PlainText)  # a store's words (a course's name, a refusal) never taken as markup

    def _height(self) -> int:
        return max(self.fontMetrics().lineSpacing(), self.heightForWidth(max(1, self.width())))

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt's name
        return False  # the layout would ask for the height at the hint's narrow width; the hint below is the real one

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(super().sizeHint().width(), self._height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(super().minimumSizeHint().width(), self._height())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.updateGeometry()  # wider or narrower: as many lines as the words now take


class DayScroll(QScrollArea):
    """The day's scroll area. Qt's scrolls to its last focused child after every Tab that passes through it: the
    day view, focused a moment before, was scrolled to by hours when Tab or Shift+Tab took the focus out of it.
    The day scrolls only as the coordinator scrolls it, or to the booking the arrows choose."""

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: N802, A002 - Qt's names
        return QWidget.focusNextPrevChild(self, next)


class DepartmentWindow(QMainWindow):
    """Changes the store through the desk and redraws from it; bookingsChanged after each redraw,
    so the main window shows its course's booking as it is now."""

    bookingsChanged = Signal()

    def __init__(self, desk: BookingDesk, day: date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.setWindowTitle(f"Department bookings — {desk.department.name}")
        self.day_view = DayView()
        self._moves: list[tuple[AgendaEntry, str, str, datetime]] = []  # (as it was, machine it was on, machine, start now)
        self._page_said = ""  # the status line's words about one page (see _say_of_page)
        self._day_said: date | None = None  # the day the status line last said something of (see _say_of_day)
        self.occupancy = OccupancyView()
        self.waiting = WaitingList()
        self.waiting_page = WaitingPage(self.waiting)  # the list under its find line
        self._found = ""  # what Ctrl+F found last in the day (F3 finds its next booking)
        self._found_index = -1
        # The store's change mark and the desk's today when the window last drew from the store (None: read again at
        # the next activation): an activation with the same redraws nothing (see changeEvent)
        self._drawn: tuple[str, date] | None = None
        self.calendars = OutdatedCalendars(desk)
        opening = day or first_open_day(desk)
        self._init_toolbar(opening)
        self._init_menu()
        self._init_central()
        self._connect_signals()
        self.message = StatusLine()
        self.statusBar().addWidget(self.message, 1)
        self.fit_screen()
        self.refresh()
        if day is None and opening != desk.today:
            self.say(f"Today ({short_day(desk.today)}) the department is closed: this is {short_day(opening)}, "
                     "the next day it is open (Ctrl+T shows today).")
        self._now_pending = True  # once shown (its size known), today's view scrolls to the current time

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if self._now_pending:
            self._now_pending = False
            QTimer.singleShot(0, self, self.show_now)  # once the layout has given the day view its size

    def show_now(self) -> None:
        """Today: scroll the day so the line at the current time is in sight, a third of the way down what is shown
        (at the top or foot of the day when the time lies before or after every machine's hours). Other days: unchanged."""
        y = self.day_view.now_y(within=False)
        if y is None:
            return
        shown = self.day_scroll.viewport().height()
        self.day_scroll.verticalScrollBar().setValue(int(y - HEADER - (shown - HEADER) / 3))

    def bookings_in_sight(self) -> None:
        """Another day than today, none of whose bookings shows its name (the view kept today's evening, or another
        day's afternoon, where at most the foot of one block shows): scrolled to its first booking, so a day full of
        bookings never looks empty."""
        if self.day_view.now_moment() is not None:
            return  # today: where the current time is (show_now), as Ctrl+T shows it
        rects = self.day_view.block_rects()
        bar = self.day_scroll.verticalScrollBar()
        top, bottom = bar.value() + HEADER, bar.value() + self.day_scroll.viewport().height()
        if not rects or any(top <= rect.top() < bottom for rect in rects):
            return
        bar.setValue(int(min(rect.top() for rect in rects) - HEADER - self.day_view.per_minute * 15))

    def show_today(self) -> None:
        """Ctrl+T: today, scrolled to the current time."""
        self.show_day(self.desk.today)
        self.show_now()

    def fit_screen(self) -> None:
        """Open at most PREFERRED_SIZE, and within the screen's available area with room for the frame
        (a 1024×700 laptop too): the day view scrolls and the toolbar folds what does not fit."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        width, height = PREFERRED_SIZE
        if screen is not None:
            area = screen.availableGeometry()
            width, height = min(width, area.width() - FRAME_ROOM[0]), min(height, area.height() - FRAME_ROOM[1])
            # placed so its frame fits too (a window manager left to place it put a 720-px window 63 px down a 768-px screen)
            self.move(area.left() + max(0, (area.width() - width - FRAME_ROOM[0]) // 2),
                      area.top() + max(0, (area.height() - height - FRAME_ROOM[1]) // 2))
        self.resize(width, height)

    # ------------------------------------------------------------------ building
    def _init_toolbar(self, day: date) -> None:
        bar = QToolBar("Department")
        bar.setObjectName("department-toolbar")
        self.previous_action = QAction("◀ Previous", self)  # short words: the toolbar fits a 1024-px screen
        self.next_action = QAction("Next ▶", self)
        self.today_action = QAction("Today", self)
        self.date_edit = DateField()  # typed ("3 Apr 2030", "2030-04-03") or picked (Alt+Down); Ctrl+G goes to it
        bound_dates(self.date_edit)
        self.date_edit.setDate(QDate(day.year, day.month, day.day))
        self.date_edit.setAccessibleName("Day shown")
        self.date_edit.setMaximumWidth(self.date_edit.sizeHint().width())  # a date's width, not the toolbar's
        self.discreet = QCheckBox("Discreet")
        self.discreet.setToolTip("Initials only and no site, in every tab, for a screen in a treatment room")
        self.discreet.setAccessibleName("Discreet: initials only")
        self.book_action = QAction("Book course…", self)
        self.down_action = QAction("Machine down…", self)
        self.reoptimise_action = QAction("Re-optimise coming weeks…", self)
        self.print_action = QAction("Print day list…", self)
        bar.addActions([self.previous_action, self.today_action])
        bar.addWidget(self.date_edit)
        bar.addAction(self.next_action)
        bar.addSeparator()
        bar.addWidget(self.discreet)
        bar.addSeparator()
        bar.addActions([self.book_action, self.down_action, self.reoptimise_action, self.print_action])
        self._keys()
        self.addToolBar(bar)

    def _keys(self) -> None:
        """Each toolbar action by keyboard too (a toolbar's buttons are no Tab stops), said in its tooltip and
        in the Bookings menu: the toolbar keeps its short words (iconText), the menu says them in full."""
        for action, keys, words, menu in ((self.previous_action, "Alt+Left", "Previous day", "&Previous day"),
                                          (self.next_action, "Alt+Right", "Next day", "&Next day"),
                                          (self.today_action, "Ctrl+T", "Today", "&Today"),
                                          (self.book_action, "Ctrl+B", "Book the course chosen in 'Waiting to start'",
                                           "&Book course…"),
                                          (self.down_action, "Ctrl+D", "Machine down", "&Machine down…"),
                                          (self.reoptimise_action, "Ctrl+R", "Re-optimise coming weeks", "&Re-optimise coming weeks…"),
                                          (self.print_action, "Ctrl+P", "Print day list", "Pr&int day list…")):
            action.setIconText(action.text())
            action.setText(menu)
            action.setShortcut(QKeySequence(keys))
            action.setToolTip(f"{words} ({QKeySequence(keys).toString(QKeySequence.SequenceFormat.NativeText)})")

    def _init_menu(self) -> None:
        """A Bookings menu with every toolbar action and its keys, so a keyboard user finds them (Alt+B),
        then Close: the platform's Close key (Ctrl+W on Linux), or Escape when nothing in the window uses it."""
        self.go_to_date_action = QAction("&Go to date…", self)
        self.go_to_date_action.setShortcut(QKeySequence("Ctrl+G"))
        self.discreet_action = QAction("&Discreet: initials only", self)
        self.discreet_action.setCheckable(True)
        self.undo_move_action = QAction("&Undo move", self)
        self.undo_move_action.setShortcut(QKeySequence("Ctrl+Z"))
        self.undo_move_action.setStatusTip("Put the booking moved last (by dragging or Shift+arrows) back where it was")
        self.undo_move_action.setEnabled(False)
        self.move_one_action = QAction("Move this &session to another day…", self)
        self.move_one_action.setShortcut(QKeySequence(MOVE_ONE_KEYS))  # as the main window's Move appointment…
        self.move_one_action.setStatusTip("The booking chosen in the day view, alone, to another day, time or machine "
                                          "(Enter or a double-click on it in the day view too)")
        self.move_rest_action = QAction("M&ove the rest of this course…", self)
        self.move_rest_action.setShortcut(QKeySequence(REST_KEYS))  # as the main window's Re-time the rest…
        self.move_rest_action.setStatusTip("The booking chosen in the day view: its course from that fraction on, "
                                           "to another machine or daily time")
        self.back_action = QAction("Machine b&ack sooner…", self)
        self.back_action.setShortcut(QKeySequence("Ctrl+U"))
        self.back_action.setStatusTip("End or shorten a machine's downtime, and move back the sessions it moved")
        self.closure_action = QAction("Department c&losed (snow, power cut)…", self)
        self.closure_action.setShortcut(QKeySequence("Ctrl+Shift+D"))
        self.closure_action.setStatusTip("Close the whole department for a day or a few and re-book every appointment then")
        self.reopen_back_action = QAction("Mo&ve back after reopening…", self)
        self.reopen_back_action.setStatusTip("The department reopened on a closed day and its sessions stayed where the closure "
                                             "moved them: move them back to the slots they had")
        self.find_action = QAction("&Find a patient…", self)
        self.find_action.setShortcut(QKeySequence("Ctrl+F"))
        self.find_action.setStatusTip("A patient's bookings on the day shown, by name or hospital number (in 'Waiting to "
                                      "start': its Find field)")
        self.find_next_action = QAction("Find ne&xt", self)
        self.find_next_action.setShortcut(QKeySequence("F3"))
        self.find_next_action.setStatusTip("The next booking of the day that matches what was last found")
        self.close_action = QAction("&Close", self)
        # Ctrl+W first, as the menu shows the first key (the platform's Close may list Ctrl+F4 first).
        close_keys = QKeySequence.keyBindings(QKeySequence.StandardKey.Close)
        self.close_action.setShortcuts([QKeySequence("Ctrl+W"), *(k for k in close_keys if k != QKeySequence("Ctrl+W"))])
        self.close_action.setStatusTip("Close the department's bookings (Escape too)")
        menu = self.menuBar().addMenu("&Bookings")
        menu.addActions([self.previous_action, self.next_action, self.today_action, self.go_to_date_action])
        menu.addActions([self.find_action, self.find_next_action])
        menu.addSeparator()
        menu.addAction(self.discreet_action)
        menu.addSeparator()
        menu.addActions([self.book_action, self.undo_move_action, self.move_one_action, self.move_rest_action, self.down_action,
                         self.back_action, self.closure_action, self.reopen_back_action,
                         self.reoptimise_action, self.print_action])
        menu.addSeparator()
        menu.addAction(self.close_action)
        self.bookings_menu = menu

    def _init_central(self) -> None:
        self.tabs = QTabWidget()
        scroll = DayScroll()
        scroll.setWidget(self.day_view)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        scroll.verticalScrollBar().valueChanged.connect(self.day_view.update)  # the machines' names stay in view
        scroll.horizontalScrollBar().valueChanged.connect(self.day_view.update)  # and the time axis, at the left
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes straight to the day (its own stop would scroll it to mid-day)
        self.day_scroll = scroll
        # Alt letters for the tabs (the Calendars page's own button has Alt+W, its list Alt+O; the menu Alt+B)
        self.tabs.addTab(scroll, "&Day")
        # A row per machine: twelve linacs and a CT simulator are taller than a 768-px screen, so the week scrolls
        # (as the day does) rather than hold the whole window taller than the screen, its status line out of sight.
        weekly = QScrollArea()
        weekly.setWidget(self.occupancy)
        weekly.setWidgetResizable(True)
        weekly.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes straight to the week's cells
        weekly.verticalScrollBar().valueChanged.connect(self.occupancy.update)  # the days' names stay in view
        self.occupancy_scroll = weekly
        self.tabs.addTab(weekly, "W&eek occupancy")
        self.tabs.addTab(self.waiting_page, "Waiting to &start")
        self.tabs.addTab(self.calendars, "&Calendars")
        self.tabs.tabBar().installEventFilter(self)  # a tab's Alt letter puts the keys in its page
        self.date_edit.installEventFilter(self)  # the window's keys reach the window from the date field (Ctrl+U)
        self.setCentralWidget(self.tabs)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """A tab's Alt letter (Alt+D, E, S, C) shows its page and puts the keys in it, as the main window's list,
        week and month do: the arrows that follow choose a booking, a cell or a course, rather than change the
        day in the date field that had the keys. The window's keys pressed in the date field are the window's."""
        if watched is self.tabs.tabBar() and event.type() == QEvent.Type.Shortcut:
            QTimer.singleShot(0, self, self.focus_page)  # once the tab bar has switched to the tab
        if watched is self.date_edit and event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent) \
                and self._window_key(event):
            event.ignore()  # on Linux the field would take Ctrl+U as "delete the line" and erase the day shown
            return True
        return False

    def _window_key(self, event: QKeyEvent) -> bool:
        """Whether the key pressed is the shortcut of one of the window's actions that is enabled now."""
        pressed = event.keyCombination().toCombined()
        return any(action.isEnabled() and any(keys.count() == 1 and keys[0].toCombined() == pressed for keys in action.shortcuts())
                   for action in self.findChildren(QAction))

    def focus_page(self) -> None:
        """The keys in the page on show: the day view, the occupancy, the waiting list, or the calendars owed."""
        page = self.tabs.currentWidget()
        target: QWidget | None = {self.day_scroll: self.day_view, self.occupancy_scroll: self.occupancy,
                                  self.waiting_page: self.waiting}.get(page)
        if page is self.calendars:
            target = next((w for w in (self.calendars.table, self.calendars.write_button) if w.isVisible() and w.isEnabled()),
                          None)
        if target is not None:
            target.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _connect_signals(self) -> None:
        self.previous_action.triggered.connect(lambda: self.show_day(self.day - timedelta(days=1)))
        self.next_action.triggered.connect(lambda: self.show_day(self.day + timedelta(days=1)))
        self.today_action.triggered.connect(self.show_today)
        self.date_edit.dateChanged.connect(self.refresh)
        self.date_edit.dateChanged.connect(self._name_print_day)
        self.date_edit.dateChanged.connect(lambda: QTimer.singleShot(0, self, self.bookings_in_sight))
        self._name_print_day()
        self.date_edit.problemChanged.connect(lambda problem: self.say(f"Day shown: {problem}") if problem else None)
        self.go_to_date_action.triggered.connect(self._to_date)
        self.find_action.triggered.connect(self.find_patient)
        self.find_next_action.triggered.connect(self.find_next)
        self.discreet.toggled.connect(self.day_view.set_discreet)
        self.discreet.toggled.connect(self.waiting.set_discreet)
        self.discreet.toggled.connect(self.discreet_action.setChecked)
        self.discreet.toggled.connect(self._said_discreetly)
        self.discreet_action.toggled.connect(self.discreet.setChecked)
        self.close_action.triggered.connect(self.close)
        self.book_action.triggered.connect(self.book_selected)
        self.down_action.triggered.connect(self.machine_down)
        self.back_action.triggered.connect(self.machine_back)
        self.closure_action.triggered.connect(self.close_department)
        self.reopen_back_action.triggered.connect(self.move_back_after_reopening)
        self.reoptimise_action.triggered.connect(self.reoptimise)
        self.print_action.triggered.connect(self.print_day_list)
        self.day_view.moveRequested.connect(self.move_entry)
        self.day_view.dropRefused.connect(self.say)
        self.day_view.previewSaid.connect(self._outline_said)
        self.day_view.moveRestRequested.connect(self.move_rest)
        self.day_view.moveOneRequested.connect(self.move_one)
        self.day_view.entryActivated.connect(self.move_one)  # Enter or a double-click: as Ctrl+M, the menu's first choice
        self.day_view.downRequested.connect(self.machine_down_from)
        self.day_view.backRequested.connect(self.machine_back_from)
        self.day_view.selectedChanged.connect(self._selected)
        self.move_rest_action.triggered.connect(self.move_rest_selected)
        self.move_one_action.triggered.connect(self.move_one_selected)
        self.undo_move_action.triggered.connect(self.undo_move)
        self.waiting.courseActivated.connect(self.open_waiting_course)
        self.waiting.unbookRequested.connect(self.unbook_unreadable)
        self.waiting.cancelRequested.connect(self.cancel_unreadable)
        self._connect_calendars()

    def _connect_calendars(self) -> None:
        """The calendars still owed: the tab names how many, the discreet mode hides their names, a write is said;
        the occupancy cell the arrows chose is said too."""
        self.discreet.toggled.connect(self.calendars.set_discreet)
        self.calendars.said.connect(self.say)
        self.calendars.countChanged.connect(self._owed)
        self.occupancy.cellChosen.connect(self._say_of_page)
        self.occupancy.cellChosen.connect(self._show_cell)
        self.occupancy.cellActivated.connect(self.open_cell)
        self.waiting.courseChosen.connect(self._say_of_page)
        self.tabs.currentChanged.connect(self._page_changed)

    def _reread_calendars(self) -> None:
        """After a report (which may have written the updates): the calendars still owed, read again."""
        try:
            self.calendars.refresh()
        except (InputError, StoreError) as exc:
            self.say(str(exc) if isinstance(exc, InputError) else store_words(exc, self.desk.store.display_url))

    def _owed(self, count: int) -> None:
        said = self.message.text()
        note = CALENDAR_NOTE.search(said)
        if note is not None:  # the status line follows the calendars still owed (written from the report meanwhile):
            # once none is, it says they were written, not that no patient's calendar changed (whom to phone)
            now = f" {count} patient calendar{'s' if count != 1 else ''} to update." if count else " Every calendar update written."
            if note.group(0) != now:
                self.say(said[:note.start()] + now + said[note.end():])
        index = self.tabs.indexOf(self.calendars)
        self.tabs.setTabText(index, f"&Calendars to update ({count})" if count else "&Calendars")
        self.tabs.setTabToolTip(index, "Patients whose exported calendar changed and who were not given the update")

    # ------------------------------------------------------------------ showing
    @property
    def day(self) -> date:
        value: date = self.date_edit.date().toPython()
        return value

    def show_day(self, day: date) -> None:
        self.date_edit.setDate(QDate(day.year, day.month, day.day))

    def _to_date(self) -> None:
        self.date_edit.setFocus()
        self.date_edit.selectAll()

    def say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setToolTip(text)

    @guarded
    def refresh(self, *_: object) -> None:
        self._redraw()
        self.bookingsChanged.emit()

    def follow_settings(self, settings: Settings) -> None:
        """The coordinator's Settings changed while the window is open: what it writes from now on (calendar updates:
        the clinic's phone, a discreet one without the clinic's name, its file's name) follows them, and the owed
        calendars are read again with them."""
        self.desk.follow_settings(settings)
        self.refresh()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        """Active again (back from another window, or another coordinator's change meanwhile): drawn from
        the store as it is now, so no booking shows where it no longer is. Only when something was written to the
        store since the window last drew from it (by anyone: its change mark moved), or the day turned: the redraw
        reads the agenda twice, the waiting list and the calendars owed, and a coordinator switches windows often."""
        super().changeEvent(event)
        if (event.type() == QEvent.Type.ActivationChange and self.isActiveWindow() and not self.day_view.dragging
                and (self._drawn is None or self._change_mark() != self._drawn)):
            self._redraw()

    def _change_mark(self) -> tuple[str, date] | None:
        """The store's change mark with the desk's today (None when the store offers none: read each time)."""
        mark = self.desk.store.change_mark()
        return None if mark is None else (mark, self.desk.today)

    @guarded
    def _redraw(self) -> None:
        self._drawn = None  # until drawn whole: a failed reading is tried again at the next activation
        mark = self._change_mark()  # before the readings: a write landing during them is read again next time
        day = self.day
        self.day_view.course_rules = self.desk.move_rules  # a drag checks the course's own rules too
        self.day_view.now = self.desk.now  # and never moves a session begun, or into the past
        try:
            self.desk.refresh()  # the department as stored now: another coordinator's downtime, new hours or rules
            self.setWindowTitle(f"Department bookings — {self.desk.department.name}")  # renamed in Department settings
            self.day_view.holds = {m.name: m.holds for m in self.desk.department.machines}
            self.day_view.set_agenda(self.desk.agenda(day, 1), day)
            monday = monday_of(day)
            treating = frozenset(m.name for m in self.desk.department.machines if m.holds is AppointmentKind.FRACTION)
            self.occupancy.set_agenda(self.desk.agenda(monday, min(7, (LATEST_DATE - monday).days + 1)),  # the calendar's last week
                                      treating)
            self.waiting.set_courses(self.desk.waiting(), self.desk.today)
            self.calendars.refresh()
        except (InputError, StoreError) as exc:
            self.say(str(exc) if isinstance(exc, InputError) else store_words(exc, self.desk.store.display_url))
        else:
            self._drawn = mark
            agenda = self.day_view.agenda
            closed = agenda.closed(day) if agenda is not None else None
            why = f", {closed.words(self.day_view.discreet)}" if closed is not None else ""  # a holiday, a closure
            said = self.message.text()
            # what is said of the day shown replaces no line about an action ('Moved ...') on that day, nor its chosen booking
            sayable = day != self._day_said or not said or said.endswith(DAY_NOTES) or (
                said.endswith(CHOSEN_HINTS) and self.day_view.selected_rect() is None)
            self._day_said = day
            weekend = agenda.weekend_sessions(day) if agenda is not None else None
            booked = sum(1 for machine in self.day_view.machines for e in machine.on(day, self.desk.zone) if not e.released)
            if not any(machine.open_hours for machine in self.day_view.machines):
                if sayable:
                    self.say(f"{day_text(day)}{why}: " + (CLOSED_NOTE if not booked else
                                                          f"every machine is closed, yet {counted(booked, 'session')} "
                                                          f"{'is' if booked == 1 else 'are'} booked: {CLOSED_BOOKED_NOTE}"))
            elif weekend is not None and sayable:
                # a weekday without treatment, open in the department's weekend hours: a make-up there is moved by hand within them
                self.say(f"{day_text(day)}{why}: open {clock_text(weekend.start.astimezone(self.desk.zone))}–"
                         f"{clock_text(weekend.end.astimezone(self.desk.zone))} for weekend sessions only (make-ups); "
                         + (WEEKEND_NOTE if booked else WEEKEND_EMPTY_NOTE))
            elif agenda is not None and agenda.damaged and (not said or said.endswith(DAY_NOTES)):
                # a course an older version stored damaged: shown under a stand-in, named, and how to repair it
                self.say(" ".join(f"{printable(words)}; {DAMAGED_NOTE}" for _, words in agenda.damaged))
            elif said.endswith(DAY_NOTES):
                self.say("")  # said of another day
            elif said.endswith(CHOSEN_HINTS):  # it describes the chosen booking: as it is now, or not at all
                chosen = self.day_view.selected
                if chosen is not None and self.day_view.selected_rect() is not None:
                    self._selected(chosen)
                else:
                    self.say("")  # a booking of another day
        if self.day_view.hasFocus():
            self._show_selected()

    def _selected(self, entry: AgendaEntry) -> None:
        """A booking chosen in the day view: in view (the arrows may choose one scrolled away) and said in words."""
        if not self.day_view.dragging:  # a click that starts a drag: the view must not scroll under the mouse
            self._show_selected()
        # the block's words without its 'make-up' ('missed'): the sentence after the time says which session it makes up
        who, which = (identified(entry, self.day_view.discreet),
                      block_label(replace(entry, make_up=None, missed=False), self.day_view.discreet)[1])
        machine = next((m.name for m in self.day_view.machines for e in m.entries if e.key == entry.key), "")
        zone = self.desk.zone
        notes = "; ".join(n for n in (booking_note(entry), moved_from_words(entry)) if n)
        made_up = f"; {notes}" if notes else ""
        if entry.start <= self.desk.now():
            hint = BEGUN_HINT  # a session begun is never moved
        elif not any(machine.open_hours for machine in self.day_view.machines):
            hint = CLOSED_DAY_HINT  # no slot of the day takes it: Shift+arrows could only be refused
        else:
            hint = CHOSEN_HINT
        self._say_of_page(f"{who} ({which}): {machine}, {clock_text(entry.start.astimezone(zone))}–"
                          f"{clock_text(entry.end.astimezone(zone))}{made_up}. " + hint)

    def _say_of_page(self, text: str) -> None:
        """Say what belongs to one page (the booking chosen in the day view, the occupancy's cell): it goes when
        another page is shown, so 'Waiting to start' does not read 'Shift+arrows move it' of a booking not in sight."""
        self.say(text)
        self._page_said = text

    def _page_changed(self, _index: int) -> None:
        if self.message.text() and self.message.text() != self._page_said:
            return  # a line about an action (a move, a downtime) stays until the next
        chosen = self.day_view.selected
        if self.tabs.currentWidget() is self.day_scroll and chosen is not None and self.day_view.selected_rect() is not None:
            self._selected(chosen)
        else:
            self.say("")

    def open_cell(self, day: date | None, machine: str | None) -> None:
        """An occupancy cell opened (Enter, a double-click): its day in the Day tab, with the keys there, scrolled to
        its machine's first booking, chosen (a machine with none: its column in sight, and said). The week's total
        is no day: said how to open one."""
        if day is None:
            self._say_of_page("The week's total is no day to open: choose a day's cell (Left) and press Enter, or double-click it.")
            return
        self.show_day(day)
        self.tabs.setCurrentWidget(self.day_scroll)
        view = self.day_view
        names = [m.name for m in view.machines]
        first = next(iter(sorted(view.agenda.machine(machine).on(day, view.agenda.tz), key=lambda e: e.start)), None) \
            if machine in names and view.agenda is not None else None
        if first is not None:
            view.choose(first)  # said, and scrolled to, as the arrows choose one
        elif machine in names:  # none of its own: no other machine's booking chosen, as the status line says
            view.choose_none()
        view.setFocus(Qt.FocusReason.OtherFocusReason)
        if machine in names and first is None:
            left, width = view.column_span(names.index(machine))
            self.day_scroll.ensureVisible(int(left + width / 2), self.day_scroll.verticalScrollBar().value(), int(width / 2), 0)
            self._say_of_page(f"{machine} has no booking on {day_text(day)}.")

    def find_patient(self) -> None:
        """Ctrl+F: in 'Waiting to start', its Find field; elsewhere the name or hospital number asked, and the day
        view's first booking of the day shown that matches chosen (scrolled to and said, as the arrows choose one)."""
        if self.tabs.currentWidget() is self.waiting_page:
            self.waiting_page.find.setFocus(Qt.FocusReason.ShortcutFocusReason)
            self.waiting_page.find.selectAll()
            return
        text, given = QInputDialog.getText(self, "Find a patient", "Patient's name or hospital number, on the day shown:",
                                           text=self._found)
        if given and text.strip():
            self._found = text.strip()
            self._found_index = -1
            self.find_next()

    def day_matches(self, text: str) -> list[AgendaEntry]:
        """The day view's bookings whose patient's name or hospital number holds `text` (any case), by time then machine."""
        wanted = text.casefold()
        names = [m.name for m in self.day_view.machines]
        found = [(entry.start, names.index(m.name), entry) for m in self.day_view.machines for entry in m.entries
                 if not entry.unreadable and (wanted in entry.patient.casefold() or wanted in entry.hospital_number.casefold())]
        return [entry for *_, entry in sorted(found, key=lambda each: each[:2])]

    def find_next(self) -> None:
        """F3: the next booking of the day that matches what Ctrl+F found last (round to the first after the last)."""
        if not self._found:  # nothing found yet: asked first, as Ctrl+F
            self.find_patient()
            return
        matches = self.day_matches(self._found)
        if not matches:
            self.tabs.setCurrentWidget(self.day_scroll)
            typed = "what was typed" if self.discreet.isChecked() else f"'{printable(self._found)}'"  # no name on a discreet screen
            self._say_of_page(f"No booking on {day_text(self.day)} matches {typed} (name or hospital number).")
            return
        self._found_index = (self._found_index + 1) % len(matches)
        self.tabs.setCurrentWidget(self.day_scroll)
        self.day_view.setFocus(Qt.FocusReason.OtherFocusReason)
        self.day_view.choose(matches[self._found_index])  # said and scrolled to
        if len(matches) > 1:
            self._say_of_page(f"{self.message.text()} Match {self._found_index + 1} of {len(matches)}: F3 finds the next.")

    def _said_discreetly(self, discreet: bool) -> None:
        """The status line follows Discreet at once: the chosen booking said again (initials, or the name and
        hospital number), and any other line, which may name a patient ('Moved Zoë Ångström ...'), cleared
        when Discreet goes on, so a screen in a treatment room shows no name from before."""
        chosen = self.day_view.selected
        if self.message.text().endswith(CHOSEN_HINTS) and chosen is not None and self.day_view.selected_rect() is not None:
            self._selected(chosen)
        elif discreet:
            self.say("")

    def _outline_said(self, words: str) -> None:
        """Shift+arrows moved the chosen booking's outline: said, and kept in sight as it goes down or across."""
        self._say_of_page(words)
        rect = self.day_view.outline_rect()
        if rect is not None:
            self.day_scroll.ensureVisible(int(rect.center().x()), int(rect.center().y()), int(rect.width() / 2 + self.day_view.axis_width) + 4,
                                          int(rect.height() / 2 + HEADER) + 4)

    def _show_cell(self, *_: object) -> None:
        """The occupancy's chosen cell in view, with the row of days above it where the week scrolls."""
        rect = self.occupancy.cell_rect(*self.occupancy.current)
        self.occupancy_scroll.ensureVisible(int(rect.center().x()), int(rect.center().y()), int(rect.width() / 2) + 4,
                                            int(rect.height() / 2 + HEADER) + 4)

    def _show_selected(self) -> None:
        rect = self.day_view.selected_rect()
        if rect is not None:  # clear of the machines' names, which lie over the top of the view
            self.day_scroll.ensureVisible(int(rect.center().x()), int(rect.center().y()), int(rect.width() / 2 + self.day_view.axis_width) + 4,
                                          int(rect.height() / 2 + HEADER) + 4)

    # ------------------------------------------------------------------ actions
    @guarded
    def move_entry(self, entry: AgendaEntry, machine: str, start: datetime) -> None:
        before = next((m.name for m in self.day_view.machines for e in m.entries if e.key == entry.key), "")
        what = f"Fraction {entry.shown_number}" if entry.kind is AppointmentKind.FRACTION else KIND_LABELS[entry.kind]
        if not may_leave_group(self, self.desk, before, machine, what):
            self.say(f"Not moved: {not_beam_matched(self.desk.department, before, machine)}.")
            return
        updates = self._relocate(entry, machine, start, "Not moved")
        if updates is not None:
            zone = self.desk.zone
            who, which = block_label(entry, self.discreet.isChecked())
            self.say(f"Moved {who} ({which}) from {before} at {clock_text(entry.start.astimezone(zone))} to {machine} at "
                     f"{clock_text(start.astimezone(zone))}." + self._calendar_note(updates) + " Ctrl+Z puts it back.")
            self._remember_move(entry, before, machine, start)
        self.refresh()

    def _remember_move(self, entry: AgendaEntry, before: str, machine: str, start: datetime) -> None:
        """One booking moved by hand, for Ctrl+Z to put back (the last UNDO_DEPTH of them)."""
        self._moves = [*self._moves[-(UNDO_DEPTH - 1):], (entry, before, machine, start)]
        self.undo_move_action.setEnabled(True)

    def _relocate(self, entry: AgendaEntry, machine: str, start: datetime, refused: str) -> list[CalendarUpdate] | None:
        """Move one booking; None (and the reason said after `refused`) when the store refuses."""
        try:
            return self.desk.move(entry.course_id, [Relocation(entry.kind, entry.number, machine, start)])
        except SlotTaken as exc:
            self.say(f"{refused}: {exc}.")
        except InputError as exc:
            self.say(f"{refused}: {exc.reason}")
        except StoreError as exc:
            self.say(f"{refused}. {store_words(exc, self.desk.store.display_url)}")
        return None

    @guarded
    def undo_move(self) -> None:
        """Put the booking moved last back, unless it was changed since or its old place was taken meanwhile."""
        if not self._moves:
            return
        entry, machine_from, machine, start = self._moves.pop()
        self.undo_move_action.setEnabled(bool(self._moves))
        who, which = block_label(entry, self.discreet.isChecked())
        zone = self.desk.zone
        day = start.astimezone(zone).date()
        now = self.desk.agenda(day, 1, machine).machines[0].entries
        if not any(e.key == entry.key and same_instant(e.start, start) for e in now):
            self._moves.clear()
            self.undo_move_action.setEnabled(False)
            self.say(f"Not put back: {who} ({which}) was changed since it was moved.")
            self.refresh()
            return
        updates = self._relocate(entry, machine_from, entry.start, "Not put back")
        if updates is not None:
            self.say(f"Put back {who} ({which}) on {machine_from} at {clock_text(entry.start.astimezone(zone))}." + self._calendar_note(updates))
        self.refresh()

    def forget_moves(self) -> None:
        """Bookings changed in bulk (a downtime, a re-optimisation, the rest of a course): no single move to put back."""
        self._moves.clear()
        self.undo_move_action.setEnabled(False)

    def move_rest_selected(self) -> None:
        """Ctrl+Shift+R: the rest of the course of the booking chosen in the day view."""
        if self._chosen() is not None:
            self.move_rest(self.day_view.selected)

    def move_one_selected(self) -> None:
        """Ctrl+M: the booking chosen in the day view, alone, to another day."""
        chosen = self._chosen()
        if chosen is not None:
            self.move_one(chosen)

    def _chosen(self) -> AgendaEntry | None:
        """The booking chosen in the day view, or None (and the day view focused, and told how to choose one)."""
        if self.day_view.selected is None or self.day_view.selected_rect() is None:
            self.tabs.setCurrentIndex(0)
            self.day_view.setFocus()
            self.say("Choose a booking in the day view first (click it, or Tab to the day and use the arrows).")
            return None
        return self.day_view.selected

    @guarded
    def move_one(self, entry: AgendaEntry) -> None:
        """Move one session to another day, time or machine (Ctrl+Z puts it back, as after a drag). One that has begun
        (given, or missed) stays as it was: said at once, rather than a dialog whose Move can only be refused."""
        now = self.desk.now().astimezone(self.desk.zone)  # its time said on the department's clock
        begun = past_reason(entry.kind, entry.number, entry.start, entry.start, now) if entry.start < now else None
        if begun is not None:
            rest = " Ctrl+Shift+R moves the rest of the course." if entry.kind is AppointmentKind.FRACTION else ""
            self.say(f"Not moved: {begun}.{rest}")
            return
        before = next((m.name for m in self.day_view.machines for e in m.entries if e.key == entry.key), self.desk.machine_names()[0])
        dialog = MoveOneDialog(self.desk, entry, before, self, discreet=self.discreet.isChecked())
        if not dialog.exec() or dialog.moved is None:
            return
        machine, start = dialog.moved
        who, which = block_label(entry, self.discreet.isChecked())
        zone = self.desk.zone
        self.say(f"Moved {who} ({which}) from {before} on {day_text(entry.start.astimezone(zone).date())} at "
                 f"{clock_text(entry.start.astimezone(zone))} to {machine} on {day_text(start.astimezone(zone).date())} at "
                 f"{clock_text(start.astimezone(zone))}." + self._calendar_note(dialog.updates) + " Ctrl+Z puts it back.")
        self._remember_move(entry, before, machine, start)
        self.refresh()

    @guarded
    def move_rest(self, entry: AgendaEntry) -> None:
        who, _ = block_label(entry, self.discreet.isChecked())
        if entry.kind is not AppointmentKind.FRACTION:  # its number is no fraction's: "the rest" would be the whole course
            self.say(f"The rest of a course is moved from one of its treatment sessions; this is {who}'s "
                     f"{KIND_LABELS[entry.kind].lower()} (drag it, or Shift+arrows, to move it alone).")
            return
        found = next(((m.name) for m in self.day_view.machines for e in m.entries if e.key == entry.key), self.desk.machine_names()[0])
        dialog = MoveRestDialog(self.desk, entry, found, self, discreet=self.discreet.isChecked())
        if dialog.exec():
            self.forget_moves()
            self.say(f"Moved {who}'s fractions {dialog.first_moved} to {entry.total} to {dialog.machine.currentText()} at "
                     f"{dialog.time.time().toString('HH:mm')}." + self._calendar_note(dialog.updates))
            self.refresh()

    @guarded
    def machine_down(self) -> None:
        chosen = self.day_view.selected
        machine = next((m.name for m in self.day_view.machines for e in m.entries if chosen is not None and e.key == chosen.key), None)
        self._take_down(MachineDownDialog(self.desk, self.day, self, machine=machine))

    @guarded
    def machine_down_from(self, machine: str, start: datetime) -> None:
        """Free time right-clicked in the day view: the machine down from that moment (the dialog starts there)."""
        wall = start.astimezone(self.desk.zone).replace(tzinfo=None)
        self._take_down(MachineDownDialog(self.desk, self.day, self, machine=machine, start=wall))

    @guarded
    def machine_back(self) -> None:
        """Bookings → Machine back sooner…: the downtime of the machine chosen in the day view, else the first to end."""
        from .machine_back_dialogs import MachineBackDialog

        chosen = self.day_view.selected
        machine = next((m.name for m in self.day_view.machines for e in m.entries if chosen is not None and e.key == chosen.key), None)
        self._bring_back(MachineBackDialog(self.desk, self, machine=machine, day=self.day))

    @guarded
    def machine_back_from(self, machine: str, down_start: datetime, at: datetime) -> None:
        """A downtime right-clicked in the day view: back sooner, from the moment right-clicked (the dialog starts there)."""
        from .machine_back_dialogs import MachineBackDialog

        down = next((d for d in self.desk.department.downtime_of(machine) if d.start == down_start), None)
        self._bring_back(MachineBackDialog(self.desk, self, machine=machine, down=down, at=at))

    def _bring_back(self, dialog: QDialog) -> None:
        from .machine_back_dialogs import MachineBackDialog, MachineBackReport

        assert isinstance(dialog, MachineBackDialog)
        if not dialog.exec() or dialog.report is None:
            return
        report = dialog.report
        self.forget_moves()
        self.refresh()
        back = len(report.moved_back)
        self.say(f"{report.machine} back sooner: {back} session{'s' if back != 1 else ''} moved back"
                 + (f", {len(report.stayed)} stay where they are" if report.stayed else "")
                 + (f"; URGENT: {counted(len(report.urgent), 'urgent course')} still start{'s' if len(report.urgent) == 1 else ''} "
                    "later" if report.urgent else "") + "." + self._calendar_note(dialog.updates))
        MachineBackReport(self.desk, report, dialog.updates, self, discreet=self.discreet.isChecked()).exec()
        self._reread_calendars()

    def _take_down(self, dialog: MachineDownDialog) -> None:
        if not dialog.exec() or dialog.report is None:
            return
        self._rebooked(f"{dialog.report.downtime.machine} down", dialog.report, dialog.updates)
        DownReportDialog(self.desk, dialog.report, dialog.updates, self, discreet=self.discreet.isChecked()).exec()
        self._reread_calendars()

    @guarded
    def close_department(self) -> None:
        """The whole department closed for a day or a few: the closure and its re-booking, then the report."""
        dialog = CloseDepartmentDialog(self.desk, self.day, self)
        if not dialog.exec() or dialog.report is None:
            return
        self._rebooked(f"Department closed {closed_span(dialog.report)}", dialog.report, dialog.updates)
        ClosureReportDialog(self.desk, dialog.report, dialog.updates, self, discreet=self.discreet.isChecked()).exec()
        self._reread_calendars()

    @guarded
    def move_back_after_reopening(self) -> None:
        """Bookings → Move back after reopening…: the days the department reopened while what their closures moved stayed
        (Department settings' "Leave them where they are", `reopen` without --move-back), then Department settings' own
        question (what can go back, what would stay) and its report."""
        from ..app.reopening import reopened_still_moved
        from .reopen_dialogs import ReopenedDaysDialog, offer_reopen_move_back

        days = reopened_still_moved(self.desk)
        if not days:
            self.say("No day the department reopened has sessions its closure moved still to move back.")
            return
        dialog = ReopenedDaysDialog(days, self)
        if not dialog.exec():
            return
        moved = offer_reopen_move_back(self.desk, dialog.chosen(), self, discreet=self.discreet.isChecked())
        self.forget_moves()
        self.refresh()
        if moved:
            self.say(f"The department reopened: {moved}.")
        self._reread_calendars()

    def _rebooked(self, what: str, report: RebookReport | ClosureReport, updates: list[CalendarUpdate]) -> None:
        """After a downtime or a closure re-booked: drawn from the store again, and said how many moved."""
        self.forget_moves()
        self.refresh()
        moved, unplaced = len(report.moved) + len(report.appended), len(report.unplaced)
        urgent = len(report.urgent)  # said in the status line too: the report says who, first
        self.say(f"{what}: {moved} session{'s' if moved != 1 else ''} moved"
                 + (f", {unplaced} could not be placed" if unplaced else "")
                 + (f"; URGENT: {urgent} urgent course{'s' if urgent != 1 else ''} now start{'s' if urgent == 1 else ''} later"
                    if urgent else "") + "." + self._calendar_note(updates))

    @guarded
    def reoptimise(self) -> None:
        dialog = ReoptimiseDialog(self.desk, self)
        if not dialog.exec() or dialog.answer is None:
            return
        self.forget_moves()
        self.refresh()
        changed = len(dialog.answer.changes)
        self.say(f"Re-optimised: {changed} course{'s' if changed != 1 else ''} placed anew." + self._calendar_note(dialog.updates)
                 if changed else "Re-optimised: no course could start earlier; nothing changed.")
        ReoptimiseReportDialog(self.desk, dialog.answer, dialog.updates, self, discreet=self.discreet.isChecked()).exec()
        self._reread_calendars()

    @guarded
    def book_selected(self) -> None:
        rows = {index.row() for index in self.waiting.selectionModel().selectedRows()}
        if not rows and 0 <= self.waiting.currentRow() < len(self.waiting.courses):
            rows = {self.waiting.currentRow()}  # the row with the keys' focus frame, reached by Tab: what the coordinator sees chosen
        if len(rows) != 1:
            self.tabs.setCurrentWidget(self.waiting_page)
            self.focus_page()  # the arrows then choose a course and Ctrl+B books it, rather than change the day shown
            # The keys' frame on the first course not booked yet (not on the first row, booked already, whose Book
            # dialog only says so): Enter or Ctrl+B again books the course most likely meant.
            unbooked = next((row for row, course in enumerate(self.waiting.courses)
                             if course.booked_first is None and not course.unreadable), None)  # one that can be booked
            if unbooked is None:
                self.say("Choose a course in 'Waiting to start' first.")
                return
            self.waiting.setCurrentCell(unbooked, 0)
            self.say("Choose a course in 'Waiting to start' first: the first not booked yet is chosen (Enter or Ctrl+B "
                     "books it; the arrows choose another).")
            return
        self.book_course(self.waiting.courses[rows.pop()].course_id)

    @guarded
    def open_waiting_course(self, course_id: str) -> None:
        """Enter or a double-click in 'Waiting to start', as its status line says: a booked course with no make-up
        waiting shows its booking (its first session to come, chosen in the Day tab); any other is booked (the Book
        dialog books a booked course's waiting make-ups)."""
        chosen = next((c for c in self.waiting.courses if c.course_id == course_id), None)
        if chosen is None or chosen.booked_first is None or chosen.unreadable or self.desk.make_ups_waiting(course_id):
            self.book_course(course_id)
            return
        self.show_course_booking(course_id)

    def show_course_booking(self, course_id: str) -> None:
        """The course's first booked session still to come (else its last) in the Day tab, chosen and said, with the keys."""
        booking = self.desk.coming_booked(course_id)
        if booking is None:  # unbooked meanwhile: the list is read again, and says so
            self.refresh()
            return
        day = booking.start.astimezone(self.desk.zone).date()
        self.show_day(day)
        self.tabs.setCurrentWidget(self.day_scroll)
        view = self.day_view
        machine = view.agenda.machine(booking.machine) if view.agenda is not None else None
        entry = next((e for e in machine.on(day, self.desk.zone) if (e.course_id, e.kind, e.number) ==
                      (booking.course_id, booking.kind, booking.number)), None) if machine is not None else None
        if entry is not None:
            view.choose(entry)  # said in the status line, and scrolled to, as the arrows choose one
        view.setFocus(Qt.FocusReason.OtherFocusReason)

    @guarded
    def book_course(self, course_id: str) -> None:
        chosen = next((c for c in self.waiting.courses if c.course_id == course_id), None)
        if chosen is not None and chosen.unreadable:  # no plan to book it by: why, and what to do, instead of a dialog
            self.say(f"Not booked: {printable(chosen.unreadable)}.")
            return
        patient = chosen.patient if chosen is not None else ""
        dialog = BookDialog(self.desk, course_id, patient, self, discreet=self.discreet.isChecked())
        if dialog.exec() and dialog.booked is not None:
            booked = dialog.booked
            # the patient named (initials on a discreet screen): a filtered list may no longer show the course booked
            who = (initials(patient) if self.discreet.isChecked() else printable(patient)) if patient else course_id
            self.say(f"Booked {who} from {short_day(booked.first)} on {booked.machine} at {booked.time:%H:%M}.")
            self.show_day(booked.first)
            self.refresh()

    def _unwritten(self, course_id: str) -> str:
        """After a course that cannot be read was unbooked or cancelled: that its owed calendar update is not written."""
        return " Its patient's calendar update is owed and is not written until the course can be read." \
            if course_id in self.desk.damaged_owed([course_id]) else ""

    @guarded
    def unbook_unreadable(self, course_id: str) -> None:
        """Release the bookings of a course that cannot be read (its right-click menu in the waiting list), after asking."""
        answer = QMessageBox.question(self, "Unbook course", f"Release every booking of course {course_id} (it cannot be read)? "
                                      "Its machine time goes back to the department.",
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                                      QMessageBox.StandardButton.Cancel)
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            released, _ = self.desk.unbook(course_id)
        except (InputError, StoreError) as exc:
            self.say(f"Not unbooked: {window_words(exc)}." if isinstance(exc, InputError) else
                     f"Not unbooked. {store_words(exc, self.desk.store.display_url)}")
            return
        self.refresh()
        self._reread_calendars()
        self.say(f"Released {counted(released, 'booked appointment')} of course {course_id}." + self._unwritten(course_id))

    @guarded
    def cancel_unreadable(self, course_id: str) -> None:
        """Cancel a course that cannot be read (its right-click menu in the waiting list) after the confirmation the
        main window asks: its coming bookings released, those given kept."""
        from ..app.cancelling import cancel_course, cancel_outlook
        from ..store.db import CourseConflict
        from .course_cancel import cancel_box

        try:
            outlook = cancel_outlook(self.desk, course_id)
            # named as the list names it too, so the coordinator sees which row it is
            box, confirm = cancel_box(self, replace(outlook, patient=f"{outlook.patient or 'this patient'} (course {course_id}, "
                                                                      "which cannot be read)"))
            box.exec()
            if box.clickedButton() is not confirm:
                return
            done = cancel_course(self.desk, course_id, expected_version=outlook.version)
        except CourseConflict as exc:
            self.say(f"Not cancelled: {exc.details.changed_by} changed course {course_id} meanwhile; nothing was changed.")
            return
        except (InputError, StoreError) as exc:
            self.say(f"Not cancelled: {exc.reason}." if isinstance(exc, InputError) else
                     f"Not cancelled. {store_words(exc, self.desk.store.display_url)}")
            return
        self.refresh()
        self._reread_calendars()
        self.say(f"Cancelled course {course_id}: released {counted(done.released, 'coming booking')}."
                 + self._unwritten(course_id))

    def _name_print_day(self, *_: object) -> None:
        """The print action names the day it prints (the toolbar's): in the menu, its tooltip and the status line."""
        shown = short_day(self.day)
        self.print_action.setText(f"Pr&int day list of {shown}…")
        self.print_action.setToolTip(f"Print the day list of {day_text(self.day)} (Ctrl+P)")
        self.print_action.setStatusTip(f"Print the day list of {day_text(self.day)}, the day shown")

    def _step_day(self, days: int) -> date:
        """The day shown moved by `days` (as Previous and Next do): the day the print dialog then prints."""
        self.show_day(self.day + timedelta(days=days))
        return self.day

    @guarded
    def print_day_list(self) -> None:
        """Ask what to print of the day (every machine or one, a page each, discreet), then preview it."""
        dialog = DayListDialog(self.desk.machine_names(), self.discreet.isChecked(), self, day=self.day, step=self._step_day)
        if not dialog.exec():
            return
        machine = dialog.machine_name()
        self.preview(self.day_list(machine, discreet=dialog.discreet.isChecked(), page_per_machine=dialog.own_pages.isChecked()),
                     f"Day list of {day_text(self.day)}, {machine or 'every machine'}: print preview")

    def day_list(self, machine: str | None, *, discreet: bool, page_per_machine: bool) -> DayListDocument:
        """The day list of the day shown: one machine's, or every machine's."""
        from .printing.day_list import DayListDocument

        return DayListDocument(self.desk.agenda(self.day, 1, machine), self.day, discreet=discreet,
                               clinic_name=self.desk.department.name, printed_on=date.today(), page_per_machine=page_per_machine)

    def preview(self, document: DayListDocument, title: str = "") -> None:
        from PySide6.QtPrintSupport import QPrinter

        from .printing.output import page_layout, paper_size

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)  # kept here while the preview uses it
        printer.setPageLayout(page_layout(document, paper_size(None)))
        self.preview_dialog(printer, document, title).exec()

    def preview_dialog(self, printer: QPrinter, document: DayListDocument, title: str) -> QPrintPreviewDialog:
        """The print preview, titled with what it prints and as large as the screen's available area allows:
        its toolbar then shows every button (Print too) rather than folding them behind »."""
        from .printing.output import print_preview

        return print_preview(printer, document, self, title)

    @staticmethod
    def _calendar_note(updates: list[CalendarUpdate]) -> str:
        if not updates:
            return ""
        return f" {len(updates)} patient calendar{'s' if len(updates) != 1 else ''} to update."

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        """Escape closes the window, as it does a dialog, once nothing inside used it: a drag in the day
        view cancels on it first, and a date typed and not confirmed is put back first."""
        if event.key() != Qt.Key.Key_Escape or event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            super().keyPressEvent(event)
        elif self.day_view.dragging:
            self.day_view.cancel_drag()
        elif self.date_edit.text().strip() != day_text(self.day):
            self.show_day(self.day)  # the field shows its date again and forgets the problem
        else:
            self.close()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        self.desk.store.close()
        super().closeEvent(event)


NO_DEPARTMENT = ("The department's store has no department yet: no machines, opening hours or capabilities to book on.\n\n"
                 "Import the department's file with Department → Import department file… (or enter the department "
                 "by hand in Department → Department settings…).")


def offer_department_import(parent: QWidget, title: str) -> bool:
    """Say that the store has no department and offer to import one (or enter it); True once it has one."""
    tie = getattr(parent, "link_store", None)
    if callable(tie):
        tie()  # the window's store entries (it waits for the Department menu's first opening otherwise)
    link = getattr(parent, "store_link", None)
    box = QMessageBox(QMessageBox.Icon.Information, title, NO_DEPARTMENT, parent=parent)
    importing = box.addButton("&Import department file…", QMessageBox.ButtonRole.AcceptRole) if link is not None else None
    settings = box.addButton("&Department settings…", QMessageBox.ButtonRole.ActionRole) if link is not None else None
    box.addButton(QMessageBox.StandardButton.Close)
    if importing is not None:
        box.setDefaultButton(importing)
    box.exec()
    chosen = box.clickedButton()
    if link is None or chosen is None:
        return False
    if chosen is importing:
        return bool(link.import_department())
    if chosen is settings:
        link.edit_department()
        return link.department is not None
    return False


def open_department(parent: QWidget, database: str, catalogue: object, clinic_phone: str = "",
                    holidays: HolidaySource | None = None, clinic_name: str = "",
                    discreet_shows_id: bool = True) -> DepartmentWindow | None:
    """Open the department window on the store (None, after saying why, when it cannot be opened).
    One is enough: when it is open already it is raised, drawn afresh and None is returned (its
    bookingsChanged is connected already), rather than a second window that would show stale bookings."""
    from ..app.booking import open_desk
    from ..core.catalogue import Catalogue

    shown = next((w for w in parent.findChildren(DepartmentWindow) if w.isVisible()), None)
    if shown is not None:
        shown.showNormal()
        shown.activateWindow()  # the window manager brings it to the front
        shown.refresh()
        return None

    assert isinstance(catalogue, Catalogue)
    try:
        desk = open_desk(None, catalogue, setting=database, clinic_phone=clinic_phone, holidays=holidays, clinic_name=clinic_name,
                         discreet_shows_id=discreet_shows_id)
    except NoDepartment:
        if not offer_department_import(parent, "Department bookings"):
            return None
        return open_department(parent, database, catalogue, clinic_phone, holidays, clinic_name, discreet_shows_id)
    except (InputError, StoreError) as exc:
        QMessageBox.warning(parent, "Department bookings", f"The department store cannot be opened:\n{exc}")
        return None
    window = DepartmentWindow(desk, parent=parent)
    window.setWindowFlag(Qt.WindowType.Window, True)
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
    window.show()
    return window


def book_open_course(parent: QWidget, database: str, catalogue: object, course_id: str, patient: str,
                     holidays: HolidaySource | None = None, settings: Settings | None = None) -> str | None:
    """Book the course open in the main window (it must be in the department store): None when nothing was booked,
    "" once the course is booked, and what was booked in words when only its waiting make-ups were. `settings`: the
    coordinator's, whose clinic phone and name the re-check of an exported calendar uses, as the window's export did."""
    from ..app.booking import open_desk
    from ..core.catalogue import Catalogue

    assert isinstance(catalogue, Catalogue)
    try:
        desk = open_desk(None, catalogue, setting=database, holidays=holidays)
    except NoDepartment:
        if not offer_department_import(parent, "Book course"):
            return None
        return book_open_course(parent, database, catalogue, course_id, patient, holidays, settings)
    except (InputError, StoreError) as exc:
        QMessageBox.warning(parent, "Book course", f"The department store cannot be opened:\n{exc}")
        return None
    if settings is not None:
        desk.follow_settings(settings)
    try:
        dialog = BookDialog(desk, course_id, patient, parent)
        if not dialog.exec():
            return None
        if dialog.made_up:
            zone = desk.zone
            return " ".join(f"Booked the make-up for the session missed on {day_text(b.make_up.day) if b.make_up else '?'}: "
                            f"{b.machine} {short_day(b.start.astimezone(zone).date())} {b.start.astimezone(zone):%H:%M}."
                            for b in dialog.made_up)
        return "" if dialog.booked is not None else None
    finally:
        desk.store.close()
