"""The main window's own booking desks (Book this course, Unbook, Cancel and Reinstate) were opened without the
coordinator's Settings: their re-check of the patient's exported calendar, which the window had written with the clinic's
phone from Settings (the department having none), found that phone missing and counted it as a change, so a course put
back as it was given stayed marked as owed a calendar update (the coordinator would phone the patient for nothing).
They now follow Settings, as the Bookings window's desk does."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QMessageBox

from planner.app.booking import BookingDesk
from planner.core.catalogue import load_catalogue
from planner.resources_path import default_catalogue_path
from planner.store.db import Store
from planner.ui.booking_dialogs import BookDialog
from planner.ui.course_bookings import unbook_open_course
from planner.ui.course_cancel import cancel_open_course, reinstate_open_course

from .booking_scenario import main_window_on, owed_calendars, place_bookings, stock

COURSE = "course-prostate"
PHONE = "555-0100"


def department_without_phone(url: str) -> None:
    """The department's phone left empty: the coordinator's Settings give the clinic's."""
    with Store.open(url) as store:
        department = store.department()
        assert department is not None
        store.set_department(replace(department, phone=""))


def exported_as_the_window_does(url: str) -> None:
    """The course's calendar given to the patient, naming the clinic's phone from Settings (as the window's export)."""
    with Store.open(url) as store:
        BookingDesk(store, load_catalogue(default_catalogue_path()), clinic_phone=PHONE, clinic_name="Riverside").export_calendar(COURSE)


def test_a_course_cancelled_and_reinstated_as_it_was_given_owes_no_calendar_update(qtbot, monkeypatch, tmp_path):
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")  # planned, not booked: reinstated, it is as it was exported
    department_without_phone(url)
    exported_as_the_window_does(url)
    with main_window_on(qtbot, monkeypatch, url, clinic_phone=PHONE) as window:
        qtbot.waitUntil(lambda: window.started, timeout=10_000)
        window.store_link.open_course(COURSE)

        def cancel(box: QMessageBox) -> int:
            next(b for b in box.buttons() if b.text() == "&Cancel course").click()
            return 0

        monkeypatch.setattr(QMessageBox, "exec", cancel)
        assert cancel_open_course(window)
        assert owed_calendars(url) == [COURSE]  # its events are cancelled: the patient must be told
        monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
        assert reinstate_open_course(window)
        said = window.statusBar().currentMessage()
    assert owed_calendars(url) == []  # back as the patient's calendar has it: nothing to tell them
    assert "calendar update is owed" not in said


def test_book_and_unbook_from_the_main_window_name_the_clinic_as_settings_do(qtbot, monkeypatch, tmp_path):
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    place_bookings(url, skip=(COURSE,))
    department_without_phone(url)
    seen: list[tuple[str, str, str]] = []
    monkeypatch.setattr(BookDialog, "exec", lambda self: seen.append(("book", self.desk.clinic_phone, self.desk.clinic_name)) or 0)
    unbook = BookingDesk.unbook

    def unbook_seen(desk: BookingDesk, course_id: str):
        seen.append(("unbook", desk.clinic_phone, desk.clinic_name))
        return unbook(desk, course_id)

    monkeypatch.setattr(BookingDesk, "unbook", unbook_seen)
    with main_window_on(qtbot, monkeypatch, url, clinic_phone=PHONE) as window:
        qtbot.waitUntil(lambda: window.started, timeout=10_000)
        window.store_link.open_course(COURSE)
        window.courses.book_this_course()
        window.store_link.open_course("course-breast")  # booked
        monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
        assert unbook_open_course(window)
    assert seen == [("book", PHONE, "Riverside"), ("unbook", PHONE, "Riverside")]
