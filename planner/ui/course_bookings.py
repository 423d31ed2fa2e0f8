"""The window's view of the open stored course's booking: it reads the booking from the store and
hands it to the result panel (summary, Machine column, week and month views), and after the
bookings changed (booked, unbooked, re-booked around a machine's downtime, here or by another
coordinator) shows the course again at its booked times. Each step calls the application layer."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QMessageBox

from ..app.course_booking import booking_facts, open_as_booked
from ..app.store_words import store_words
from ..core.errors import InputError
from ..core.spec import CourseSpec
from ..store.db import CourseNotFound, StoreError
from .as_written import as_written
from .formats import day_text
from .guard import guarded

if TYPE_CHECKING:
    from .main_window import MainWindow


def show_booking(window: MainWindow) -> None:
    """The open stored course's booking in the window (a course only in a file shows none)."""
    from .course_cancel import given_appointments_shown, show_cancelled

    link = window.store_link
    window.results.cancelled = show_cancelled(window)  # a cancelled course's form is read-only
    window.results.department = link is None or link.department is not None
    window.results.given = given_appointments_shown(window) if window.results.cancelled else None
    window.results.urgent_due = None
    window.results.today = None
    if link is None or link.store is None or link.opened is None:
        window.results.set_booking(None, False)
        return
    zone = link.department.zone if link.department is not None else None
    try:
        facts = booking_facts(link.store, link.opened.course_id, zone)
        window.results.today = link.store.today() if facts is not None else None  # for its make-ups never booked
        entered = link.store.load_course(link.opened.course_id, repairing=True).created_at.astimezone(zone).date() if facts is None else None
    except (StoreError, CourseNotFound) as exc:  # the booking last read stays on show: not being able to read it is not "not booked"
        window.statusBar().showMessage(f"The course's booking cannot be read: {exc}", 8000)
        return
    department = link.department
    if department is not None and entered is not None:  # not booked yet: an urgent one says the day it must start by
        from ..app.booking import course_urgent_due

        catalogue, holidays = window.session.catalogue, window.holidays
        def due(spec: CourseSpec) -> tuple[date, date]:
            today = datetime.now(department.zone).date()
            return course_urgent_due(department, holidays, catalogue, spec, entered, today), today

        window.results.urgent_due = due
    window.results.set_booking(facts, True)


BOOKED_MESSAGE_MS = 15000  # long enough to read after the dialog closes


def say_booked(window: MainWindow) -> None:
    """The status bar says what was just booked, as the store holds it: the machine, the first day and the time, as the
    course's header says it ("at 10:00", never "daily at" for an alternate-day or weekly course)."""
    from ..core.text import counted

    facts = window.results.booking
    who = window.session.spec.patient_name or "The course"
    if facts is None:  # booked, but the booking could not be read back (the status bar may say why already)
        if not window.statusBar().currentMessage():
            window.statusBar().showMessage(f"{who} booked.", BOOKED_MESSAGE_MS)
        return
    since = f" from {day_text(facts.first)}" if facts.first is not None else ""
    window.statusBar().showMessage(f"Booked {who} on {facts.machine}{since} at {facts.daily_time:%H:%M} "
                                   f"({counted(len(facts.appointments), 'appointment')}).", BOOKED_MESSAGE_MS)


def about_this_course(window: MainWindow, text: str) -> str:
    """A refusal about the course on show, with "this course" for its id (a UUID in a real store)."""
    link = window.store_link
    return text if link is None or link.opened is None else text.replace(f"course {link.opened.course_id}", "this course")


def follow_bookings(window: MainWindow, patient_list: bool = True) -> None:
    """The bookings may have changed: a stored course without unsaved edits is shown again at its
    booked times (planned times once unbooked); one with edits keeps them, and the views say where
    they differ from the bookings. The Patients list asks the store again for each course's status
    (Planned, Booked) unless `patient_list` is False."""
    link = window.store_link
    if link is None or link.store is None:
        return
    if patient_list and link.patients is not None:
        try:
            link.patients.refresh()
        except StoreError as exc:
            window.statusBar().showMessage(f"The patient list cannot be read again: {exc}", 8000)
    if link.opened is None:
        return
    if not window.session.dirty:
        try:
            opened = open_as_booked(link.store, link.opened.course_id, window.session.catalogue, window.holidays)
        except (StoreError, CourseNotFound, InputError) as exc:
            window.statusBar().showMessage(f"The course could not be read again: {exc}", 8000)
        else:
            if (opened.spec != window.session.spec or opened.version != link.opened.version
                    or opened.department_closures != window.session.department_closures):
                link.opened = opened
                window.session.reset(opened.spec, None, window.session.title, opened.department_closures)
    show_booking(window)


class BookingsFollower(QObject):
    """Reads the department and the bookings again whenever the window becomes active (another window or coordinator
    may have changed them)."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self.window and event.type() == QEvent.Type.WindowActivate:
            self.refresh()
        return False

    @guarded
    def refresh(self) -> None:
        from .department_follow import follow_department

        follow_department(self.window)  # Department settings saved meanwhile by another coordinator: followed first
        follow_bookings(self.window, patient_list=False)  # the list keeps its place; F5 asks again
        link = self.window.store_link
        if link is not None and link.patients is not None:
            try:  # booked, cancelled or changed meanwhile by another coordinator, or a calendar update written: each row says so
                link.patients.model.update_rows()
            except StoreError as exc:
                self.window.statusBar().showMessage(f"The patient list cannot be read again: {exc}", 8000)


@guarded
def unbook_open_course(window: MainWindow) -> bool:
    """Release the open stored course's bookings, after asking; True once released."""
    from ..app.booking import BookingDesk, window_words

    link = window.store_link
    if link is None or link.store is None or link.opened is None:
        QMessageBox.information(window, "Unbook course", "Open a course from the department's store first (the Patients list).")
        return False
    if window.results.booking is None:
        QMessageBox.information(window, "Unbook course", "This course is not booked on a machine.")
        return False
    answer = QMessageBox.question(window, "Unbook course",
                                  f"Release every booking of {window.session.spec.patient_name or 'this course'}? "
                                  "Its machine time goes back to the department.",
                                  QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Cancel)
    if answer != QMessageBox.StandardButton.Yes:
        return False
    try:
        desk = BookingDesk(link.store, window.session.catalogue, holidays=window.holidays)
        desk.follow_settings(window.settings)  # the clinic's phone and name, as the window's export named them
        released, updates = desk.unbook(link.opened.course_id)
    except (InputError, StoreError) as exc:
        # no command-line option name in the window, nor the driver's words or the store's address
        why = window_words(exc) if isinstance(exc, InputError) else store_words(exc, link.store.display_url)
        QMessageBox.warning(window, "Unbook course", as_written(about_this_course(window, f"Not unbooked: {why}")))
        return False
    follow_bookings(window)
    note = " The patient's exported calendar needs an update: export it again." if updates else ""
    window.statusBar().showMessage(f"Released {released} booked appointment{'s' if released != 1 else ''}.{note}", 8000)
    return released > 0
