"""The window's tie to the department's store: the Patients and History docks, opening, saving and
adding courses, and the department settings. Each action calls the application layer.

The store is opened after the window's first course shows (opening a database and checking its
schema is not worth delaying the form for); until then, and when it cannot be opened, the window
works on course files as before. Without a department database yet, nothing is opened until one
of the store's Department entries is used, which creates it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from PySide6.QtCore import QByteArray, QObject, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget, QFileDialog, QLabel, QMenu, QMessageBox, QPushButton

from ..app.booking import BookingDesk, NoDepartment, follow_booked_days
from ..app.calendar_export import PreviousExportError
from ..app.course_booking import open_as_booked
from ..app.department_follow import DepartmentRead, read_department
from ..app.department_tables import new_department
from ..app.store_words import read_only_words, store_words
from ..app.stored_courses import (
    OpenedCourse,
    calendar_owed_after_save,
    course_audit,
    differences,
    import_course_files,
    imported_course_warnings,
    last_stored_export,
    on_top_of_theirs,
    open_stored,
    overrides_department,
    record_stored_export,
    save_stored,
)
from ..core.department import Department
from ..core.department_closures import DepartmentClosures
from ..core.errors import Field, InputError
from ..core.text import counted
from ..ics import ExportState
from ..store.course_file import CourseFileError
from ..store.db import CourseConflict, CourseFromNewer, CourseNotFound, Store, StoreError
from ..store.db.errors import newer_fields_words
from .as_written import as_written
from .course_bookings import BookingsFollower, follow_bookings, show_booking
from .course_history import CourseHistoryPanel
from .dock_focus import DockKey, DocksInFront
from .files import FILE_FILTER
from .formats import day_text
from .guard import guarded
from .pane_widths import PATIENTS_MIN_WIDTH, PaneWidths  # noqa: F401 - the narrowest width, where the tests look for it
from .patient_list import PatientListPanel
from .save_conflict import ConflictChoice, SaveConflictDialog
from .shown_names import shown_name
from .start_folder import remembered_folder

if TYPE_CHECKING:
    from .main_window import MainWindow

STORED_TITLE = "In the department's store"  # the window's title names this beside the patient, instead of a file
READ_ONLY_MARK = "Store read-only"  # in the status bar while the store is one this window may only read
PATIENTS_KEY = "F9"  # shows the Patients dock and goes to it, or hides it (a side pane's key in many desktop apps)
PATIENTS_CLOSED_TIP = f"The Patients list is closed to leave this screen to the course: View → Patients ({PATIENTS_KEY}) opens it."


class StoreLink(QObject):
    """Holds the open store and which stored course (and version) the window shows, if any."""

    def __init__(self, window: MainWindow, open_store: Callable[[], Store]) -> None:
        super().__init__(window)
        self.window = window
        self._open_store = open_store
        self.store: Store | None = None
        self.open_on_first_use = False  # no department database yet: the first Department action creates it
        self.department: Department | None = None
        # the store's mark of the department as last read: another coordinator's Department settings are followed
        # (department_follow.py) when it moves; no mark (None) reads the department again at the next check
        self.department_read = DepartmentRead(None)
        self.opened: OpenedCourse | None = None
        self.unstored_export: tuple[str, bytes] | None = None  # the last export of a course not in the store (course id, file)
        self.patients: PatientListPanel | None = None
        self.history: CourseHistoryPanel | None = None
        self.widths: PaneWidths | None = None  # the dock's, the form's and the schedule's widths, once the dock is placed
        self.add_action = QAction("&Add course to the store", window)
        self.add_action.setStatusTip("Keep this course in the department's store, where every coordinator finds it")
        self.add_action.triggered.connect(self.add_course)
        self.department_action = QAction("&Department settings…", window)
        self.department_action.setStatusTip("Clinic details, closures, machines and their downtime, for the whole department")
        self.department_action.triggered.connect(self.edit_department)
        self.import_action = QAction("&Import course files…", window)
        self.import_action.setStatusTip("Bring saved course files into the department's store")
        self.import_action.triggered.connect(self.import_files)
        self.import_department_action = QAction("Import department &file…", window)
        self.import_department_action.setStatusTip("Read the department's machines, hours, capabilities and calendar from a "
                                                   "department file (TOML)")
        self.import_department_action.triggered.connect(self.import_department)
        self.backup_action = QAction("Bac&k up the store…", window)
        self.backup_action.setStatusTip("Copy the department's store (every patient, course and booking) to a new file")
        self.backup_action.triggered.connect(self.back_up)
        # One Department menu: the window's own (bookings) gets the store's entries too.
        menus = [action.menu() for action in window.menuBar().actions() if action.text().replace("&", "") == "Department"]
        self.menu = next((menu for menu in menus if isinstance(menu, QMenu)), None) or window.menuBar().addMenu("&Department")
        if menus:
            self.menu.addSeparator()
        self.menu.addActions([self.add_action, self.import_action, self.import_department_action, self.department_action])
        self.menu.addSeparator()
        self.menu.addAction(self.backup_action)
        self.read_only_mark: QLabel | None = None  # shown while the store is read-only (`connect_store`)
        self.offer = QPushButton("Add to the store")
        self.offer.setToolTip("This course is only in a file: add it to the department's store")
        self.offer.setFlat(True)
        self.offer.clicked.connect(self.add_course)
        window.statusBar().addPermanentWidget(self.offer)
        self._enable()

    # ------------------------------------------------------------------ opening the store
    def wait_for_first_use(self) -> None:
        """No department database yet: leave it unmade until a Department action needs it."""
        self.open_on_first_use = True
        self._enable()

    def _store_ready(self) -> bool:
        """The store is open, opening (and so creating) it now when the window started without one."""
        if self.store is None and self.open_on_first_use:
            self.open_on_first_use = False
            self.connect_store()
        return self.store is not None

    def _failure(self, exc: StoreError) -> str:
        """A store's error as this window says it: a failure of the database itself (locked by another program, damaged,
        disk full, gone) in one plain sentence naming what failed and what to do, as the Bookings window says it
        (`store_words`: no driver's message, statement or address); the store's own refusals (a store this window may
        only read says why, a course from a newer planner...) in their own words."""
        if exc.trouble is None or (self.store is not None and self.store.read_only):
            return str(exc)
        return store_words(exc, self.store.display_url if self.store is not None else "")

    def connect_store(self) -> bool:
        """Open the store and show its patient list; a store that cannot be opened is said once."""
        try:
            self.store = self._open_store()
            self.department_read = read_department(self.store)
            self.department = self.department_read.department
        except StoreError as exc:
            self.store = None
            self.window.statusBar().showMessage(f"The department's store is not available: {exc}", 10000)
            self._enable()
            return False
        self._follow_department()
        self.patients = PatientListPanel(self.store)
        self.patients.courseActivated.connect(self.open_course)
        self.history = CourseHistoryPanel(holidays=self.window.holidays)
        patients_dock = self._dock("Patients", "patients-dock", self.patients)
        history_dock = self._dock("History", "history-dock", self.history)
        self.window.tabifyDockWidget(patients_dock, history_dock)
        self.docks_in_front = DocksInFront(self.window, (patients_dock, history_dock))  # no Tab stop off screen
        self.widths = self.window.pane_widths
        self.widths.hold(patients_dock, history_dock)
        if not self._restore_docks():
            self._place_docks(patients_dock, history_dock)
        self._view_menu(patients_dock, history_dock)  # its check marks as the docks were placed
        patients_dock.raise_()
        self._follow_make_ups()
        self.patients.refresh()
        self._enable()
        self.follower = BookingsFollower(self.window)  # bookings changed elsewhere show when the window is active again
        if self.store.read_only:
            said, why = read_only_words(self.store)  # short enough for a window 1024 px wide, and the whole reason
            self.window.statusBar().showMessage(said, 15000)
            # The message goes after 15 s: a mark that stays, its tooltip saying why in full.
            self.read_only_mark = QLabel(READ_ONLY_MARK)
            self.read_only_mark.setToolTip(why)
            self.read_only_mark.setAccessibleName(READ_ONLY_MARK)
            self.read_only_mark.setAccessibleDescription(why)
            self.window.statusBar().addPermanentWidget(self.read_only_mark)
        return True

    def _follow_make_ups(self) -> None:
        """A booked course with a make-up waiting at its end ends on that make-up's day in the Patients list (a store an
        older planner wrote kept its last booked session's day). A read-only store is not written: its courses' status
        counts the days all the same; a failure leaves the days as stored (the list still opens; the next booking or
        save of the course puts them right)."""
        store = self.store
        if store is None or self.department is None:
            return
        desk = self._booking_desk(store)
        if desk is None:
            return
        with contextlib.suppress(StoreError, InputError):
            desk.follow_make_ups()

    def _follow_department(self) -> None:
        """The window plans on the store's department from now on."""
        session = self.window.session
        session.department = self.department
        if self.department is not None and self.window.setup_hint is not None:
            self.window.setup_hint.hide()  # the department's zone, holidays and phone are the courses': it is set up
        if self.department is not None and session.path is None and not session.title and session.undo_stack.count() == 0:
            # The untouched first course was made before the store told the department's zone,
            # holidays and closures: make it again on them, as File → New does.
            session.new()

    def _place_docks(self, patients: QDockWidget, history: QDockWidget) -> None:
        """The docks' first width, leaving the course and its schedule theirs; on a screen too narrow
        for the three panes the docks start closed and the status bar says how to open them."""
        assert self.widths is not None
        width = self.widths.first_dock_width()
        if width is None:
            patients.hide()
            history.hide()
            self.widths.share(0)
            self.window.statusBar().showMessage(PATIENTS_CLOSED_TIP, 15000)
            patients.visibilityChanged.connect(self._drop_closed_tip)
            return
        self.widths.placed = True
        self.window.resizeDocks([patients], [width], Qt.Orientation.Horizontal)
        self.widths.share(width)

    @guarded
    def _drop_closed_tip(self, shown: bool) -> None:
        """The Patients list opened: the tip saying how to open it goes (a message shown since stays)."""
        bar = self.window.statusBar()
        if shown and bar.currentMessage() == PATIENTS_CLOSED_TIP:
            bar.clearMessage()

    def _restore_docks(self) -> bool:
        """The docks as the user left them when the window last closed (shown or closed, their width, fitted to this
        window's width)."""
        state = self.window.settings.window_state
        if not state or not state.isascii() or self.widths is None:  # not base64: a settings file edited by hand
            return False
        # Placed before the restore shows the dock: in a window on screen (the desktop start) that showing was taken for
        # the dock's first opening, which narrowed it to its narrowest whatever width the user had left it at.
        self.widths.placed = True
        if not self.window.restoreState(QByteArray.fromBase64(state.encode("ascii"))):
            self.widths.placed = False
            return False
        self.widths.fit_restored()
        QTimer.singleShot(0, self.widths, self.widths.fit_restored)  # again once the window's layout has given the docks their widths
        return True

    def dock_state(self) -> str:
        """The window's docks and toolbar as Qt saves them (base64), kept in the settings at closing."""
        return bytes(self.window.saveState().toBase64().data()).decode("ascii")

    def _view_menu(self, patients: QDockWidget, history: QDockWidget) -> None:
        """View → Patients (F9) and History: show or hide the docks; left of Help."""
        bar = self.window.menuBar()
        help_menu = next((a for a in bar.actions() if a.text().replace("&", "") == "Help"), None)
        from .main_window import VIEW_MENU

        ready = self.window.view_menu  # the window's, there since its first paint, its entries waiting for the docks
        self.view_menu = ready if ready is not None else QMenu(VIEW_MENU, self.window)  # Alt+V
        self.view_menu.clear()
        # F9 goes to the list (shown, or its keys elsewhere) and, pressed in it, hides it (see dock_focus.py).
        assert self.patients is not None
        self.patients_key = DockKey(self.window, patients, self.patients.search, PATIENTS_KEY,
                                    "Show the department's patient list and go to it; in it, hide it")
        # History: shown behind the Patients list, its entry brings it in front with the keys, rather than hiding it.
        assert self.history is not None
        self.history_key = DockKey(self.window, history, self.history.table, "",
                                   "Show the stored course's history and go to it; in it, hide it")
        self.view_menu.addActions([self.patients_key.action, self.history_key.action])
        self.view_menu.aboutToShow.connect(self.patients_key.sync)
        self.view_menu.aboutToShow.connect(self.history_key.sync)
        if ready is not None:
            return
        if help_menu is not None:
            bar.insertMenu(help_menu, self.view_menu)
        else:
            bar.addMenu(self.view_menu)

    def _dock(self, title: str, name: str, widget: PatientListPanel | CourseHistoryPanel) -> QDockWidget:
        dock = QDockWidget(title, self.window)
        dock.setObjectName(name)
        dock.setWidget(widget)
        self.window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, dock)
        self.menu.addAction(dock.toggleViewAction())
        return dock

    def _enable(self) -> None:
        connected = self.store is not None
        usable = connected or self.open_on_first_use
        self.department_action.setEnabled(usable)
        self.import_action.setEnabled(usable)
        self.import_department_action.setEnabled(usable)
        self.backup_action.setEnabled(connected)  # no database yet: nothing to copy
        writable = not (self.store is not None and self.store.read_only)  # a store it may only read takes no course
        self.add_action.setEnabled(usable and writable and self.opened is None)
        self.offer.setVisible(connected and writable and self.opened is None)

    # ------------------------------------------------------------------ what the window shows
    def course_replaced(self) -> None:
        """The window opened a file or started a new course: it is not the stored one any more."""
        self.opened = None
        if self.patients is not None:  # no stored course on show: none highlighted as if it were
            self.patients.table.clearSelection()
        self._show_history()
        self._enable()
        show_booking(self.window)

    def _show_history(self) -> None:
        if self.history is None:
            return
        if self.store is None or self.opened is None:
            self.history.show_entries(None)
            return
        try:
            self.history.show_entries(course_audit(self.store, self.opened.course_id, self.window.session.catalogue))
        except StoreError as exc:
            said = f"History not available: {exc}" if exc.trouble is None else f"History not available. {self._failure(exc)}"
            self.window.statusBar().showMessage(said, 8000)

    def _opened(self, opened: OpenedCourse) -> None:
        self.opened = opened
        self.window.session.reset(opened.spec, None, STORED_TITLE, opened.department_closures)
        if opened.unknown:  # a newer planner's fields: said above the form, which shows the course without them
            words = newer_fields_words(opened.course_id, opened.unknown)
            self.window.form.general_error.show_message(as_written(f"{words[:1].upper()}{words[1:]}."))
        self._show_history()
        self._enable()
        show_booking(self.window)

    @guarded
    def open_course(self, course_id: str) -> None:
        if self.store is None or not self.window.confirm_discard():
            self._highlight_opened()  # not opened: the list's highlight goes back to the course on screen
            return
        try:
            opened = open_as_booked(self.store, course_id, self.window.session.catalogue, self.window.holidays)
        except (StoreError, CourseNotFound, InputError) as exc:
            QMessageBox.warning(self.window, "Cannot open the course", as_written(str(exc)))
            self._highlight_opened()
            return
        self._opened(opened)
        self._highlight_opened()  # a save on the way (the unsaved-changes question) put the highlight on the course saved
        self.window.statusBar().showMessage(f"Opened {opened.spec.patient_name} from the store", 5000)

    def _highlight_opened(self) -> None:
        """The Patients list highlights the stored course on screen, as the form shows it."""
        if self.patients is not None and self.opened is not None:
            self.patients.show_course(self.opened.course_id)

    def offer_stored_version(self) -> None:
        """A course file just opened whose course is in the store: the store's version is the one every coordinator
        shares and the file may be older, so opening the store's is offered (the default)."""
        session = self.window.session
        if self.store is None or self.opened is not None or session.path is None:
            return
        try:
            stored = self.store.load_course(session.spec.course_id, repairing=True)  # its version and who saved it
        except (StoreError, CourseNotFound):
            return
        when = stored.updated_at
        box = QMessageBox(QMessageBox.Icon.Question, "In the department's store",
                          f"This course is also in the department's store (version {stored.version}, last saved by "
                          f"{stored.updated_by} on {day_text(when.date())} at {when:%H:%M} UTC). The store holds the version every "
                          f"coordinator shares; {shown_name(session.path.name)} may be older. Open the store's version?", parent=self.window)
        store_button = box.addButton("Open the &store's version", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("Keep the &file", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(store_button)
        box.exec()
        if box.clickedButton() is store_button:
            self.open_course(session.spec.course_id)

    # ------------------------------------------------------------------ saving
    def _refused(self, exc: InputError) -> bool:
        self.window.form.show_error(exc)
        QMessageBox.warning(self.window, "Not saved", as_written(f"{exc.reason}."))
        return False

    @guarded
    def save(self) -> bool:
        """Save the stored course over the version it was opened at; a lost race shows who won."""
        if self.store is None or self.opened is None:
            return False
        session = self.window.session
        if self.opened.cancelled:
            QMessageBox.warning(self.window, "Not saved", "This course is cancelled: reinstate it first (Department → Reinstate course…).")
            return False
        try:
            self._check_booked_time()
            version = save_stored(self.store, session.spec, self.opened.version, session.schedule, self.opened.spec)
            follow_booked_days(self.store, session.spec.course_id, session.catalogue, self.window.holidays)
            # the patient given the calendar is owed its update, as `course save` owes it (with a department or without)
            owed = calendar_owed_after_save(self.store, session.spec.course_id, session.catalogue, self.window.holidays,
                                            settings=self.window.settings)
        except CourseConflict as exc:
            return self._conflict(exc)
        except InputError as exc:
            return self._refused(exc)
        except StoreError as exc:
            if isinstance(exc, CourseFromNewer):  # said above the form too, where it stays in sight
                self.window.form.general_error.show_message(as_written(f"{str(exc)[:1].upper()}{str(exc)[1:]}."))
            QMessageBox.warning(self.window, "Not saved", as_written(self._failure(exc)))
            return False
        self._saved(version, calendar_owed=bool(owed))
        return True

    def _check_booked_time(self) -> None:
        """A booked course's daily time changes with its bookings, never by a save alone (as `course save --time`): saved,
        it would disagree with them, and the next save, the course read at its booked times, would put theirs back
        unsaid. InputError naming the time field, nothing saved."""
        assert self.store is not None and self.opened is not None
        spec = self.window.session.spec
        if spec.time == self.opened.spec.time:  # opened at its booked times: no new daily time
            return
        try:
            desk = BookingDesk(self.store, self.window.session.catalogue, holidays=self.window.holidays)
        except NoDepartment:  # nothing can be booked without a department
            return
        booked = desk.booked_daily_time(spec.course_id, ZoneInfo(spec.tz))
        if booked is None or booked.time == spec.time:
            return
        if booked.first_to_come is None:
            raise InputError(Field.TIME, f"every session of the course has begun or is past at its booked time ({booked.time:%H:%M}): "
                                         "its daily time stays as booked; set it back to save the course")
        raise InputError(Field.TIME, f"the course is booked at {booked.time:%H:%M}, and saving it does not move its bookings: "
                                     f"move them first (Department → Bookings…, session {booked.first_to_come}'s Move the rest "
                                     f"of this course…), or set the booked time again to save the other changes")

    def _saved(self, version: int, *, calendar_owed: bool = False) -> None:
        session = self.window.session
        closures = self._department_closures(session.spec.course_id)
        self.opened = OpenedCourse(session.spec.course_id, version, session.spec, department_closures=closures)
        session.show_department_closures(closures)  # it keeps its own calendar now, or follows the department's
        session.title = STORED_TITLE
        session.mark_saved()
        self._show_history()
        if self.patients is not None:
            self.patients.refresh()
            self.patients.show_course(session.spec.course_id)  # the course saved stays selected and in view
        self._enable()
        show_booking(self.window)
        if closures is not None and closures.joined(closures.own_of(session.spec.closed)) != session.spec.closed:
            # shown without some of the department's closures (a course just added; one closed since it was opened):
            # shown again as stored, closed with the department, as opening it shows it
            follow_bookings(self.window, patient_list=False)
        own = self.store is not None and overrides_department(self.store, session.spec.course_id)
        where = (", or write the update from Department → Bookings…, Calendars" if self.department is not None
                 else " (File → Export calendar) and give the patient that file")
        owed = f"; the patient's calendar changed: export it again{where}" if calendar_owed else ""
        self.window.statusBar().showMessage(f"Saved to the store (version {version})" + (
            "; it keeps its own calendar (time zone, holidays, closures, treatment days), not the department's" if own else "")
            + owed, 8000 if own or owed else 4000)

    def _department_closures(self, course_id: str) -> DepartmentClosures | None:
        """The department's closures the form names apart from the stored course's own (None: it follows the
        department's calendar, or the store cannot say)."""
        if self.store is None:
            return None
        try:
            return open_stored(self.store, course_id).department_closures
        except (StoreError, CourseNotFound):
            return None

    def _conflict(self, exc: CourseConflict) -> bool:
        assert self.store is not None and self.opened is not None
        session = self.window.session
        try:
            theirs = open_as_booked(self.store, self.opened.course_id, session.catalogue, self.window.holidays)
        except (StoreError, CourseNotFound) as error:
            QMessageBox.warning(self.window, "Not saved", as_written(f"{exc}\n{error}"))
            return False
        zone = self.department.zone if self.department else None
        dialog = SaveConflictDialog(exc.details, differences(theirs.spec, session.spec, self.opened.spec), zone, self.window,
                                    cancelled=theirs.cancelled)
        self.conflict_dialog = dialog
        dialog.exec()
        if self.patients is not None:  # its row says what the other coordinator did (cancelled, new days)
            self.patients.model.update_rows()
        if dialog.choice is ConflictChoice.SAVE_MINE and not theirs.cancelled:
            try:
                merged = on_top_of_theirs(self.opened.spec, theirs.spec, session.spec)
            except CourseFileError as error:  # their change and mine do not make one course: nothing saved, mine stays open
                QMessageBox.warning(self.window, "Not saved", as_written(
                    f"Your changes and theirs do not make one course ({error}). Your version is still open: "
                    "open theirs to see it, or change yours and save again."))
                return False
            session.replace(merged, "Keep their changes")  # the fields only they changed, shown before they are saved (Ctrl+Z)
            self.opened = replace(self.opened, version=theirs.version, spec=theirs.spec)
            return bool(self.save())
        if dialog.choice is ConflictChoice.OPEN_THEIRS:
            self._opened(theirs)
            return False
        self._show_history()
        show_booking(self.window)  # the booking as the store holds it now (a cancellation released it)
        return False

    @guarded
    def add_course(self) -> None:
        """Keep the course shown (from a file, or new) in the store."""
        if self.opened is not None or not self._store_ready() or self.store is None:
            return
        from .department_follow import ready_to_use

        if not ready_to_use(self.window, "add it"):
            return
        session = self.window.session
        try:
            version = save_stored(self.store, session.spec, None, session.schedule)
        except CourseConflict as exc:
            QMessageBox.information(self.window, "Already in the store", as_written(
                f"This course is already in the store, last saved by {exc.details.changed_by} at "
                f"{day_text(exc.details.changed_at.date())} {exc.details.changed_at:%H:%M} UTC. Open it from the patient list."))
            return
        except InputError as exc:
            self._refused(exc)
            return
        except StoreError as exc:
            QMessageBox.warning(self.window, "Not added", as_written(self._failure(exc)))
            return
        file = session.path
        if file is not None:  # from now on Ctrl+S saves to the store: the window must not go on naming the file
            session.detach_file()
        self._saved(version)
        if file is not None:
            self.window.statusBar().showMessage(f"Added to the store (version {version}): Ctrl+S saves there now; {shown_name(file.name)} "
                                                "stays as it was (File → Save As… writes a copy).", 10000)
        if self.unstored_export is not None and self.unstored_export[0] == session.spec.course_id:
            self.exported(self.unstored_export[1])  # the calendar the patient was given before the course was stored
            self.unstored_export = None

    @guarded
    def import_files(self) -> None:
        """Add chosen course files to the store; each refused file is named with its reason."""
        from ..store.course_file import MAX_ITEMS

        if not self._store_ready() or self.store is None:
            return
        start = remembered_folder(self.window.settings.import_folder, self.window)
        names, _ = QFileDialog.getOpenFileNames(self.window, "Import course files", start, FILE_FILTER)
        if not names:
            return
        self._remember_import_folder(Path(names[0]).parent)
        if len(names) > MAX_ITEMS:
            QMessageBox.warning(self.window, "Not imported", f"Choose at most {MAX_ITEMS} files at once.")
            return
        try:
            report = import_course_files(self.store, [Path(n) for n in names], self.window.session.catalogue,
                                         self.window.session.holidays)
        except (StoreError, InputError) as exc:
            QMessageBox.warning(self.window, "Not imported", as_written(self._failure(exc) if isinstance(exc, StoreError) else str(exc)))
            return
        if report.refused:  # all or none: the good files were held back too
            QMessageBox.warning(self.window, "Nothing imported", "\n".join([
                f"Nothing imported: {len(report.refused)} of {counted(len(names), 'file')} refused. Fix or leave out the "
                "refused and import again.", *(shown_name(line) for line in report.refused)]))
            return
        if self.patients is not None:
            self.patients.refresh()
        lines = [f"Imported {len(report.added)} course{'s' if len(report.added) != 1 else ''}."]
        if report.already_stored:
            lines.append(f"{report.already_stored} already in the store, left as they were.")
        if report.own_calendars:
            lines.append("These keep the calendar of their file, not the department's; open one and set its time zone, "
                         "holidays, closures and treatment days to the department's to make it follow the department:")
            lines += [f"{spec.patient_name} ({spec.patient_id}): {differences}" for spec, differences in report.own_calendars]
        lines += self._import_warnings(report.added)
        QMessageBox.information(self.window, "Import", as_written("\n".join(lines)))

    def _import_warnings(self, course_ids: tuple[str, ...]) -> list[str]:
        """Each imported course's warnings, as `planner import` says them (a course too long for its site, one that
        cannot be planned yet), named by its patient: what the import message adds ([] when there are none)."""
        store = self.store
        if store is None or not course_ids:
            return []
        try:
            warnings = imported_course_warnings(store, course_ids, self.window.session.catalogue, self.window.session.holidays)
            named = {course_id: f"{row.patient} ({row.patient_id})"
                     for course_id, row in store.course_summaries(sorted({c for c, _ in warnings})).items()}
        except StoreError as exc:
            return [f"Their warnings could not be read: {exc}"]
        if not warnings:
            return []
        return ["Warnings:", *(f"{named.get(course_id, f'Course {course_id}')}: {warning}" for course_id, warning in warnings)]

    def _remember_import_folder(self, folder: Path) -> None:
        """The next import starts in the folder this one chose from, after a restart too (the settings file)."""
        if str(folder) != self.window.settings.import_folder:
            self.window.settings = replace(self.window.settings, import_folder=str(folder))
            self.window.courses.store_settings()

    # ------------------------------------------------------------------ exports
    def last_export(self) -> ExportState | None:
        """The stored course's last export, which the next one updates (None: not stored, or never exported)."""
        if self.store is None or self.opened is None:
            return None
        try:
            return last_stored_export(self.store, self.opened.course_id)
        except (PreviousExportError, StoreError) as exc:
            self.window.statusBar().showMessage(f"The last export is not available ({exc}); a new calendar is written.", 8000)
            return None

    def exported(self, data: bytes) -> None:
        """Keep the export just written with the stored course; a course not in the store yet keeps it until it
        is added (the patient has that calendar: a booking that moves it then owes them an update)."""
        if self.store is None or self.opened is None:
            self.unstored_export = (self.window.session.spec.course_id, data)
            return
        try:
            record_stored_export(self.store, self.opened.course_id, data)
        except (StoreError, CourseNotFound) as exc:
            self.window.statusBar().showMessage(f"The export was written but not kept in the store: {exc}", 8000)

    # ------------------------------------------------------------------ the department
    @staticmethod
    def _back_sooner(before: Department, after: Department, moved: str = "") -> str:
        """A downtime saved shorter (the engineer says the machine is back sooner): from when the machine is bookable
        again, and what became of the sessions its downtime moved (`moved`, as `offer_move_back` says it; else that they
        stay where they went: nothing moves them back unasked)."""
        from ..core.department import shortened_downtime

        shortened = shortened_downtime(before.downtime, after.downtime)
        if not shortened:
            return ""
        zone = after.zone
        back = "; ".join(f"{new.machine} back from {day_text(new.end.astimezone(zone).date())} "
                         f"{new.end.astimezone(zone):%H:%M}" for _, new in shortened)
        if moved:
            return f"Saved: {back}; {moved}."
        return f"Saved: {back}; what its downtime moved stays moved (move it back in Bookings)."  # fits beside a 1024 px status bar's note

    @guarded
    def edit_department(self) -> None:
        from ..app.machine_roles import known_capabilities
        from .department_settings import DepartmentDialog

        desk = None
        first = self.store is None and self.open_on_first_use  # no department database yet: made on Save, not before
        if not first:
            self._store_ready()
            if self.store is None:
                return
            desk = self._booking_desk(self.store)
            from .department_follow import follow_department

            follow_department(self.window)  # as stored now: another coordinator may have changed it (the course follows)
        shown = self.department or new_department(self.window.settings)

        def save(department: Department) -> None:  # downtime and closures recorded meanwhile by others are kept
            if not self._store_ready() or self.store is None:  # the first department: its database is made now
                raise StoreError("the department's store cannot be opened (the status bar says why)")
            self.store.set_department(department, opened=shown, renamed=dialog.renamed)

        dialog = DepartmentDialog(shown, save, self.window, known_capabilities(self.window.session.catalogue), desk,
                                  self.window.holidays)
        blank = self.window.courses.blank_course_shown()
        saved = dialog.exec() and dialog.result_department is not None
        store = self.store
        if saved and dialog.result_department is not None and store is not None:
            try:
                self.department_read = read_department(store)
                self.department = self.department_read.department or dialog.result_department  # with what others recorded meanwhile
            except StoreError:
                self.department_read = DepartmentRead(None)
                self.department = dialog.result_department
            self.window.session.department = self.department
            if desk is not None:
                missed = self._follow_plans(desk)
                if missed:
                    self.window.statusBar().showMessage(missed, 8000)
            if self.window.setup_hint is not None:
                self.window.setup_hint.hide()  # the department's zone, holidays and phone are the courses' now
            from ..core.department import shortened_downtime, with_machines_renamed

            # The settings as opened, under the names saved: a downtime is compared with its own machine's (a machine
            # renamed, or two swapping names, is no downtime ended sooner, nor hides one).
            before = with_machines_renamed(shown, dialog.renamed)
            back = self._back_sooner(before, self.department)
            if back and desk is not None:  # offer to move back what the shortened downtime moved (its report says who, where)
                from .machine_back_dialogs import offer_move_back

                moved = offer_move_back(desk, shortened_downtime(before.downtime, self.department.downtime), self.window)
                if moved:
                    back = self._back_sooner(before, self.department, moved)
            if desk is not None:  # a closure taken back: offer to move back what it moved (its report says who, where)
                from ..app.reopening import closures_taken_back, reopened_words
                from .reopen_dialogs import offer_reopen_move_back

                moved = offer_reopen_move_back(desk, closures_taken_back(desk, shown, self.department), self.window)
                reopened = reopened_words(desk, shown, self.department, moved)
                if reopened:
                    back = f"{back.rstrip('.')}; {reopened}." if back else f"Saved: {reopened}."
            if blank:  # the new course nobody typed into: made again on the department's calendar, as Settings does
                self.window.session.new()
                self.course_replaced()
                self.window.statusBar().showMessage(back or "Department settings saved; the new course on screen follows them.",
                                                    20000 if back else 6000)
            else:  # a course with unsaved edits moves onto the department's new calendar, its edits kept (Ctrl+Z)
                from .department_follow import edits_follow

                followed = self.window.session.dirty and edits_follow(self.window, before, self.department)
                saved_words = "Department settings saved; the course follows them, your edits kept." if followed else \
                    "Department settings saved."
                self.window.statusBar().showMessage(back or saved_words, 20000 if back else 5000)
        if dialog.closure is not None and desk is not None:  # closed and re-booked from the dialog: who moved where
            from .closure_dialog import ClosureReportDialog

            if not saved and store is not None:
                self.department_read = read_department(store)
                self.department = self.department_read.department
                self.window.session.department = self.department
            ClosureReportDialog(desk, *dialog.closure, self.window).exec()

    def _follow_plans(self, desk: BookingDesk) -> str:
        """After the department's calendar changed (settings saved, a file imported): its closures, treatment days and
        holidays push the courses not booked, and the Patients list says so. Returns what went wrong ('' when nothing)."""
        try:
            desk.follow_plans()
        except (StoreError, InputError) as exc:
            return f"The Patients list's days were not read again: {exc}"
        finally:
            if self.patients is not None:
                self.patients.refresh()
        return ""

    def _booking_desk(self, store: Store) -> BookingDesk | None:
        """The booking desk on the open store (None before it has a department), for closing days with their re-booking."""
        try:
            return BookingDesk(store, self.window.session.catalogue, clinic_phone=self.window.settings.clinic_phone,
                               holidays=self.window.holidays, clinic_name=self.window.settings.clinic_name,
                               discreet_shows_id=self.window.settings.discreet_print_shows_id)
        except (InputError, StoreError):
            return None

    @guarded
    def back_up(self) -> None:
        """Department → Back up the store…: a copy of the embedded store in a new file (never over one); a
        PostgreSQL store is its database's tools' to back up, and the refusal says so."""
        from datetime import date

        from ..store.db.backup import back_up

        store = self.store
        if store is None:
            return
        proposed = Path(self.window.courses.folder()) / f"department-store-{date.today().isoformat()}.db"
        name, _ = QFileDialog.getSaveFileName(self.window, "Back up the store", str(proposed), "Store copy (*.db)",
                                              options=QFileDialog.Option.DontConfirmOverwrite)  # never replaced: refused below
        if not name:
            return
        try:
            copy = back_up(store, Path(name))
        except StoreError as exc:
            QMessageBox.warning(self.window, "Back up the store", as_written(shown_name(f"Not backed up: {exc}")))
            return
        self.window.statusBar().showMessage(
            f"Backed up the store to {shown_name(copy.path.name)}: {counted(copy.patients, 'patient')}, {counted(copy.courses, 'course')}, "
            f"{counted(copy.bookings, 'booked appointment')}.", 10000)

    @guarded
    def import_department(self) -> bool:
        """Department → Import department file…: read a department file and make it the store's
        department (asking before one already there is replaced). True once imported."""
        from .department_import import DepartmentImportDialog

        self._store_ready()
        store = self.store
        if store is None:
            return False
        dialog = DepartmentImportDialog(store, self.window.session.catalogue, self.window.holidays, self.window._folder(),
                                        self.window)
        if not dialog.exec() or dialog.imported is None:
            return False
        try:  # as stored, with what others recorded meanwhile
            self.department_read = read_department(store)
        except StoreError:
            self.department_read = DepartmentRead(None)  # read again, mark and all, at the next check
        self.department = self.department_read.department or dialog.imported
        self._follow_department()
        said = f"Imported the department {self.department.name}: {counted(len(self.department.machines), 'machine')}."
        desk = self._booking_desk(store)
        if desk is not None:
            said = " ".join(filter(None, (said, self._follow_plans(desk))))
        self.window.statusBar().showMessage(said, 8000)
        return True
