"""The window's file and course actions: new, open, save, recent files, export calendar, print,
settings, the department, and the adjustments (move, missed, re-time, shift). Each is one small
method that asks the user what is needed, calls the session or the application layer, and says
how it went; the window only builds the widgets and connects them to these."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6 import QtCore
from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog, QMessageBox

from ..app.catalogues import catalogue_at
from ..core.errors import InputError
from ..core.text import counted
from ..store.settings import save_settings
from . import discard_question
from .as_written import as_written
from .formats import short_day
from .guard import guarded
from .keyed_menu import menu_words
from .shown_names import MENU_CHARS, shown_name

if TYPE_CHECKING:
    from ..core.kinds import AppointmentKey
    from ..core.schedule import Schedule
    from .dialogs import PrintChoice
    from .main_window import MainWindow
    from .printing import PrintContext
    from .printing.output import PrintDocument

NOT_IN_STORE = "This course is not in the department store yet: Department → Add course to the store"


def offer_to_store(window: MainWindow) -> bool:
    """Say the course is not in the store and offer to add it there (True once it is)."""
    link = window.store_link
    box = QMessageBox(QMessageBox.Icon.Information, "Book course", NOT_IN_STORE + ".", parent=window)
    adding = box.addButton("&Add course to the store", QMessageBox.ButtonRole.AcceptRole) if link is not None else None
    box.addButton(QMessageBox.StandardButton.Cancel if adding is not None else QMessageBox.StandardButton.Close)
    if adding is not None:
        box.setDefaultButton(adding)
    box.exec()
    if link is None or adding is None or box.clickedButton() is not adding:
        return False
    link.add_course()
    return link.opened is not None


class CourseController(QObject):
    """Acts on the window's open course; reads the window's session, settings and store link."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.print_choice: PrintChoice | None = None  # the last print's layout, weeks, days and hours
        self.printed: tuple[str, tuple[date, ...]] | None = None  # the course id and weeks the last print was chosen for

    def _say(self, text: str, milliseconds: int) -> None:
        self.window.statusBar().showMessage(text, milliseconds)

    def ready_to_use(self, doing: str) -> bool:
        """Right before `doing` uses the course: what is typed into the field with the keys taken, and the department
        as the store holds it now (see department_follow.py; loaded here, not with the form, as the store's code is).
        False when the typed text cannot be taken or the course on screen was planned again."""
        link = self.window.store_link
        if link is None or link.store is None:  # no department read: nothing to follow
            return self.take_typed(doing)
        from .department_follow import ready_to_use

        return ready_to_use(self.window, doing)

    def take_typed(self, doing: str) -> bool:
        """What is typed into the form's field with the keys, taken before `doing` uses the course (a shortcut, Ctrl+E,
        leaves the field where it is, and the export had the date the field showed before it was typed over). False
        when the text cannot be taken: the field says why beside it, the status line what to do."""
        field, problem = self.window.form.take_typed()
        if not problem:
            return True
        self._say(f"{self.window.form.field_label(field)}: {problem}. Correct it, then {doing} again.", 15000)
        return False

    # ------------------------------------------------------------------ files
    def confirm_discard(self) -> bool:
        """True when there is nothing unsaved, or the user saved or chose to discard it."""
        window = self.window
        if not window.started or not window.session.dirty:
            return True
        answer = discard_question.unsaved_question(
            window, "Unsaved changes", "The course has unsaved changes. Save them first?",
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save)
        if answer == QMessageBox.StandardButton.Save:
            return bool(self.save_course())
        return answer == QMessageBox.StandardButton.Discard

    @guarded
    def new_course(self) -> None:
        """A new course, with the keys in the patient's name: the name typed next is the new patient's, and never
        lands in the field the keys were left in (typed into Site, "Brian Cox" chose Breast)."""
        if self.confirm_discard():
            self.window.session.new()
            if self.window.store_link is not None:
                self.window.store_link.course_replaced()
            from .focus_home import tab_stop

            name = self.window.form.patient_name
            if tab_stop(name):
                name.setFocus(QtCore.Qt.FocusReason.TabFocusReason)  # as Tab would: its focus frame shows

    @guarded
    def open_course(self) -> None:
        if not self.confirm_discard():
            return
        from .files import choose_course_file

        path = choose_course_file(self.window, self.folder())
        if path is not None:
            self.open_path(path)

    def open_path(self, path: Path) -> bool:
        from ..store.course_file import CourseFileError

        try:
            self.window.session.open(path)
        except CourseFileError as exc:
            QMessageBox.warning(self.window, "Cannot open the course", as_written(shown_name(str(exc))))
            return False
        self.remember(path)
        if self.window.store_link is not None:
            self.window.store_link.course_replaced()
            self.window.store_link.offer_stored_version()
        return True

    @guarded
    def save_course(self) -> bool:
        if not self.ready_to_use("save"):
            return False
        link = self.window.store_link
        if link is not None and link.opened is not None:
            return bool(link.save())
        path = self.window.session.path
        if path is None:
            return bool(self.save_course_as())
        return self._save_to(path)

    @guarded
    def save_course_as(self) -> bool:
        from ..app.file_names import proposed_file_name
        from .files import FILE_FILTER

        if not self.ready_to_use("save"):
            return False
        suggestion = str(Path(self.folder()) / proposed_file_name(self.window.session.spec))
        name, _ = QFileDialog.getSaveFileName(self.window, "Save course", suggestion, FILE_FILTER)
        return self._save_to(Path(name)) if name else False

    def write_or_warn(self, path: Path, write: Callable[[], None], what: str) -> bool:
        """Write a file; a failure (full disk, no permission) is said plainly, and nothing else changes."""
        try:
            write()
        except OSError as exc:
            QMessageBox.warning(self.window, f"Cannot write the {what}", as_written(shown_name(f"{path}: {exc.strerror or exc}")))
            return False
        return True

    def _save_to(self, path: Path) -> bool:
        link = self.window.store_link
        if link is not None and link.opened is not None:  # a stored course: a copy in a file, the course stays the store's
            from ..app.stored_courses import as_course_file
            from ..store.course_file import save_course
            from ..store.db import CourseFromNewer

            if link.opened.unknown:  # a newer planner's fields: the copy would leave them out
                QMessageBox.warning(self.window, "Not written", as_written(
                    f"{CourseFromNewer(link.opened.course_id, link.opened.unknown, 'writing it to a course file')}."))
                return False

            copy = as_course_file(self.window.session.spec, self.window.session.department_closures)
            if not self.write_or_warn(path, partial(save_course, copy, path), "course"):
                return False
            self.remember(path)
            self._say(f"Wrote a copy to {shown_name(path.name)}; the course stays the store's (Ctrl+S saves there).", 6000)
            return True
        if not self.write_or_warn(path, partial(self.window.session.save, path), "course"):
            return False
        self.remember(path)
        if link is not None:  # a file, not the store the Patients list and the bookings read: said, with where to add it
            self._say(f"Saved {shown_name(path.name)}. {NOT_IN_STORE}.", 12000)
        else:
            self._say(f"Saved {shown_name(path.name)}", 4000)
        return True

    def folder(self) -> str:
        """Where a file dialog opens: the course's folder, else the last file's, else home."""
        path = self.window.session.path
        if path is not None:
            return str(path.parent)
        recent = self.window.settings.recent_files
        return str(Path(recent[0]).parent) if recent else str(Path.home())

    def remember(self, path: Path) -> None:
        self.window.settings = self.window.settings.with_recent(str(path))
        self.store_settings()
        self.fill_recent()

    def fill_recent(self) -> None:
        menu = self.window.recent_menu
        menu.clear()
        for name in self.window.settings.recent_files:
            menu.addAction(menu_words(shown_name(name, MENU_CHARS)), lambda checked=False, n=name: self.open_recent(n))
        menu.setEnabled(bool(self.window.settings.recent_files))

    @guarded
    def open_recent(self, name: str) -> None:
        if self.confirm_discard():
            self.open_path(Path(name))

    def store_settings(self) -> None:
        if self.window.persist_settings:
            try:
                save_settings(self.window.settings)
            except OSError as exc:
                self._say(f"Settings not saved: {exc.strerror or exc}", 6000)

    # ------------------------------------------------------------------ export and print
    def schedule_for(self, what: str) -> Schedule | None:
        """The course's schedule as the views show it (a booked course's at its booked times), or None
        after telling the user there is none to `what` yet."""
        schedule = self.window.results.as_shown(self.window.session.schedule)
        if schedule is None:
            QMessageBox.information(self.window, what, "Fix the course first: it has no schedule yet.")
        elif not self.spacing_is_kept(schedule, what):
            return None
        return schedule

    def spacing_is_kept(self, schedule: Schedule, what: str) -> bool:
        """Before an export or print: a course that breaks its spacing (two sessions under 6 hours apart, an SBRT
        fraction a day after another) is asked about, Go back the default, as the patient would be given those
        times. True to go on (nothing broken, or the user chose to)."""
        from ..core.schedule import spacing_problems

        problems = spacing_problems(schedule.fractions, schedule.request.phases)
        if not problems:
            return True
        box = QMessageBox(QMessageBox.Icon.Warning, what, "The course breaks its spacing, and the patient would be given these "
                          "times:\n\n" + "\n".join(f"• {p}" for p in problems) + "\n\nChange the course first (the warnings "
                          "under the schedule say how), or go on if this is what the clinician wants.", parent=self.window)
        back = box.addButton("&Go back", QMessageBox.ButtonRole.RejectRole)
        go_on = box.addButton(f"{what} &anyway", QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(back)
        box.setEscapeButton(back)
        box.exec()
        return box.clickedButton() is go_on

    @guarded
    def export_calendar(self) -> None:
        from ..app.calendar_export import PreviousExportError, export_calendar, previous_export, sessions_at_once_refusal
        from ..app.discretion import treatment_left_out_of_location, words_left_in_location
        from ..app.file_names import names_hospital_number, proposed_export_name
        from ..store.files import write_private
        from .dialogs import ExportDialog, left_out_note

        window, session = self.window, self.window.session
        if not self.ready_to_use("export"):
            return
        schedule = self.schedule_for("Export")
        if schedule is None:
            return
        refusal = sessions_at_once_refusal(schedule)
        if refusal is not None:
            QMessageBox.warning(window, "Export calendar", as_written(f"Not exported: {refusal}."))
            return
        if not self.phone_is_known("export"):
            return
        given = window.store_link.last_export() if window.store_link is not None else None
        # discreet by default when the course is, or when the calendar the patient was given is (its update stays so);
        # preparation events when that calendar had them (an update without them would cancel them on the phone)
        dialog = ExportDialog(session.spec.discreet or (given is not None and given.discreet), window,
                              words_left_in_location(window.settings, session.department, session.spec.location),
                              stored_export=given is not None, prep_events=given is not None and given.prep_events,
                              left_out=treatment_left_out_of_location(window.settings, session.department, session.spec.location),
                              reminders_note=left_out_note(schedule, "calendar"))
        while dialog.exec():
            choice = dialog.choice()
            previous = None
            if choice.previous:
                try:
                    previous = previous_export(Path(choice.previous), session.spec.course_id)
                except PreviousExportError as exc:
                    dialog.error.show_message(shown_name(f"{exc}."))
                    continue
            if previous is None and window.store_link is not None:
                previous = window.store_link.last_export()
            suggestion = proposed_export_name(session.spec, hospital_number=names_hospital_number(
                choice.discreet, window.settings.discreet_print_shows_id))  # as the desk names its updates
            name, _ = QFileDialog.getSaveFileName(window, "Export calendar", str(Path(self.folder()) / suggestion),
                                                  "Calendar (*.ics)")
            if not name:
                return
            link = window.store_link
            kept = None  # a cancelled stored course: only the appointments given (the rest cancelled in the patient's calendar)
            if link is not None and link.store is not None and link.opened is not None and link.opened.cancelled:
                from ..app.cancelling import given_if_cancelled

                kept = given_if_cancelled(link.store, link.opened.course_id, schedule)
            try:
                data = export_calendar(schedule, session.spec, window.settings, now=datetime.now(UTC), discreet=choice.discreet,
                                       prep_events=choice.prep_events, previous=previous, department=session.department,
                                       machines=window.results.machines, kept=kept, rebooked=window.results.rebooked)
            except InputError as exc:
                QMessageBox.warning(window, "Export calendar", as_written(f"Not exported: {exc.reason}."))
                return
            if not self.write_or_warn(Path(name), partial(write_private, Path(name), data), "calendar"):
                return
            if window.store_link is not None:
                window.store_link.exported(data)
            from ..app.cancelling import cancelled_note, written_count

            self._say(f"Exported {counted(written_count(schedule, kept), 'appointment')} to {shown_name(Path(name).name)}"
                      f"{cancelled_note(kept, data, previous)}", 5000)
            return

    def phone_is_known(self, what: str) -> bool:
        """Before an export or print: a patient without the clinic's number cannot call when unwell.
        True to go on (the number is there, or the user chose to go on without it)."""
        from ..app.planning import clinic_contact

        window = self.window
        if clinic_contact(window.settings, window.session.department)[1].strip():
            return True
        # With a department in the store its phone is the patients' (Settings says so of itself): set it there
        link = window.store_link if window.session.department is not None else None
        place = "Department settings" if link is not None else "Settings"
        box = QMessageBox(QMessageBox.Icon.Warning, "No clinic phone number",
                          f"The clinic's phone number is missing, so the {what} will not tell the patient whom to call. "
                          f"Add it in {place} first?", parent=window)
        settings = box.addButton(f"&Open {place}…", QMessageBox.ButtonRole.AcceptRole)
        go_on = box.addButton(f"{what.capitalize()} &without it", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(settings)
        box.exec()
        if box.clickedButton() is settings:
            if link is not None:
                link.edit_department()
            else:
                self.edit_settings()
            return bool(clinic_contact(window.settings, window.session.department)[1].strip())
        return box.clickedButton() is go_on

    def patient_is_named(self) -> bool:
        """Before a print: a printout without the patient's name can be handed to the wrong patient, or lost among
        others at the desk. True to go on (the name is there, or the user chose to print without it)."""
        window = self.window
        if window.session.spec.patient_name.strip():
            return True
        box = QMessageBox(QMessageBox.Icon.Warning, "No patient name",
                          "The course has no patient name, so the printout will not say whose appointments these are. "
                          "Type the name first?", parent=window)
        name = box.addButton("&Type the name", QMessageBox.ButtonRole.AcceptRole)
        go_on = box.addButton("Print &without it", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(name)
        box.exec()
        if box.clickedButton() is name:
            window.form.patient_name.setFocus(QtCore.Qt.FocusReason.OtherFocusReason)
        return box.clickedButton() is go_on

    def print_context(self, schedule: Schedule | None = None) -> PrintContext:
        """What a print shows: `schedule`, else the course's as the views show it."""
        from ..app.print_facts import print_facts
        from .printing import context_from

        session = self.window.session
        schedule = schedule or self.window.results.as_shown(session.schedule)
        assert schedule is not None
        # The machines as the views show them (a booked course's, at its booked times): the print names
        # them as the command line's print does, through the same facts (never in a discreet print).
        return context_from(print_facts(schedule, session.spec, self.window.settings, session.catalogue, printed_on=date.today(),
                                        department=session.department, machines=self.window.results.machines,
                                        rebooked=self.window.results.rebooked))

    @guarded
    def print_course(self) -> None:
        from ..app.file_names import proposed_pdf_name
        from ..store.db import StoreError
        from .course_cancel import as_given_if_cancelled
        from .dialogs import PrintDialog, left_out_note, remember_print_choice, remembered_print_choice
        from .printing import GlanceDocument, SheetDocument, WeekDocument, course_weeks

        window = self.window
        if not self.ready_to_use("print"):
            return
        schedule = self.schedule_for("Print")
        if schedule is None:
            return
        try:  # a cancelled stored course: only the appointments given, as its calendar keeps them
            schedule = as_given_if_cancelled(window, schedule)
        except (InputError, StoreError) as exc:
            QMessageBox.warning(window, "Print", as_written(f"Not printed: {exc.reason if isinstance(exc, InputError) else exc}."))
            return
        if not self.phone_is_known("print") or not self.patient_is_named():
            return
        weeks = course_weeks(schedule)
        course = (window.session.spec.course_id, tuple(weeks))
        previous = self.print_choice or remembered_print_choice(window.settings)
        if previous is not None and self.printed != course:  # another course, or its weeks changed: the whole course
            previous = replace(previous, mondays=[])
        notes = {"week": left_out_note(schedule, "print", timed_only=True), "sheet": left_out_note(schedule, "print")}
        dialog = PrintDialog(weeks, window, previous=previous, discreet=window.session.spec.discreet, reminders_notes=notes)
        if not dialog.exec():
            return
        choice = self.print_choice = dialog.choice()
        self.printed = course
        window.settings = remember_print_choice(window.settings, choice)
        self.store_settings()
        context = self.print_context(schedule)
        document: PrintDocument
        if choice.layout == "sheet":
            document = SheetDocument(context)
        elif choice.layout == "glance":
            document = GlanceDocument(context, choice.mondays, choice.week_days)
        else:
            document = WeekDocument(context, choice.mondays, choice.week_days, choice.hours)
        first = schedule.appointments[0].start.date() if schedule.appointments else None
        self.run_print(document, choice.action, choice.paper,
                       proposed_pdf_name(window.session.spec, first, hospital_number=context.shows_patient_id,
                                         layout=choice.layout, discreet=context.discreet))

    def run_print(self, document: PrintDocument, action: str, paper: str, pdf_name: str = "schedule.pdf") -> None:
        """Preview, print or write `document` as a PDF (proposed as `pdf_name` in the folder last used)."""
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        from .printing import paper_size, write_pdf
        from .printing.output import page_layout, paint_or_say, print_preview

        size = paper_size(paper)
        if action == "pdf":
            name, _ = QFileDialog.getSaveFileName(self.window, "Export PDF", str(Path(self.folder()) / pdf_name), "PDF (*.pdf)")
            target = Path(name)
            if name and self.write_or_warn(target, partial(write_pdf, document, target, size, "Appointments"), "PDF"):
                self._say(f"Wrote {shown_name(target.name)}", 5000)
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        layout = page_layout(document, size)
        if paper == "default" and printer.isValid():
            layout.setPageSize(printer.pageLayout().pageSize())
        printer.setPageLayout(layout)
        if action == "preview":
            print_preview(printer, document, self.window).exec()
        else:
            chooser = QPrintDialog(printer, self.window)
            if chooser.exec():
                paint_or_say(document, printer, self.window)

    # ------------------------------------------------------------------ department
    @guarded
    def open_department(self) -> None:
        from .department_window import open_department

        window = self.window
        opened = open_department(window, window.settings.database, window.session.catalogue, window.settings.clinic_phone,
                                 window.holidays, window.settings.clinic_name,
                                 discreet_shows_id=window.settings.discreet_print_shows_id)
        if opened is not None:
            opened.bookingsChanged.connect(self.follow_bookings)

    @guarded
    def open_bookings_on(self, day: date) -> None:
        """The Bookings window on `day`: where a session booked off its planned time is moved (the booking decides)."""
        from .department_window import DepartmentWindow

        self.open_department()
        shown = next((w for w in self.window.findChildren(DepartmentWindow) if w.isVisible()), None)
        if shown is not None:
            shown.show_day(day)

    @guarded
    def book_this_course(self) -> None:
        from .department_window import book_open_course

        window = self.window
        if not self.ready_to_use("book"):
            return
        link = window.store_link
        if link is None or link.opened is None:  # the desk books only stored courses: offer to store it first
            window.statusBar().showMessage(NOT_IN_STORE, 10000)
            if not offer_to_store(window):
                return
            link = window.store_link
            if link is None or link.opened is None:
                return
        if window.session.dirty and not self._saved_before_booking():
            return
        spec = window.session.spec
        said = book_open_course(window, window.settings.database, window.session.catalogue, spec.course_id, spec.patient_name,
                                window.holidays, window.settings)
        if said is not None:
            self.follow_bookings()
            from .course_bookings import BOOKED_MESSAGE_MS, say_booked

            if said:  # only its make-ups were booked: said as such, not as a booking of the whole course
                window.statusBar().showMessage(said, BOOKED_MESSAGE_MS)
            else:
                say_booked(window)

    def _saved_before_booking(self) -> bool:
        """The booking is made from the course as stored: unsaved changes (a move for transport) are saved first,
        or the booking is not made, rather than booked without them and then lost under the booked times."""
        answer = discard_question.unsaved_question(
            self.window, "Book this course",
            "Save the changes first? The booking is made from the course as stored: a change not saved would not be booked.",
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Save)
        return answer == QMessageBox.StandardButton.Save and self.window.save_course()

    @guarded
    def unbook_this_course(self) -> None:
        from .course_bookings import unbook_open_course

        unbook_open_course(self.window)

    @guarded
    def cancel_this_course(self) -> None:
        from .course_cancel import cancel_open_course

        cancel_open_course(self.window)

    @guarded
    def reinstate_this_course(self) -> None:
        from .course_cancel import reinstate_open_course

        reinstate_open_course(self.window)

    @guarded
    def follow_bookings(self) -> None:
        """The bookings changed: the open stored course shows its booked times and machines again."""
        from .course_bookings import follow_bookings

        follow_bookings(self.window)

    # ------------------------------------------------------------------ settings
    @guarded
    def edit_settings(self) -> None:
        from ..core.catalogue import Catalogue
        from .dialogs import SettingsDialog

        window = self.window
        department = window.session.department
        dialog = SettingsDialog(window.settings, catalogue_at, window, holidays=window.holidays,
                                department=department.name if department is not None else "")
        if dialog.exec() and dialog.result_settings is not None:
            blank = self.blank_course_shown()
            window.settings = dialog.result_settings
            window.session.settings = window.settings
            window.persist_settings = True  # chosen by the user: they replace a settings file that could not be read
            self.store_settings()
            if window.setup_hint is not None:
                window.setup_hint.follow(window.settings)
            from .department_window import DepartmentWindow

            for opened in window.findChildren(DepartmentWindow):  # its calendars and updates on the new settings from now on
                opened.follow_settings(window.settings)
            catalogue = dialog.result_catalogue
            if isinstance(catalogue, Catalogue) and catalogue != window.session.catalogue:
                window.form.set_catalogue(catalogue)
                window.session.set_catalogue(catalogue)
                self._say("Catalogue loaded.", 6000)
            if blank:  # the course a first start shows, nothing typed into it yet: on the clinic's new settings
                window.session.new()
                if window.store_link is not None:
                    window.store_link.course_replaced()
                if department is None:  # with one, the department's settings decide its calendar, not these
                    self._say("The new course on screen follows the new settings.", 6000)

    def blank_course_shown(self) -> bool:
        """Whether the window shows a new course nobody has typed into: not from a file, not from the store."""
        window = self.window
        stored = window.store_link is not None and window.store_link.opened is not None
        return window.session.path is None and not stored and not window.session.dirty and not window.session.title

    # ------------------------------------------------------------------ adjustments
    @guarded
    def move_selected(self) -> None:
        key = self.window.results.selected_key()
        if key is None:
            self._say("Select an appointment in the list first.", 5000)
            return
        self.move_appointment(key)

    @guarded
    def missed_selected(self) -> None:
        from ..core.kinds import AppointmentKind

        key = self.window.results.selected_key()
        if key is None or key.kind is not AppointmentKind.FRACTION:
            self._say("Select a fraction in the list first.", 5000)
            return
        self.mark_missed(key)

    @guarded
    def move_appointment(self, key: AppointmentKey) -> None:
        from .dialogs import MoveDialog

        session = self.window.session
        schedule = session.schedule
        appointment = schedule.find(key) if schedule else None
        if appointment is None:
            return
        dialog = MoveDialog(appointment, self.window, clinic=schedule.request.calendar if schedule else None)
        if dialog.exec():
            session.move(key, dialog.moment(), dialog.reason.reason())

    @guarded
    def on_drag_move(self, key: AppointmentKey, when: object) -> None:
        self.window.session.move(key, when)  # type: ignore[arg-type]
        self._say(f"Moved to {short_day(when.date())} {when:%H:%M}; Ctrl+Z undoes it.", 5000)

    @guarded
    def mark_missed(self, key: AppointmentKey) -> None:
        from .dialogs import MissedDialog

        session = self.window.session
        schedule = session.schedule
        appointment = schedule.find(key) if schedule else None
        if appointment is None or schedule is None:
            return
        options = session.make_up_options(appointment.start.date())
        dialog = MissedDialog(appointment, schedule, options, self.window)
        if dialog.exec():
            make_up, at, reason = dialog.choice()
            session.mark_missed(appointment.start.date(), make_up, at, reason)

    @guarded
    def edit_adjustment(self, ref: object) -> None:
        from .adjustments import EditAdjustmentDialog

        session = self.window.session
        entry = session.spec.adjustments.find(ref)  # type: ignore[arg-type]
        if entry is None:
            return
        dialog = EditAdjustmentDialog(entry, self.window)
        if dialog.exec():
            session.edit_adjustment(ref, dialog.result_entry())  # type: ignore[arg-type]

    @guarded
    def remove_adjustment(self, ref: object) -> None:
        self.window.session.remove_adjustment(ref)  # type: ignore[arg-type]
        self._say("Adjustment removed; Ctrl+Z brings it back.", 5000)

    @guarded
    def change_rest_of_course(self, shift: bool) -> None:
        """'From fraction N on, at HH:MM', or 'shift the rest by one open day', from the selected fraction on."""
        from PySide6.QtCore import QTime

        from ..core.kinds import AppointmentKind
        from .adjustments import RestOfCourseDialog

        session = self.window.session
        schedule = session.schedule
        if schedule is None:
            return
        key = self.window.results.selected_key()
        chosen = schedule.find(key) if key is not None else None
        first = chosen.number if chosen is not None and chosen.kind is AppointmentKind.FRACTION else 1
        at = session.spec.time
        dialog = RestOfCourseDialog(shift, len(schedule.fractions), first, QTime(at.hour, at.minute), self.window)
        if not dialog.exec():
            return
        entry = dialog.entry()
        if shift:
            session.shift_from(entry.from_number, entry.reason)
        else:
            session.retime_from(entry.from_number, entry.at, entry.reason)  # type: ignore[union-attr]
