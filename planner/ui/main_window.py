"""The main window: builds the widgets and connects them; each action is a small method that
calls the session (and through it the core) and reports success or failure.

The window is built in two steps. The frame (menus, toolbar, status bar) needs only a few Qt
classes, so the desktop start-up shows it at once; the form, the schedule views, the catalogue
and the first course, which need the core and most of Qt, come in `finish_start` right after
the first paint. This module imports them there, not at its top (see docs/PERFORMANCE.md).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QIcon, QKeySequence, QPaintEvent, QUndoStack
from PySide6.QtWidgets import QFileDialog, QLabel, QMainWindow, QMenu, QMessageBox, QTableView, QTabWidget, QToolBar, QWidget

from .. import APP_NAME
from ..app.catalogues import catalogue_at
from ..core.clinic import HolidaySource, PackageHolidays
from ..resources_path import resource_path
from ..store.settings import Settings, save_settings
from .guard import guarded

if TYPE_CHECKING:
    from PySide6.QtCore import QModelIndex, QPoint

    from ..core.catalogue import Catalogue
    from ..core.kinds import AppointmentKey
    from ..core.schedule import Schedule
    from ..store.db import Store
    from .course_form import CourseForm
    from .dialogs import PrintChoice
    from .month_view import MonthPanel
    from .printing import PrintContext
    from .printing.output import PrintDocument
    from .schedule_model import ScheduleTableModel
    from .session import BuildResult, CourseSession
    from .store_link import StoreLink
    from .week_view import WeekPanel

def first_size() -> tuple[int, int]:
    """The window's size on a first start: 1280x860, or the screen's free area on a laptop's smaller screen."""
    screen = QGuiApplication.primaryScreen()
    if screen is None:
        return 1280, 860
    free = screen.availableGeometry()
    return min(1280, free.width()), min(860, free.height() - 40)  # the title bar sits outside the window's height


class MainWindow(QMainWindow):
    session: CourseSession
    form: CourseForm
    model: ScheduleTableModel
    table: QTableView
    tabs: QTabWidget
    summary: QLabel
    notices: QLabel

    def __init__(self, settings: Settings, catalogue: Catalogue | None = None, persist_settings: bool = True,
                 deferred: bool = False, open_path: Path | None = None, open_store: Callable[[], Store] | None = None,
                 holidays: HolidaySource | None = None) -> None:
        """`catalogue`: None for the one the settings name (the shipped one, with a warning, when it
        cannot be read). `deferred`: show the frame first and fill it on the next turn of the
        event loop after the first paint (the desktop start-up); otherwise the window is
        complete when the constructor returns. `open_store`: opens the department's store once
        the first course shows (None: the window works on course files only)."""
        super().__init__()
        self.settings = settings
        self.holidays: HolidaySource = holidays if holidays is not None else PackageHolidays()  # handed to all it opens
        self.persist_settings = persist_settings
        self._catalogue = catalogue
        self._pending_open = open_path
        self._print_choice: PrintChoice | None = None  # the last print's layout, weeks, days and hours
        self._started = False
        self._deferred = deferred
        self._open_store = open_store
        self.store_link: StoreLink | None = None
        self.undo_stack = QUndoStack(self)
        self.setWindowIcon(QIcon(str(resource_path("icons/planner.svg"))))
        self._init_actions()
        self._init_menus()
        self._init_toolbar()
        self.setCentralWidget(QWidget())
        self.setWindowTitle(APP_NAME)
        for action in self._course_actions:
            action.setEnabled(False)
        self.recent_menu.setEnabled(False)
        self.statusBar().showMessage("Loading…")
        if settings.window_geometry:
            self.restoreGeometry(QByteArray.fromBase64(settings.window_geometry.encode("ascii")))
        else:
            self.resize(*first_size())
        if not deferred:
            self.finish_start()

    @property
    def started(self) -> bool:
        """True once the form, the views and the first course are in place."""
        return self._started

    # ------------------------------------------------------------------ building
    def _action(self, text: str, slot: object, shortcut: QKeySequence.StandardKey | str | None = None,
                tip: str = "") -> QAction:
        action = QAction(text, self)
        # setShortcuts, not setShortcut: the latter's overloads make PySide6 load the whole Qt
        # namespace (93 enums, about 15 ms) before the first paint.
        if isinstance(shortcut, str):
            action.setShortcuts([QKeySequence(shortcut)])
        elif shortcut is not None:
            action.setShortcuts(shortcut)
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        action.triggered.connect(slot)
        return action

    def _init_actions(self) -> None:
        self.new_action = self._action("&New", self.new_course, QKeySequence.StandardKey.New, "Start a new course")
        self.open_action = self._action("&Open…", self.open_course, QKeySequence.StandardKey.Open, "Open a saved course")
        self.save_action = self._action("&Save", self.save_course, QKeySequence.StandardKey.Save, "Save the course")
        self.save_as_action = self._action("Save &As…", self.save_course_as, QKeySequence.StandardKey.SaveAs,
                                           "Save the course under a new name")
        self.export_action = self._action("&Export calendar (.ics)…", self.export_calendar, "Ctrl+E",
                                          "Write the course as a calendar file for the patient's phone")
        self.print_action = self._action("&Print…", self.print_course, QKeySequence.StandardKey.Print,
                                         "Print the weekly view or the course sheet")
        self.quit_action = self._action("&Quit", self.close, QKeySequence.StandardKey.Quit)
        self.undo_action = self.undo_stack.createUndoAction(self, "&Undo")
        self.undo_action.setShortcuts(QKeySequence.StandardKey.Undo)
        self.redo_action = self.undo_stack.createRedoAction(self, "&Redo")
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        self.move_action = self._action("&Move appointment…", self.move_selected, "Ctrl+M",
                                        "Move the selected appointment to another date or time")
        self.missed_action = self._action("Mark fraction &missed…", self.missed_selected, "Ctrl+Shift+M",
                                          "Mark the selected fraction missed and choose how it is made up")
        self.retime_action = self._action("Re-time the rest of the course…", lambda: self.change_rest_of_course(False), None,
                                          "From a fraction on, every session at another time")
        self.shift_action = self._action("Shift the rest by one open day…", lambda: self.change_rest_of_course(True), None,
                                         "From a fraction on, the rest of the course one open day later")
        self.settings_action = self._action("&Settings…", self.edit_settings, QKeySequence.StandardKey.Preferences,
                                            "Clinic name, phone, time zone, treatment days, holidays, catalogue")
        self.about_action = self._action("&About", self.about)
        # What needs the course: off until `finish_start` has built it.
        self._course_actions = [self.new_action, self.open_action, self.save_action, self.save_as_action,
                                self.export_action, self.print_action, self.move_action, self.missed_action,
                                self.retime_action, self.shift_action,
                                self.settings_action]

    def _init_menus(self) -> None:
        bar = self.menuBar()
        files = bar.addMenu("&File")
        files.addActions([self.new_action, self.open_action])
        self.recent_menu = files.addMenu("Open &Recent")
        files.addActions([self.save_action, self.save_as_action])
        files.addSeparator()
        files.addActions([self.export_action, self.print_action])
        files.addSeparator()
        files.addAction(self.quit_action)
        edit = bar.addMenu("&Edit")
        edit.addActions([self.undo_action, self.redo_action])
        edit.addSeparator()
        edit.addActions([self.move_action, self.missed_action, self.retime_action, self.shift_action])
        edit.addSeparator()
        edit.addAction(self.settings_action)
        department = bar.addMenu("Department")  # every Alt letter of its name is taken by the form
        department.addAction("&Bookings…", self.open_department)
        department.addAction("Book &this course…", self.book_this_course)
        bar.addMenu("&Help").addAction(self.about_action)
        self._fill_recent()

    def _init_toolbar(self) -> None:
        self.toolbar = toolbar = QToolBar("Main")
        toolbar.setObjectName("main-toolbar")
        toolbar.addActions([self.new_action, self.open_action, self.save_action])
        toolbar.addSeparator()
        toolbar.addActions([self.undo_action, self.redo_action])
        toolbar.addSeparator()
        toolbar.addActions([self.export_action, self.print_action])
        self.addToolBar(toolbar)

    def _init_central(self) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QScrollArea, QSplitter, QVBoxLayout

        from .course_form import CourseForm
        from .schedule_model import ScheduleTableModel

        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.form = CourseForm(self.session.catalogue, self.holidays)
        scroll = QScrollArea()
        scroll.setWidget(self.form)
        scroll.setWidgetResizable(True)
        scroll.setMinimumWidth(340)  # the form scrolls rather than widening a laptop's window
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # not a Tab stop: it follows the focused field
        right = QWidget()
        column = QVBoxLayout(right)
        self.summary = QLabel()
        self.summary.setObjectName("summary")
        font = self.summary.font()
        font.setBold(True)
        font.setPointSize(12)
        self.summary.setFont(font)
        self.summary.setWordWrap(True)
        self.notices = QLabel()
        self.notices.setWordWrap(True)
        self.notices.setTextFormat(Qt.TextFormat.RichText)
        column.addWidget(self.summary)
        column.addWidget(self.notices)
        self.model = ScheduleTableModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        metrics = self.table.fontMetrics()
        # Widths from typical content, not from every row: a re-plan stays quick.
        for index, sample in enumerate(("40", "Wed", "2026-11-16", "08:30–08:50", "On-treatment review (week 10)")):
            self.table.setColumnWidth(index, metrics.horizontalAdvance(sample) + 24)
        self.table.setToolTip("Double-click an appointment to move it; right-click for more")
        # Tab leaves the table like any other field; the arrow keys move inside it.
        self.table.setTabKeyNavigation(False)
        # The week and month views are built the first time their tab is shown.
        self.week: WeekPanel | None = None
        self.month: MonthPanel | None = None
        self.tabs = QTabWidget()
        self.tabs.addTab(self.table, "&List")
        for label in ("&Week", "&Month"):
            page = QWidget()
            QVBoxLayout(page).setContentsMargins(0, 0, 0, 0)
            self.tabs.addTab(page, label)
        column.addWidget(self.tabs, 1)
        splitter = QSplitter()
        splitter.addWidget(scroll)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([520, 760])
        splitter.setChildrenCollapsible(False)
        self.setCentralWidget(splitter)
        self.statusBar()
        self._init_keyboard()

    def _init_keyboard(self) -> None:
        """Reading order for Tab (form, then the views), and undo from any field."""
        from .date_field import UndoToWindow, route_undo

        QWidget.setTabOrder(self.form.discreet, self.tabs)
        QWidget.setTabOrder(self.tabs, self.table)
        self._undo_router = UndoToWindow(self)
        route_undo(self.form, self._undo_router)

    def _connect_signals(self) -> None:
        self.form.edited.connect(self.on_form_edited)
        self.session.specApplied.connect(self.on_spec_applied)
        self.session.scheduleChanged.connect(self._show_result)
        # Bound methods, not lambdas: Qt drops them with the window, while a lambda would still be
        # called by the undo stack as the window is destroyed.
        self.session.pathChanged.connect(self._update_title)
        self.session.specApplied.connect(self._update_title)
        self.session.courseReplaced.connect(self.show_course_start)
        self.form.adjustments.editRequested.connect(self.edit_adjustment)
        self.form.adjustments.removeRequested.connect(self.remove_adjustment)
        self.session.undo_stack.cleanChanged.connect(self._update_title)
        self.table.doubleClicked.connect(self.on_row_activated)
        self.table.customContextMenuRequested.connect(self.on_table_menu)
        self.tabs.currentChanged.connect(self.on_tab_changed)

    @guarded
    def on_tab_changed(self, index: int) -> None:
        page = self.tabs.widget(index)
        layout = page.layout() if page is not None else None
        if index == 1 and self.week is None and layout is not None:
            from .week_view import WeekPanel

            self.week = WeekPanel()
            self.week.view.moveRequested.connect(self.on_drag_move)
            self.week.view.editRequested.connect(self.move_appointment)
            self.week.view.missedRequested.connect(self.mark_missed)
            self.week.view.resetRequested.connect(self.session.reset_move)
            layout.addWidget(self.week)
            self.week.set_schedule(self.session.schedule)
        elif index == 2 and self.month is None and layout is not None:
            from .month_view import MonthPanel

            self.month = MonthPanel()
            layout.addWidget(self.month)
            self.month.set_schedule(self.session.schedule)

    def finish_start(self) -> None:
        """Fill the frame: the catalogue, the form and the views, the long lists, the first course
        (or the file asked for) and its schedule; then the course's actions are enabled."""
        if self._started:
            return
        self._started = True
        from ..core.errors import CatalogueError
        from .session import CourseSession

        problem = ""
        catalogue = self._catalogue
        if catalogue is None:
            try:
                catalogue = catalogue_at(self.settings.catalogue_path)
            except CatalogueError as exc:
                problem = f"The clinic's catalogue could not be read; the shipped catalogue is used:\n{exc}"
                catalogue = catalogue_at("")
        self.session = CourseSession(catalogue, self.settings, self, undo_stack=self.undo_stack, holidays=self.holidays)
        self._init_central()
        self._connect_signals()
        self.form.fill_lists()
        self.session.start()
        self.form.set_spec(self.session.spec)
        self._show_result(self.session.result)
        self._update_title()
        for action in self._course_actions:
            action.setEnabled(True)
        self._fill_recent()
        self.statusBar().clearMessage()
        if problem:
            QMessageBox.warning(self, APP_NAME, problem)
        if self._pending_open is not None:
            self.open_path(self._pending_open)
            self._pending_open = None
        if self._open_store is not None:
            from .store_link import StoreLink

            self.store_link = StoreLink(self, self._open_store)
            QTimer.singleShot(0, self.store_link.connect_store) if self._deferred else self.store_link.connect_store()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        super().paintEvent(event)
        if self._deferred and not self._started:
            QTimer.singleShot(0, self.finish_start)

    # ------------------------------------------------------------------ live result
    @guarded
    def on_form_edited(self, field: str) -> None:
        self.session.edit(self.form.spec(), field, self.form.field_label(field).lower())
        self.form.update_calendar_marks()

    @guarded
    def on_spec_applied(self, spec: object) -> None:
        if spec != self.form.spec():
            self.form.set_spec(spec)  # type: ignore[arg-type]

    def _show_result(self, result: BuildResult) -> None:
        from ..wording import summary_line

        self.form.show_error(result.error)
        schedule = result.schedule
        if schedule is None:
            error = result.error
            where = f"{self.form.field_label(error.field)}: " if error else ""
            reason = error.reason if error else ""
            self.summary.setText(f"No schedule. {where}{reason[:1].upper()}{reason[1:]}")
            self.notices.setText("")
            self.model.set_schedule(None)
            self._update_views(None)
            return
        self.summary.setText(f"{schedule.site.name}: {summary_line(schedule)}")
        from .colours import tone
        from .formats import day_text

        palette = self.notices.palette()
        warning_colour, error_colour, muted = (tone(name, palette).name() for name in ("warning", "error", "muted"))
        lines = []
        for pushed in schedule.pushed:
            lines.append(f"<span style='color:{warning_colour}'>⇢ {day_text(pushed.day)}: {_html(pushed.reason)}</span>")
        for warning in schedule.warnings:
            lines.append(f"<span style='color:{error_colour}'>⚠ {_html(warning)}</span>")
        if schedule.request.calendar.holiday_region is None:
            lines.append(f"<span style='color:{muted}'>No public holidays apply: choose the country under Holidays "
                         "(or once for every course in Edit → Settings).</span>")
        self.notices.setText("<br>".join(lines))
        self.model.set_schedule(schedule)
        self._update_views(schedule)

    def _update_views(self, schedule: Schedule | None) -> None:
        if self.week is not None:
            self.week.set_schedule(schedule)
        if self.month is not None:
            self.month.set_schedule(schedule)

    def _update_title(self, *_: object) -> None:
        """The patient first (several windows, one per patient), then the file."""
        path = self.session.path
        name = path.name if path else (self.session.title or "Untitled course")
        spec = self.session.spec
        patient = " ".join(part for part in (spec.patient_name, f"({spec.patient_id})" if spec.patient_id else "") if part)
        self.setWindowTitle(f"{patient + ' — ' if patient else ''}{name}[*] — {APP_NAME}")
        self.setWindowModified(self.session.dirty)

    def show_course_start(self) -> None:
        """After New or Open: the week and month views show the course's first week."""
        schedule = self.session.schedule
        if schedule is None:
            return
        if self.week is not None:
            self.week.go(schedule.first_fraction.start.date())
        if self.month is not None:
            self.month.show_course_start()

    # ------------------------------------------------------------------ adjustments
    def selected_role(self) -> AppointmentKey | None:
        """The appointment chosen in the view on show: the week view's, or the list's selected row."""
        if self.tabs.currentIndex() == 1 and self.week is not None and self.week.view.selected_role:
            return self.week.view.selected_role
        rows = self.table.selectionModel().selectedRows()
        appointment = self.model.appointment(rows[0].row()) if rows else None
        return appointment.key if appointment and not appointment.missed else None

    @guarded
    def on_row_activated(self, index: QModelIndex) -> None:
        appointment = self.model.appointment(index.row())
        if appointment is not None and not appointment.missed:
            self.move_appointment(appointment.key)

    @guarded
    def on_table_menu(self, point: QPoint) -> None:
        from ..core.kinds import AppointmentKind

        index = self.table.indexAt(point)
        appointment = self.model.appointment(index.row()) if index.isValid() else None
        if appointment is None or appointment.missed:
            return
        menu = QMenu(self)
        menu.addAction("Move…", lambda: self.move_appointment(appointment.key))
        if appointment.kind is AppointmentKind.FRACTION:
            menu.addAction("Mark missed…", lambda: self.mark_missed(appointment.key))
            menu.addAction("Re-time the rest of the course from here…", lambda: self.change_rest_of_course(False))
            menu.addAction("Shift the rest by one open day from here…", lambda: self.change_rest_of_course(True))
        if self.session.spec.adjustments.moved(appointment.key) is not None:
            menu.addAction("Back to the planned time", lambda: self.session.reset_move(appointment.key))
        menu.exec(self.table.viewport().mapToGlobal(point))

    @guarded
    def move_selected(self) -> None:
        role = self.selected_role()
        if role is None:
            self.statusBar().showMessage("Select an appointment in the list first.", 5000)
            return
        self.move_appointment(role)

    @guarded
    def missed_selected(self) -> None:
        from ..core.kinds import AppointmentKind

        role = self.selected_role()
        if role is None or role.kind is not AppointmentKind.FRACTION:
            self.statusBar().showMessage("Select a fraction in the list first.", 5000)
            return
        self.mark_missed(role)

    @guarded
    def move_appointment(self, role: AppointmentKey) -> None:
        from .dialogs import MoveDialog

        schedule = self.session.schedule
        appointment = schedule.find(role) if schedule else None
        if appointment is None:
            return
        dialog = MoveDialog(appointment, self, clinic=schedule.request.calendar if schedule else None)
        if dialog.exec():
            self.session.move(role, dialog.moment(), dialog.reason.reason())

    @guarded
    def on_drag_move(self, role: AppointmentKey, when: object) -> None:
        self.session.move(role, when)  # type: ignore[arg-type]
        self.statusBar().showMessage(f"Moved to {when:%a %d %b %H:%M}; Ctrl+Z undoes it.", 5000)

    @guarded
    def mark_missed(self, role: AppointmentKey) -> None:
        from .dialogs import MissedDialog

        schedule = self.session.schedule
        appointment = schedule.find(role) if schedule else None
        if appointment is None or schedule is None:
            return
        options = self.session.make_up_options(appointment.start.date())
        dialog = MissedDialog(appointment, schedule, options, self)
        if dialog.exec():
            make_up, at, reason = dialog.choice()
            self.session.mark_missed(appointment.start.date(), make_up, at, reason)

    @guarded
    def edit_adjustment(self, ref: object) -> None:
        from .adjustments import EditAdjustmentDialog

        entry = self.session.spec.adjustments.find(ref)  # type: ignore[arg-type]
        if entry is None:
            return
        dialog = EditAdjustmentDialog(entry, self)
        if dialog.exec():
            self.session.edit_adjustment(ref, dialog.result_entry())  # type: ignore[arg-type]

    @guarded
    def remove_adjustment(self, ref: object) -> None:
        self.session.remove_adjustment(ref)  # type: ignore[arg-type]
        self.statusBar().showMessage("Adjustment removed; Ctrl+Z brings it back.", 5000)

    @guarded
    def change_rest_of_course(self, shift: bool) -> None:
        """'From fraction N on, at HH:MM', or 'shift the rest by one open day', from the selected fraction on."""
        from PySide6.QtCore import QTime

        from ..core.kinds import AppointmentKind
        from .adjustments import RestOfCourseDialog

        schedule = self.session.schedule
        if schedule is None:
            return
        key = self.selected_role()
        chosen = schedule.find(key) if key is not None else None
        first = chosen.number if chosen is not None and chosen.kind is AppointmentKind.FRACTION else 1
        at = self.session.spec.time
        dialog = RestOfCourseDialog(shift, len(schedule.fractions), first, QTime(at.hour, at.minute), self)
        if not dialog.exec():
            return
        entry = dialog.entry()
        if shift:
            self.session.shift_from(entry.from_number, entry.reason)
        else:
            self.session.retime_from(entry.from_number, entry.at, entry.reason)  # type: ignore[union-attr]

    # ------------------------------------------------------------------ files
    def confirm_discard(self) -> bool:
        """True when there is nothing unsaved, or the user saved or chose to discard it."""
        if not self._started or not self.session.dirty:
            return True
        answer = QMessageBox.question(
            self, "Unsaved changes", "The course has unsaved changes. Save them first?",
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save)
        if answer == QMessageBox.StandardButton.Save:
            return self.save_course()
        return answer == QMessageBox.StandardButton.Discard

    @guarded
    def new_course(self) -> None:
        if self.confirm_discard():
            self.session.new()
            if self.store_link is not None:
                self.store_link.course_replaced()

    @guarded
    def open_course(self) -> None:
        if not self.confirm_discard():
            return
        from .files import choose_course_file

        path = choose_course_file(self, self._folder())
        if path is not None:
            self.open_path(path)

    def open_path(self, path: Path) -> bool:
        from ..store.course_file import CourseFileError

        try:
            self.session.open(path)
        except CourseFileError as exc:
            QMessageBox.warning(self, "Cannot open the course", str(exc))
            return False
        self._remember(path)
        if self.store_link is not None:
            self.store_link.course_replaced()
        return True

    @guarded
    def save_course(self) -> bool:
        if self.store_link is not None and self.store_link.opened is not None:
            return self.store_link.save()
        if self.session.path is None:
            return bool(self.save_course_as())
        return self._save_to(self.session.path)

    @guarded
    def save_course_as(self) -> bool:
        from .files import FILE_FILTER, proposed_file_name

        suggestion = str(Path(self._folder()) / proposed_file_name(self.session.spec))
        name, _ = QFileDialog.getSaveFileName(self, "Save course", suggestion, FILE_FILTER)
        return self._save_to(Path(name)) if name else False

    def _write_or_warn(self, path: Path, write: Callable[[], None], what: str) -> bool:
        """Write a file; a failure (full disk, no permission) is said plainly, and nothing else changes."""
        try:
            write()
        except OSError as exc:
            QMessageBox.warning(self, f"Cannot write the {what}", f"{path}: {exc.strerror or exc}")
            return False
        return True

    def _save_to(self, path: Path) -> bool:
        if not self._write_or_warn(path, partial(self.session.save, path), "course"):
            return False
        self._remember(path)
        self.statusBar().showMessage(f"Saved {path.name}", 4000)
        return True

    def _folder(self) -> str:
        if self.session.path is not None:
            return str(self.session.path.parent)
        return str(Path(self.settings.recent_files[0]).parent) if self.settings.recent_files else str(Path.home())

    def _remember(self, path: Path) -> None:
        self.settings = self.settings.with_recent(str(path))
        self._store_settings()
        self._fill_recent()

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        for name in self.settings.recent_files:
            self.recent_menu.addAction(name, lambda checked=False, n=name: self.open_recent(n))
        self.recent_menu.setEnabled(bool(self.settings.recent_files))

    @guarded
    def open_recent(self, name: str) -> None:
        if self.confirm_discard():
            self.open_path(Path(name))

    def _store_settings(self) -> None:
        if self.persist_settings:
            try:
                save_settings(self.settings)
            except OSError as exc:
                self.statusBar().showMessage(f"Settings not saved: {exc.strerror or exc}", 6000)

    # ------------------------------------------------------------------ export and print
    def _schedule_for(self, what: str) -> Schedule | None:
        """The course's schedule, or None after telling the user there is none to `what` yet."""
        schedule = self.session.schedule
        if schedule is None:
            QMessageBox.information(self, what, "Fix the course first: it has no schedule yet.")
        return schedule

    @guarded
    def export_calendar(self) -> None:
        from ..app.calendar_export import PreviousExportError, export_calendar, previous_export
        from ..store.files import write_private
        from .dialogs import ExportDialog

        schedule = self._schedule_for("Export")
        if schedule is None or not self.phone_is_known("export"):
            return
        dialog = ExportDialog(self.session.spec.discreet, self)
        while dialog.exec():
            choice = dialog.choice()
            previous = None
            if choice.previous:
                try:
                    previous = previous_export(Path(choice.previous), self.session.spec.course_id)
                except PreviousExportError as exc:
                    dialog.error.show_message(f"{exc}.")
                    continue
            if previous is None and self.store_link is not None:
                previous = self.store_link.last_export()
            name, _ = QFileDialog.getSaveFileName(self, "Export calendar", str(Path(self._folder()) / "appointments.ics"),
                                                  "Calendar (*.ics)")
            if not name:
                return
            data = export_calendar(schedule, self.session.spec, self.settings, now=datetime.now(UTC), discreet=choice.discreet,
                                   prep_events=choice.prep_events, previous=previous, department=self.session.department)
            if not self._write_or_warn(Path(name), partial(write_private, Path(name), data), "calendar"):
                return
            if self.store_link is not None:
                self.store_link.exported(data)
            self.statusBar().showMessage(f"Exported {len(schedule.appointments)} appointments to {Path(name).name}", 5000)
            return

    def phone_is_known(self, what: str) -> bool:
        """Before an export or print: a patient without the clinic's number cannot call when unwell.
        True to go on (the number is there, or the user chose to go on without it)."""
        from ..app.planning import clinic_contact

        if clinic_contact(self.settings, self.session.department)[1].strip():
            return True
        box = QMessageBox(QMessageBox.Icon.Warning, "No clinic phone number",
                          f"The clinic's phone number is missing, so the {what} will not tell the patient whom to call. "
                          "Add it in Settings first?", parent=self)
        settings = box.addButton("Open Settings…", QMessageBox.ButtonRole.AcceptRole)
        go_on = box.addButton(f"{what.capitalize()} without it", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(settings)
        box.exec()
        if box.clickedButton() is settings:
            self.edit_settings()
            return bool(self.settings.clinic_phone.strip())
        return box.clickedButton() is go_on

    def print_context(self) -> PrintContext:
        from ..app.print_facts import print_facts
        from .printing import context_from

        schedule = self.session.schedule
        assert schedule is not None
        return context_from(print_facts(schedule, self.session.spec, self.settings, self.session.catalogue, printed_on=date.today(),
                                        department=self.session.department))

    @guarded
    def print_course(self) -> None:
        from .dialogs import PrintDialog
        from .printing import GlanceDocument, SheetDocument, WeekDocument, course_weeks

        schedule = self._schedule_for("Print")
        if schedule is None or not self.phone_is_known("print"):
            return
        shown = self.week.view.monday if self.week is not None else None
        dialog = PrintDialog(course_weeks(schedule), self, shown_week=shown, previous=self._print_choice)
        if not dialog.exec():
            return
        choice = self._print_choice = dialog.choice()
        context = self.print_context()
        document: PrintDocument
        if choice.layout == "sheet":
            document = SheetDocument(context)
        elif choice.layout == "glance":
            document = GlanceDocument(context, choice.mondays, choice.week_days or 7)
        else:
            document = WeekDocument(context, choice.mondays, choice.week_days, choice.hours)
        self.run_print(document, choice.action, choice.paper)

    def run_print(self, document: PrintDocument, action: str, paper: str) -> None:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog

        from .printing import paint_document, paper_size, write_pdf
        from .printing.output import page_layout

        size = paper_size(paper)
        if action == "pdf":
            name, _ = QFileDialog.getSaveFileName(self, "Export PDF", str(Path(self._folder()) / "schedule.pdf"), "PDF (*.pdf)")
            target = Path(name)
            if name and self._write_or_warn(target, partial(write_pdf, document, target, size, "Appointments"), "PDF"):
                self.statusBar().showMessage(f"Wrote {target.name}", 5000)
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        layout = page_layout(document, size)
        if paper == "default" and printer.isValid():
            layout.setPageSize(printer.pageLayout().pageSize())
        printer.setPageLayout(layout)
        if action == "preview":
            preview = QPrintPreviewDialog(printer, self)
            preview.paintRequested.connect(lambda device: paint_document(document, device))
            preview.exec()
        else:
            chooser = QPrintDialog(printer, self)
            if chooser.exec():
                paint_document(document, printer)

    # ------------------------------------------------------------------ department
    @guarded
    def open_department(self) -> None:
        from .department_window import open_department

        open_department(self, self.settings.database, self.session.catalogue, self.settings.clinic_phone, self.holidays)

    @guarded
    def book_this_course(self) -> None:
        from .department_window import book_open_course

        spec = self.session.spec
        book_open_course(self, self.settings.database, self.session.catalogue, spec.course_id, spec.patient_name,
                         self.holidays)

    # ------------------------------------------------------------------ settings
    @guarded
    def edit_settings(self) -> None:
        from ..core.catalogue import Catalogue
        from .dialogs import SettingsDialog

        dialog = SettingsDialog(self.settings, catalogue_at, self, holidays=self.holidays)
        if dialog.exec() and dialog.result_settings is not None:
            self.settings = dialog.result_settings
            self.session.settings = self.settings
            self._store_settings()
            catalogue = dialog.result_catalogue
            if isinstance(catalogue, Catalogue) and catalogue != self.session.catalogue:
                self.form.set_catalogue(catalogue)
                self.session.set_catalogue(catalogue)
                self.statusBar().showMessage("Catalogue loaded.", 6000)

    @guarded
    def about(self) -> None:
        QMessageBox.about(self, f"About {APP_NAME}",
                          f"{APP_NAME}\n\nPlans image-guided radiotherapy course calendars. It schedules; it does not "
                          "prescribe: regimens and preparation texts come from the clinic's own catalogue.")

    # ------------------------------------------------------------------ closing
    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        try:
            if not self.confirm_discard():
                event.ignore()
                return
            geometry = bytes(self.saveGeometry().toBase64().data()).decode("ascii")
            self.settings = replace(self.settings, window_geometry=geometry)
            self._store_settings()
        except Exception as exc:  # noqa: BLE001 - never trap the user in a window that cannot close
            from .guard import report

            report(exc, exc.__traceback__, self)
        event.accept()


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

