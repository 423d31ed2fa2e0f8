"""What a new coordinator met booking from the main window: the Patients list follows every booking
change made here, a course not yet stored says how to store it before any dialog, and the booking
dialog starts from the course's own time, writes dates as the window does, has Alt letters and
shows which proposal row has the focus."""

from __future__ import annotations

import contextlib
import io
import re
from dataclasses import replace
from datetime import date, time

import pytest
from PySide6.QtCore import QDate, Qt, QTime
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QMessageBox

from planner.app.booking import open_desk
from planner.cli import main
from planner.store.course_file import save_course
from planner.store.db import Store
from planner.ui import department_window
from planner.ui.booking_dialogs import BookDialog
from planner.ui.course_bookings import unbook_open_course
from planner.ui.course_controller import NOT_IN_STORE
from planner.ui.main_window import catalogue_at

from .booking_scenario import COURSES, course_spec, main_window_on, stock


@pytest.fixture
def url(tmp_path) -> str:
    return stock(f"sqlite:///{tmp_path / 'department.db'}")


@pytest.fixture
def window(qtbot, monkeypatch, url):
    with main_window_on(qtbot, monkeypatch, url) as win:
        yield win


def listed_status(window, patient: str) -> str:
    model = window.store_link.patients.model
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data() == patient)
    return str(model.index(row, 2).data())


def book_action(window):
    return next(a for a in window.department_menu.actions() if a.text() == "Book &this course…")


def test_the_patients_list_follows_booking_and_unbooking_in_the_window(window, monkeypatch):
    def choose_the_first_proposal(dialog: BookDialog) -> int:
        dialog.find_proposals()
        dialog.book_selected()
        return dialog.result()

    monkeypatch.setattr(BookDialog, "exec", choose_the_first_proposal)
    window.store_link.open_course("course-spine")
    assert listed_status(window, "Dora Mbeki") == "Planned"
    book_action(window).trigger()
    assert window.summary.text().splitlines()[-1].startswith("Booked on ")
    assert listed_status(window, "Dora Mbeki") == "Booked"

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    assert unbook_open_course(window) is True
    assert listed_status(window, "Dora Mbeki") == "Planned"


def test_the_patients_list_follows_the_department_windows_bookings(window, url):
    window.new_course()  # no stored course open: the list follows all the same
    window.open_department()
    department = window.findChildren(department_window.DepartmentWindow)[0]
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(["book", "--db", url, "--course-id", "course-lung", "--earliest", "2030-03-26"]) == 0
    assert listed_status(window, "Bea Lindqvist") == "Planned"  # not read yet
    department.refresh()  # after a booking, a move or a machine's downtime there
    assert listed_status(window, "Bea Lindqvist") == "Booked"
    department.close()


def test_booking_a_course_not_in_the_store_says_how_to_store_it_first(window, monkeypatch):
    said: list[tuple[str, list[str]]] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: said.append((box.text(), [b.text() for b in box.buttons()])) or 0)
    opened: list[str] = []
    monkeypatch.setattr(department_window, "book_open_course", lambda *a, **k: opened.append("dialog") or None)
    window.new_course()
    book_action(window).trigger()
    assert [text for text, _ in said] == [NOT_IN_STORE + "."]
    assert NOT_IN_STORE == "This course is not in the department store yet: Department → Add course to the store"
    assert "&Add course to the store" in said[0][1]  # offered, not only named
    assert window.statusBar().currentMessage() == NOT_IN_STORE
    assert not opened  # cancelled: nothing stored, no booking dialog


def test_booking_a_course_not_in_the_store_offers_to_store_it_and_then_books(window, monkeypatch, url, tmp_path):
    def add_it(box: QMessageBox) -> int:
        next(b for b in box.buttons() if b.text() == "&Add course to the store").click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", add_it)
    opened: list[str] = []
    monkeypatch.setattr(department_window, "book_open_course", lambda parent, db, cat, course_id, *a, **k: opened.append(course_id) or None)
    spec = replace(course_spec(*COURSES[0]), course_id="course-from-file", patient_name="Nia Filed", patient_id="H0099")
    path = tmp_path / "nia.igrt.json"
    save_course(spec, path)
    assert window.open_path(path) and window.store_link.opened is None
    course_id = spec.course_id
    book_action(window).trigger()
    assert opened == [course_id]  # stored, then the booking dialog for it
    with Store.open(url) as store:
        assert store.has_course(course_id)


@pytest.fixture
def desk(url):
    with Store.open(url) as store:
        entry = next(c for c in COURSES if c[0] == "course-spine")
        store.save_course(replace(course_spec(*entry), course_id="course-afternoon", time=time(14, 15)))
    with open_desk(url, catalogue_at("")) as opened:
        yield opened


def test_the_booking_dialog_prefers_the_courses_own_time(qtbot, desk):
    dialog = BookDialog(desk, "course-afternoon", "Dora Mbeki")
    qtbot.addWidget(dialog)
    assert dialog.prefer_time.time() == QTime(14, 15)
    dialog.find_proposals()
    assert dialog.answer is not None and dialog.answer.best is not None
    assert dialog.answer.best.time == time(14, 15)


def test_the_booking_dialogs_earliest_start_reads_and_takes_dates_as_the_window_writes_them(qtbot, desk):
    dialog = BookDialog(desk, "course-spine", "Dora Mbeki")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.use_earliest.setChecked(False)
    dialog.earliest.setDate(QDate(2030, 3, 24))
    assert dialog.earliest.text() == "Sun 24 Mar 2030"
    dialog.earliest.setText("2 Apr 2030")
    dialog.find_proposals()
    assert dialog.earliest.text() == "Tue 2 Apr 2030"
    assert dialog.answer is not None and all(p.first >= date(2030, 4, 2) for p in dialog.answer.proposals)
    dialog.earliest.setText("31 Feb 2030")
    dialog.find_proposals()
    assert dialog.error.text().startswith("Earliest start: '31 Feb 2030' is not a date")


def test_the_booking_dialog_has_one_alt_letter_for_each_field_and_button(qtbot, desk):
    dialog = BookDialog(desk, "course-spine", "Dora Mbeki")
    qtbot.addWidget(dialog)
    letters: list[str] = []
    for widget in [*dialog.findChildren(QLabel), *dialog.findChildren(QAbstractButton)]:
        found = re.search(r"&(\w)", widget.text())
        if found:
            letters.append(found[1].lower())
            if isinstance(widget, QLabel):
                assert widget.buddy() is not None, widget.text()
    assert len(letters) == len(set(letters)) >= 9, letters
    buddies = {label.buddy() for label in dialog.findChildren(QLabel) if label.buddy() is not None}
    assert {dialog.earliest, dialog.prefer_time, dialog.machine, dialog.table} <= buddies


def test_the_focused_proposal_row_is_outlined(qtbot, desk):
    dialog = BookDialog(desk, "course-spine", "Dora Mbeki")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.find_proposals()
    table = dialog.table
    assert table.rowCount() >= 1 and table.currentIndex().row() == 0
    rect = table.visualRect(table.model().index(0, 1))

    def row_colours() -> set[int]:
        image = table.viewport().grab().toImage()
        return {image.pixelColor(x, rect.top() + 1).rgb() for x in range(rect.left(), rect.right())}

    outline = table.palette().color(QPalette.ColorGroup.Active, QPalette.ColorRole.HighlightedText).rgb()
    assert outline not in row_colours() or QColor(outline) == QColor(Qt.GlobalColor.black)
    table.setFocus()
    QApplication.processEvents()
    dialog.activateWindow()
    table.setFocus()
    qtbot.waitUntil(table.hasFocus)
    assert outline in row_colours()
