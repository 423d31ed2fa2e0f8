"""The main window: wiring only. It builds the frame, the form and the result panel
(planner/ui/result_panel.py) and connects them to the session and to the course controller
(planner/ui/course_controller.py), which holds every file and course action.

The window is built in two steps. The frame (menus, toolbar, status bar) needs only a few Qt
classes, so the desktop start-up shows it at once; the form, the schedule views, the catalogue
and the first course, which need the core and most of Qt, come in `finish_start` right after
the first paint. This module imports them there, not at its top (see docs/PERFORMANCE.md).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QIcon, QKeySequence, QPaintEvent, QUndoStack
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QMenu, QMessageBox, QTableView, QTabWidget, QToolBar, QVBoxLayout, QWidget

from .. import APP_NAME
from ..app.catalogues import catalogue_at
from ..core.clinic import HolidaySource, PackageHolidays
from ..resources_path import resource_path
from ..store.settings import Settings
from .as_written import as_written
from .course_controller import CourseController
from .guard import guarded
from .keyed_menu import MISSED_KEYS, MOVE_ONE_KEYS, REST_KEYS
from .shown_names import shown_name

if TYPE_CHECKING:
    from ..core.catalogue import Catalogue
    from ..core.kinds import AppointmentKey
    from ..store.db import Store
    from .course_form import CourseForm
    from .month_view import MonthPanel
    from .result_panel import ResultPanel
    from .schedule_model import ScheduleTableModel
    from .session import BuildResult, CourseSession
    from .setup_hint import SetupHint
    from .store_link import StoreLink
    from .week_view import WeekPanel


FORM_WIDTH = 520  # the form's first width where there is room; the schedule takes the rest
DEPARTMENT_MENU = "&Department"  # D, as a coordinator expects: the form's Holidays has I, its Time T
# V, as in every program: the form's Follow-up visit gave it up (each of the window's letters but J is used once).
VIEW_MENU = "&View"


def first_size() -> tuple[int, int]:
    """The window's size on a first start: 1280x860, or the screen's free area on a laptop's smaller screen."""
    screen = QGuiApplication.primaryScreen()
    if screen is None:
        return 1280, 860
    free = screen.availableGeometry()
    return min(1280, free.width()), min(860, free.height() - 40)  # the title bar sits outside the window's height


class MainWindow(QMainWindow):
    # The form is built and the first course shown (the end of `finish_start`): what the start of the desktop app
    # leaves until then waits for it (the first paint is the frame's, see `deferred`).
    formShown = Signal()  # noqa: N815 - Qt's naming of signals
    session: CourseSession
    form: CourseForm
    results: ResultPanel

    def __init__(self, settings: Settings, catalogue: Catalogue | None = None, persist_settings: bool = True,
                 deferred: bool = False, open_path: Path | None = None, open_store: Callable[[], Store] | None = None,
                 holidays: HolidaySource | None = None, store_known: bool = True, guide_setup: bool = False) -> None:
        """`catalogue`: None for the one the settings name (the shipped one, with a warning, when it
        cannot be read). `deferred`: show the frame first and fill it on the next turn of the
        event loop after the first paint (the desktop start-up); otherwise the window is
        complete when the constructor returns. `open_store`: opens the department's store once
        the first course shows (None: the window works on course files only). `store_known`: False
        when there is no department database yet (see `link_store`). `guide_setup`: a clinic that has not set
        itself up (the desktop start-up) is shown how, above the form."""
        super().__init__()
        self.settings = settings
        self.holidays: HolidaySource = holidays if holidays is not None else PackageHolidays()  # handed to all it opens
        self.persist_settings = persist_settings
        self._catalogue = catalogue
        self._pending_open = open_path
        self._started = False
        self._deferred = deferred
        self._open_store = open_store
        self._store_known = store_known
        self._guide_setup = guide_setup
        self.setup_hint: SetupHint | None = None
        self.store_link: StoreLink | None = None
        self.undo_stack = QUndoStack(self)
        self.courses = CourseController(self)
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
        from .window_fit import restore_fitted

        if not (settings.window_geometry and restore_fitted(self, settings.window_geometry)):  # inside this screen
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
        self.new_action = self._action("&New", self.courses.new_course, QKeySequence.StandardKey.New, "Start a new course")
        self.open_action = self._action("&Open…", self.courses.open_course, QKeySequence.StandardKey.Open, "Open a saved course")
        self.save_action = self._action("&Save", self.courses.save_course, QKeySequence.StandardKey.Save, "Save the course")
        self.save_as_action = self._action("Save &As…", self.courses.save_course_as, QKeySequence.StandardKey.SaveAs,
                                           "Save the course under a new name")
        self.export_action = self._action("&Export calendar (.ics)…", self.courses.export_calendar, "Ctrl+E",
                                          "Write the course as a calendar file for the patient's phone")
        self.print_action = self._action("&Print…", self.courses.print_course, QKeySequence.StandardKey.Print,
                                         "Print the weekly view or the course sheet")
        self.quit_action = self._action("&Quit", self.close, QKeySequence.StandardKey.Quit)
        self.undo_action = self.undo_stack.createUndoAction(self, "&Undo")
        self.undo_action.setShortcuts(QKeySequence.StandardKey.Undo)
        self.redo_action = self.undo_stack.createRedoAction(self, "&Redo")
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        self.move_action = self._action("&Move appointment…", self.courses.move_selected, MOVE_ONE_KEYS,
                                        "Move the selected appointment to another date or time")
        self.missed_action = self._action("Mark fraction &missed…", self.courses.missed_selected, MISSED_KEYS,
                                          "Mark the selected fraction missed and choose how it is made up")
        # Ctrl+M and Ctrl+Shift+R as in the Bookings window: one appointment moved, the rest of the course to another time
        self.retime_action = self._action("Re-time the rest of the course…", lambda: self.courses.change_rest_of_course(False),
                                          REST_KEYS, "From a fraction on, every session at another time")
        self.shift_action = self._action("Shift the rest by one open day…", lambda: self.courses.change_rest_of_course(True), None,
                                         "From a fraction on, the rest of the course one open day later")
        self.settings_action = self._action("&Settings…", self.courses.edit_settings, QKeySequence.StandardKey.Preferences,
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
        self.department_menu = department = bar.addMenu(DEPARTMENT_MENU)
        department.addAction("&Bookings…", self.courses.open_department)
        department.addAction("Book &this course…", self.courses.book_this_course)
        department.addAction("&Unbook this course…", self.courses.unbook_this_course)
        department.addAction("&Cancel course…", self.courses.cancel_this_course)
        department.addAction("&Reinstate course…", self.courses.reinstate_this_course)
        # View (the store's Patients and History lists) is there from the first paint: added only once the store was
        # open, it came in after the Loading… start or the first Department action, and the menus moved under the pointer.
        self.view_menu: QMenu | None = None
        if self._open_store is not None:
            self.view_menu = bar.addMenu(VIEW_MENU)
            for title in ("Patients", "History"):
                waiting = self.view_menu.addAction(title)
                waiting.setEnabled(False)
                waiting.setStatusTip("Shown once the department's store is open (the Department menu makes it)")
        bar.addMenu("&Help").addAction(self.about_action)
        self.courses.fill_recent()

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
        from PySide6.QtWidgets import QScrollArea, QSplitter

        from .course_form import CourseForm
        from .result_panel import ResultPanel
        from .scroll_focus import FocusInView

        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.form = CourseForm(self.session.catalogue, self.holidays)
        scroll = QScrollArea()
        scroll.setWidget(self.form)
        scroll.setWidgetResizable(True)
        scroll.setMinimumWidth(340)  # the form scrolls rather than widening a laptop's window
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)  # squeezed (a small screen): scrolls, never clipped
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # not a Tab stop: it follows the focused field
        FocusInView(scroll, self.form.error_rect)  # however the focus got there (a label's Alt+letter too), the error kept in view
        self.results = ResultPanel(self.session, self.form.field_label)  # type: ignore[arg-type]
        splitter = QSplitter()
        splitter.addWidget(scroll)
        splitter.addWidget(self.results)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([FORM_WIDTH, 760])
        splitter.setChildrenCollapsible(False)
        self.setCentralWidget(splitter)
        from .pane_widths import PaneWidths

        self.pane_widths = PaneWidths(self)  # the form and the schedule share the width (the store adds its docks)
        self.statusBar()
        self._init_keyboard()

    def _init_keyboard(self) -> None:
        """Reading order for Tab (form, then the views), and undo from any field."""
        from .date_field import UndoToWindow, route_undo

        panel = self.form.adjustments  # the foot of the form, under Urgent start
        QWidget.setTabOrder(self.form.urgent, panel.list)
        QWidget.setTabOrder(panel.list, panel.edit)
        QWidget.setTabOrder(panel.edit, panel.remove)
        QWidget.setTabOrder(panel.remove, self.tabs)
        QWidget.setTabOrder(self.tabs, self.table)
        self._undo_router = UndoToWindow(self)
        route_undo(self.form, self._undo_router)

    def _connect_signals(self) -> None:
        courses = self.courses
        self.form.edited.connect(self.on_form_edited)
        self.session.specApplied.connect(self.on_spec_applied)
        self.session.scheduleChanged.connect(self._show_result)
        # Bound methods, not lambdas: Qt drops them with the window, while a lambda would still be
        # called by the undo stack as the window is destroyed.
        self.session.pathChanged.connect(self._update_title)
        self.session.specApplied.connect(self._update_title)
        self.session.courseReplaced.connect(self.results.show_course_start)
        self.session.courseReplaced.connect(self.form.focus_error_when_unseen)
        self.form.adjustments.editRequested.connect(courses.edit_adjustment)
        self.form.adjustments.removeRequested.connect(courses.remove_adjustment)
        self.session.undo_stack.cleanChanged.connect(self._update_title)
        self.results.moveRequested.connect(courses.move_appointment)
        self.results.missedRequested.connect(courses.mark_missed)
        self.results.dragMoved.connect(courses.on_drag_move)
        self.results.restRequested.connect(courses.change_rest_of_course)
        self.results.bookMakeUpRequested.connect(courses.book_this_course)  # a booked course books its waiting make-ups
        self.results.bookingsDayRequested.connect(courses.open_bookings_on)  # a session booked off its planned time

    def finish_start(self) -> None:
        """Fill the frame: the catalogue, the form and the views, the long lists, the first course
        (or the file asked for) and its schedule; then the course's actions are enabled."""
        if self._started:
            return
        self._started = True
        if self._deferred:
            # The desktop start-up: the frame has no control whose border the contrast style redraws,
            # so its first paint goes without it (importing it creates QStyle's Python enums, and
            # every control drawn through it calls into Python); the form is built under it.
            from .contrast_style import use_contrast_style

            app = QApplication.instance()
            if isinstance(app, QApplication):
                use_contrast_style(app)
        from ..core.errors import CatalogueError
        from .session import CourseSession

        problem = ""
        catalogue = self._catalogue
        if catalogue is None:
            try:
                catalogue = catalogue_at(self.settings.catalogue_path)
            except CatalogueError as exc:
                problem = f"The clinic's catalogue could not be read; the shipped catalogue is used:\n{shown_name(str(exc))}"
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
        self.courses.fill_recent()
        self.statusBar().clearMessage()
        from .focus_home import FocusHome

        # The keys in the patient's name at start, and whenever the window comes back with them nowhere (a dialog closed)
        self.focus_home = FocusHome(self, lambda: self.form.patient_name, lambda: self.table)
        QTimer.singleShot(0, self.focus_home, self.focus_home.place)  # once the form is shown (the desktop start: the window is active)
        if self._open_store is None or not self._store_known:  # else once the store says whether it has a department
            self._show_setup_hint()
        if problem:
            QMessageBox.warning(self, APP_NAME, as_written(problem))
        if self._pending_open is not None:
            self.courses.open_path(self._pending_open)
            self._pending_open = None
        if self._open_store is not None and not self._store_known:
            self.department_menu.aboutToShow.connect(self.link_store)  # the store's entries when first looked for
        elif self._open_store is not None:
            QTimer.singleShot(0, self.link_store) if self._deferred else self.link_store()
        self.formShown.emit()

    def _show_setup_hint(self) -> None:
        """Above the form, on a start where the clinic has not set itself up: where to do it. With a department
        database it waits for the store, so a department's clinic is never shown the note for a moment."""
        from .setup_hint import SetupHint, clinic_is_set_up

        if not self._guide_setup or clinic_is_set_up(self.settings):
            return
        self.setup_hint = SetupHint(self.settings, self.courses.edit_settings, self._open_store is not None, self.holidays)
        layout = self.form.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(0, self.setup_hint)

    def link_store(self) -> None:
        """Tie the window to the department's store: its menu entries, the store opened, its patient
        list shown. Deferred at start-up: the store's code (SQLAlchemy, 300 ms and 25 MiB) follows the
        form. Without a department database yet, this waits for the Department menu's first opening,
        and the database is created only when one of its store entries is used."""
        if self._open_store is None or self.store_link is not None:
            return
        from .store_link import StoreLink

        self.store_link = StoreLink(self, self._open_store)
        if self._store_known:
            self.store_link.connect_store()
            if self.session.department is None and self.setup_hint is None:  # no department: the settings decide
                self._show_setup_hint()
        else:
            self.store_link.wait_for_first_use()

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
        closures = self.session.department_closures
        if closures != self.form.department_closures or spec != self.form.spec():
            self.form.department_closures = closures  # another course: the department's closures named apart, or none
            self.form.set_spec(spec)  # type: ignore[arg-type]

    def _show_result(self, result: BuildResult) -> None:
        self.form.show_error(result.error)
        self.results.show_result(result)

    def _update_title(self, *_: object) -> None:
        """The patient first (several windows, one per patient), then the file."""
        path = self.session.path
        name = shown_name(path.name) if path else (self.session.title or "Untitled course")
        spec = self.session.spec
        patient = " ".join(part for part in (spec.patient_name, f"({spec.patient_id})" if spec.patient_id else "") if part)
        self.setWindowTitle(f"{patient + ' — ' if patient else ''}{name}[*] — {APP_NAME}")
        self.setWindowModified(self.session.dirty)

    # ------------------------------------------------------------------ the parts, by their old names
    # The result panel's widgets and the controller's actions, as the window's attributes, for
    # the department views, the store link and the tests that reach them through the window.
    @property
    def summary(self) -> QLabel:
        return self.results.summary

    @property
    def notices(self) -> QLabel:
        return self.results.notices

    @property
    def model(self) -> ScheduleTableModel:
        return self.results.model

    @property
    def table(self) -> QTableView:
        return self.results.table

    @property
    def tabs(self) -> QTabWidget:
        return self.results.tabs

    @property
    def week(self) -> WeekPanel | None:
        return self.results.week

    @property
    def month(self) -> MonthPanel | None:
        return self.results.month

    def selected_role(self) -> AppointmentKey | None:
        return self.results.selected_key()

    def show_course_start(self) -> None:
        self.results.show_course_start()

    def confirm_discard(self) -> bool:
        return self.courses.confirm_discard()

    def new_course(self) -> None:
        self.courses.new_course()

    def open_course(self) -> None:
        self.courses.open_course()

    def open_path(self, path: Path) -> bool:
        return self.courses.open_path(path)

    def save_course(self) -> bool:
        return bool(self.courses.save_course())

    def save_course_as(self) -> bool:
        return bool(self.courses.save_course_as())

    def _folder(self) -> str:
        return self.courses.folder()

    def export_calendar(self) -> None:
        self.courses.export_calendar()

    def print_course(self) -> None:
        self.courses.print_course()

    def edit_settings(self) -> None:
        self.courses.edit_settings()

    def open_department(self) -> None:
        self.courses.open_department()

    def move_appointment(self, key: AppointmentKey) -> None:
        self.courses.move_appointment(key)

    def mark_missed(self, key: AppointmentKey) -> None:
        self.courses.mark_missed(key)

    def on_drag_move(self, key: AppointmentKey, when: object) -> None:
        self.courses.on_drag_move(key, when)

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
            if self.store_link is not None and self.store_link.widths is not None:  # the docks as the user left them
                self.settings = replace(self.settings, window_state=self.store_link.dock_state())
            self.courses.store_settings()
        except Exception as exc:  # noqa: BLE001 - never trap the user in a window that cannot close
            from .guard import report

            report(exc, exc.__traceback__, self)
        event.accept()

