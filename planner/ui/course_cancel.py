"""The window's Department → Cancel course… and Reinstate course… for the open stored course: a
confirmation that says what cancelling will do (bookings released, appointments given kept, a
calendar update owed), then the application layer's use case (app/cancelling.py); afterwards the
course form is read-only under a banner that says the course is cancelled."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QPushButton, QWidget

from ..app.cancelling import (
    CancelOutlook,
    cancel_course,
    cancel_outlook,
    given_before_cancelling,
    not_bookable_words,
    reinstate_course,
)
from ..core.errors import InputError
from ..core.text import counted
from ..store.db import CourseConflict, Store, StoreError
from .as_written import as_written
from .course_bookings import about_this_course, follow_bookings
from .guard import guarded

if TYPE_CHECKING:
    from ..app.booking import BookingDesk, CalendarUpdate
    from ..app.stored_courses import OpenedCourse
    from ..core.kinds import AppointmentKey
    from ..core.schedule import Schedule
    from .main_window import MainWindow

CANCEL_TITLE = "Cancel course"
REINSTATE_TITLE = "Reinstate course"
BANNER_NAME = "cancelled-banner"
CANCELLED_BANNER = ("Cancelled: this course is read-only. Its coming bookings were released; the appointments already given "
                    "stay in its record. Department → Reinstate course… takes the cancellation back.")
# A store without a department books nothing on a machine: nothing was released.
CANCELLED_BANNER_NO_DEPARTMENT = ("Cancelled: this course is read-only. The appointments already given stay in its record. "
                                  "Department → Reinstate course… takes the cancellation back.")


EXPORT_AGAIN = "export the course's calendar again (File → Export calendar) and give the patient that file"


def cancel_words(outlook: CancelOutlook, *, department: bool = True) -> tuple[str, str]:
    """The question and what will happen, point by point, for the confirmation (`department`: the store
    has one, whose Calendars tab lists the update; without, the course's calendar is exported again)."""
    who = outlook.patient or "this patient"
    points = []
    if not department:
        points.append("• Nothing is booked on a machine (the store holds no department): nothing to release.")
    elif outlook.coming:
        points.append(f"• {counted(outlook.coming, 'coming appointment')} booked on the machines will be released: "
                      "their time goes back to the department.")
    else:
        points.append("• No coming appointment is booked on a machine: nothing to release.")
    if outlook.given:
        stay = "stays as it was" if outlook.given == 1 else "stay as they were"
        points.append(f"• {counted(outlook.given, 'appointment')} already given {stay}, in the course's record.")
    if outlook.exported:
        where = " (Department → Bookings…, Calendars tab)" if department else f": {EXPORT_AGAIN}"
        points.append(f"• The patient was given this course's calendar: an update cancelling every coming appointment will be "
                      f"owed{where}.")
    else:
        points.append("• The course's calendar was never exported from the store: no calendar update is owed.")
    points.append("• The course stays in the store, marked cancelled and read-only"
                  + (", and leaves the waiting list." if department else "."))
    return f"Cancel the course of {who}?", "\n".join(points)


def cancel_box(parent: QWidget, outlook: CancelOutlook, *, department: bool = True) -> tuple[QMessageBox, QPushButton]:
    """The confirmation, and its button that cancels the course (Keep course is the default and Esc)."""
    question, points = cancel_words(outlook, department=department)
    box = QMessageBox(QMessageBox.Icon.Warning, CANCEL_TITLE, question, QMessageBox.StandardButton.NoButton, parent)
    box.setInformativeText(points)
    box.setTextFormat(Qt.TextFormat.PlainText)
    confirm = box.addButton("&Cancel course", QMessageBox.ButtonRole.DestructiveRole)
    keep = box.addButton("&Keep course", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(keep)
    box.setEscapeButton(keep)
    return box, confirm


def _desk(window: MainWindow, title: str) -> tuple[BookingDesk | Store, OpenedCourse] | None:
    """The open stored course, with a booking desk on the window's store, or the store itself when it holds
    no department (nothing booked there); None (after saying why) when no stored course is open."""
    from ..app.booking import BookingDesk, NoDepartment

    link = window.store_link
    if link is None or link.store is None or link.opened is None:
        QMessageBox.information(window, title, "Open a course from the department's store first (the Patients list).")
        return None
    if window.session.dirty:
        QMessageBox.information(window, title, "The course has changes not saved: save them or undo them first.")
        return None
    try:
        desk = BookingDesk(link.store, window.session.catalogue, holidays=window.holidays)
        desk.follow_settings(window.settings)  # the clinic's phone and name, as the window's export named them: its re-check
        return desk, link.opened  # of the exported calendar then sees no change where only those would differ
    except NoDepartment:
        return link.store, link.opened
    except (InputError, StoreError) as exc:
        QMessageBox.warning(window, title, as_written(str(exc.reason if isinstance(exc, InputError) else exc)))
        return None


def _refused(window: MainWindow, title: str, undone: str, exc: CourseConflict | InputError | StoreError) -> bool:
    """The use case refused (nothing written): why, in a message; False."""
    if isinstance(exc, CourseConflict):
        why = f"{exc.details.changed_by} changed this course meanwhile. Open it again from the Patients list to see their changes."
    else:
        why = f"{exc.reason}." if isinstance(exc, InputError) else str(exc)
    QMessageBox.warning(window, title, as_written(about_this_course(window, f"Not {undone}: {why}")))
    return False


def _done(window: MainWindow, said: str, owed: bool, update: CalendarUpdate | None) -> None:
    """The course shown again as stored now, and what was done on the status line (with the calendar update now
    owed: the department's, listed in its Calendars tab, or without a department the course's export to give again)."""
    follow_bookings(window)
    if update is not None:
        said += " The patient's calendar update is owed: Department → Bookings…, Calendars tab."
    elif owed:
        said += f" The patient's calendar update is owed: {EXPORT_AGAIN}."
    window.statusBar().showMessage(said, 10000)


@guarded
def cancel_open_course(window: MainWindow) -> bool:
    """Cancel the open stored course after the confirmation; True once cancelled."""
    found = _desk(window, CANCEL_TITLE)
    if found is None:
        return False
    desk, opened = found
    course_id, version = opened.course_id, opened.version
    try:
        outlook = cancel_outlook(desk, course_id)
        if outlook.cancelled:
            QMessageBox.information(window, CANCEL_TITLE, "This course is cancelled already.")
            return False
        box, confirm = cancel_box(window, outlook, department=not isinstance(desk, Store))
        box.exec()
        if box.clickedButton() is not confirm:
            return False
        done = cancel_course(desk, course_id, expected_version=version)
    except (CourseConflict, InputError, StoreError) as exc:
        return _refused(window, CANCEL_TITLE, "cancelled", exc)
    released = f": released {counted(done.released, 'coming booking')}" if not isinstance(desk, Store) else ""
    _done(window, f"Course cancelled{released}.", done.owed, done.update)
    return True


@guarded
def reinstate_open_course(window: MainWindow) -> bool:
    """Take the open course's cancellation back, after asking; True once reinstated."""
    found = _desk(window, REINSTATE_TITLE)
    if found is None:
        return False
    desk, opened = found
    if not opened.cancelled:
        QMessageBox.information(window, REINSTATE_TITLE, "This course is not cancelled.")
        return False
    try:  # a course cancelled after appointments were given is refused before the question, not after a Yes
        outlook = cancel_outlook(desk, opened.course_id)
    except (InputError, StoreError) as exc:
        return _refused(window, REINSTATE_TITLE, "reinstated", exc)
    if outlook.given or outlook.coming:
        return _refused(window, REINSTATE_TITLE, "reinstated", given_before_cancelling(outlook.course_id, outlook.given + outlook.coming))
    then = ("It is planned again and waits to be booked; its released bookings are not restored."
            if not isinstance(desk, Store) else "It is planned again.")  # without a department nothing is booked
    answer = QMessageBox.question(window, REINSTATE_TITLE,
                                  f"Take back the cancellation of {window.session.spec.patient_name or 'this course'}? {then}",
                                  QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Cancel)
    if answer != QMessageBox.StandardButton.Yes:
        return False
    try:
        done = reinstate_course(desk, opened.course_id, expected_version=opened.version)
    except (CourseConflict, InputError, StoreError) as exc:
        return _refused(window, REINSTATE_TITLE, "reinstated", exc)
    if done.unreadable:  # booking refuses it: not said to wait for one
        said = f"Course reinstated, but {not_bookable_words(done.course_id)}."
    else:
        said = "Course reinstated: it waits to be booked." if not isinstance(desk, Store) else "Course reinstated."
    _done(window, said, done.owed, done.update)
    return True


def as_given_if_cancelled(window: MainWindow, schedule: Schedule) -> Schedule:
    """For a print: the open stored course, when cancelled, as its patient had it (the appointments given,
    as its calendar keeps them); any other course as shown. InputError when none was given."""
    from ..app.cancelling import as_given, given_if_cancelled

    link = window.store_link
    if link is None or link.store is None or link.opened is None or not link.opened.cancelled:
        return schedule
    kept = given_if_cancelled(link.store, link.opened.course_id, schedule)
    return schedule if kept is None else as_given(schedule, kept, link.opened.course_id)


def given_appointments_shown(window: MainWindow) -> frozenset[AppointmentKey] | None:
    """The appointments the open cancelled course's patient had, the only ones the list, week and month
    show (None: every one, when the course is not cancelled or its record cannot be read now)."""
    from ..app.cancelling import given_if_cancelled

    link = window.store_link
    schedule = window.session.schedule
    if link is None or link.store is None or link.opened is None or schedule is None:
        return None
    try:
        return given_if_cancelled(link.store, link.opened.course_id, schedule)
    except StoreError as exc:
        window.statusBar().showMessage(f"The appointments given cannot be read: {exc}", 8000)
        return None


def show_cancelled(window: MainWindow) -> bool:
    """A cancelled stored course: a banner over the form says so and the form is read-only; any other course: editable.
    Returns whether the course shown is cancelled."""
    link = window.store_link
    cancelled = link is not None and link.opened is not None and link.opened.cancelled
    form = window.form
    banner = form.findChild(QLabel, BANNER_NAME)
    if banner is None:
        if not cancelled:
            return False
        banner = QLabel(CANCELLED_BANNER)
        banner.setObjectName(BANNER_NAME)
        banner.setWordWrap(True)
        banner.setTextFormat(Qt.TextFormat.PlainText)
        banner.setFrameShape(QLabel.Shape.Box)  # the palette's own colours: readable in dark and high contrast
        banner.setMargin(6)
        font = banner.font()
        font.setBold(True)
        banner.setFont(font)
        banner.setAccessibleName("Course cancelled")
        form.layout().insertWidget(0, banner)
    banner.setText(CANCELLED_BANNER if link is None or link.department is not None else CANCELLED_BANNER_NO_DEPARTMENT)
    banner.setVisible(cancelled)
    for part in form.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly):
        if part is not banner:
            part.setEnabled(not cancelled)
    return cancelled
