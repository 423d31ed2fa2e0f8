"""The window's Department → Cancel course…: a confirmation that says what will happen (the coming
appointments released, those given kept, a calendar update owed), then the course form shows the
course cancelled and read-only, the patient list says Cancelled and marks the calendar owed; Reinstate
course… takes it back. The keyboard reaches both through the Department menu's own letters."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

from planner.app.booking import open_desk
from planner.core.catalogue import load_catalogue
from planner.resources_path import default_catalogue_path
from planner.store.db import Store
from planner.ui.course_cancel import BANNER_NAME, CANCELLED_BANNER, cancel_open_course, reinstate_open_course
from planner.ui.patient_list import CALENDAR_COLUMN, CALENDAR_OWED, PatientListModel
from planner.ui.result_panel import CANCELLED, NOT_BOOKED

from .booking_scenario import main_window_on, place_bookings, stock

COURSE = "course-prostate"


@pytest.fixture
def url(tmp_path) -> str:
    made = stock(f"sqlite:///{tmp_path / 'department.db'}")
    place_bookings(made)
    with open_desk(made, load_catalogue(default_catalogue_path())) as desk:
        desk.export_calendar(COURSE, now=datetime(2030, 3, 1, tzinfo=UTC))
    return made


@pytest.fixture
def window(qtbot, monkeypatch, url):
    with main_window_on(qtbot, monkeypatch, url) as win:
        qtbot.waitUntil(lambda: win.started, timeout=10_000)
        win.store_link.open_course(COURSE)
        yield win


def answer_with(monkeypatch, button_text: str, shown: list[QMessageBox]) -> None:
    """The confirmation answered by pressing the button named `button_text`."""
    def exec_(box: QMessageBox) -> int:
        shown.append(box)
        next(b for b in box.buttons() if b.text() == button_text).click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", exec_)


def cancelled_in_store(url: str) -> bool:
    with Store.open(url) as store:
        return store.load_course(COURSE).cancelled


def form_parts(window) -> list[QWidget]:
    return window.form.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly)


def banner(window) -> QLabel | None:
    return window.form.findChild(QLabel, BANNER_NAME)


def test_the_confirmation_says_what_will_happen_and_the_form_shows_the_course_cancelled(window, url, monkeypatch):
    shown: list[QMessageBox] = []
    answer_with(monkeypatch, "&Cancel course", shown)
    assert cancel_open_course(window) is True
    box = shown[0]
    assert box.windowTitle() == "Cancel course" and box.text() == "Cancel the course of Zoë Ångström?"
    points = box.informativeText()
    assert "• 20 coming appointments booked on the machines will be released" in points, "none has begun in 2030 yet"
    assert "an update cancelling every coming appointment will be owed" in points
    assert box.defaultButton().text() == "&Keep course" and box.escapeButton() is box.defaultButton()
    assert cancelled_in_store(url)
    shown_banner = banner(window)
    assert shown_banner is not None and shown_banner.isVisible() and shown_banner.text() == CANCELLED_BANNER
    assert shown_banner.accessibleName() == "Course cancelled"
    assert window.summary.text().splitlines()[-1] == CANCELLED, "not 'not booked yet: book it'"
    assert not any(part.isEnabled() for part in form_parts(window) if part is not shown_banner), "read-only"
    assert shown_banner.isEnabled()
    assert "Course cancelled: released 20 coming bookings." in window.statusBar().currentMessage()
    assert "calendar update is owed" in window.statusBar().currentMessage()
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: said.append(text))
    assert window.store_link.save() is False and "cancelled" in said[0], "a cancelled course is not saved over"
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text, *a: said.append(text))
    assert cancel_open_course(window) is False and said[-1] == "This course is cancelled already."


def test_keeping_the_course_changes_nothing(window, url, monkeypatch):
    shown: list[QMessageBox] = []
    answer_with(monkeypatch, "&Keep course", shown)
    assert cancel_open_course(window) is False
    assert shown and not cancelled_in_store(url)
    assert banner(window) is None or not banner(window).isVisible()
    assert all(part.isEnabled() for part in form_parts(window))


def test_reinstating_makes_the_form_editable_again(window, url, monkeypatch):
    answer_with(monkeypatch, "&Cancel course", [])
    assert cancel_open_course(window)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    assert reinstate_open_course(window) is True
    assert not cancelled_in_store(url)
    assert not banner(window).isVisible()  # type: ignore[union-attr]
    assert window.summary.text().splitlines()[-1] == NOT_BOOKED, "waiting to be booked again"
    assert all(part.isEnabled() for part in form_parts(window))


def test_the_patient_list_says_cancelled_and_marks_the_calendar_owed(window, url, monkeypatch):
    answer_with(monkeypatch, "&Cancel course", [])
    assert cancel_open_course(window)
    model = window.store_link.patients.model
    row = next(r for r in range(model.rowCount()) if model.course(r).course_id == COURSE)
    assert model.index(row, 2).data() == "Cancelled"
    assert model.index(row, CALENDAR_COLUMN).data() == CALENDAR_OWED
    assert model.index(row, 0).data(Qt.ItemDataRole.AccessibleTextRole) == "Zoë Ångström, calendar update owed"
    assert model.index(row, CALENDAR_COLUMN).data(Qt.ItemDataRole.AccessibleTextRole) == "Calendar update owed"
    assert "Calendars tab" in model.index(row, CALENDAR_COLUMN).data(Qt.ItemDataRole.ToolTipRole)
    assert model.index(row, 0).data(Qt.ItemDataRole.DecorationRole) is not None, "a mark in sight in the narrowest dock"
    assert all(model.index(r, 0).data(Qt.ItemDataRole.DecorationRole) is None for r in range(model.rowCount()) if r != row)
    others = [r for r in range(model.rowCount()) if r != row]
    assert others and all(model.index(r, CALENDAR_COLUMN).data() == "" for r in others), "only a calendar owed is marked"
    assert model.headerData(CALENDAR_COLUMN, Qt.Orientation.Horizontal) == "Calendar"


def test_the_list_model_reads_the_mark_from_the_store(url):
    with Store.open(url) as store:
        model = PatientListModel(store)
        model.refresh()
        assert all(model.index(r, CALENDAR_COLUMN).data() == "" for r in range(model.rowCount()))
    with open_desk(url, load_catalogue(default_catalogue_path())) as desk:
        desk.unbook(COURSE)
    with Store.open(url) as store:
        model = PatientListModel(store)
        model.refresh()
        marked = [model.course(r).course_id for r in range(model.rowCount()) if model.index(r, CALENDAR_COLUMN).data() == CALENDAR_OWED]
    assert marked == [COURSE]


def test_the_department_menu_reaches_cancel_and_reinstate_by_unique_letters(window):
    menu = window.department_menu
    texts = [a.text() for a in menu.actions() if a.text()]
    assert "&Cancel course…" in texts and "&Reinstate course…" in texts
    letters = [text[text.index("&") + 1].lower() for text in texts if "&" in text]
    assert len(letters) == len(set(letters)), texts


def test_the_windows_export_of_a_cancelled_course_cancels_its_coming_events(window, url, monkeypatch, tmp_path):
    from PySide6.QtWidgets import QFileDialog

    from planner.ics import parse_export
    from planner.ui import dialogs

    answer_with(monkeypatch, "&Cancel course", [])
    assert cancel_open_course(window)
    target = tmp_path / "window.ics"
    monkeypatch.setattr(dialogs.ExportDialog, "exec", lambda self: True)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    window.courses.export_calendar()
    events = parse_export(target.read_bytes(), "window").events.values()
    assert events and all(e.status == "CANCELLED" for e in events), "cancelled before it began: nothing of it is to come"


def test_a_course_changed_meanwhile_is_not_cancelled_and_says_who(window, url, monkeypatch):
    with Store.open(url) as store:  # another coordinator saved it since the window opened it
        store.set_cancelled(COURSE, False, store.load_course(COURSE).version, user="Dr Other")
    answer_with(monkeypatch, "&Cancel course", [])
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: said.append(text))
    assert cancel_open_course(window) is False
    assert said == ["Not cancelled: Dr Other changed this course meanwhile. Open it again from the Patients list to see their changes."]
    assert not cancelled_in_store(url) and banner(window) is None


def listed(window) -> list[tuple[str, str]]:
    """The list's rows: (date, appointment) as the coordinator reads them."""
    model = window.results.model
    return [(model.index(r, 2).data(), model.index(r, 4).data()) for r in range(model.rowCount())]


def test_a_course_cancelled_before_it_began_shows_no_appointment_to_come(window, monkeypatch):
    assert len(listed(window)) == 20
    answer_with(monkeypatch, "&Cancel course", [])
    assert cancel_open_course(window)
    assert listed(window) == [], "none of its appointments will take place"
    assert window.summary.text().splitlines()[0] == "Prostate: cancelled before its first fraction (20 were planned)"
    window.results.tabs.setCurrentIndex(1)  # the week and month, made when first shown, show nothing of it either
    window.results.tabs.setCurrentIndex(2)
    assert window.results.week.view.schedule is None and window.results.month.view.schedule is None
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    assert reinstate_open_course(window)
    assert len(listed(window)) == 20 and window.results.week.view.schedule is not None, "planned again"


def test_a_course_cancelled_midway_shows_the_appointments_given_only(qtbot, monkeypatch, url):
    from planner.app.cancelling import cancel_course

    midway = datetime(2030, 4, 3, 12, 0, tzinfo=UTC)  # the course began on Mon 25 Mar 2030
    with open_desk(url, load_catalogue(default_catalogue_path())) as desk:
        done = cancel_course(desk, COURSE, now=midway)
    with main_window_on(qtbot, monkeypatch, url) as window:
        qtbot.waitUntil(lambda: window.started, timeout=10_000)
        window.store_link.open_course(COURSE)
        rows = listed(window)
        fractions = [appointment for _, appointment in rows if appointment.startswith("Radiotherapy")]
        assert len(rows) == done.kept and fractions == [f"Radiotherapy {k} of 20" for k in range(1, len(fractions) + 1)]
        assert 0 < len(fractions) < 20
        summary = window.summary.text().splitlines()
        assert summary[0] == f"Prostate: {len(fractions)} of 20 fractions given, Mon 25 Mar 2030 to Wed 3 Apr 2030"
        assert summary[-1] == CANCELLED


def test_back_in_the_window_a_calendar_written_elsewhere_leaves_the_list_in_place(window, url, tmp_path):
    """The Bookings window (or another coordinator) writes the owed update: when the main window is
    active again, the row's mark goes, without the list being read anew (its place and selection stay)."""
    with open_desk(url, load_catalogue(default_catalogue_path())) as desk:
        desk.unbook(COURSE)
    patients = window.store_link.patients
    patients.refresh()
    model = patients.model
    row = next(r for r in range(model.rowCount()) if model.course(r).course_id == COURSE)
    assert model.index(row, CALENDAR_COLUMN).data() == CALENDAR_OWED
    patients.table.selectRow(row)
    resets: list[bool] = []
    model.modelReset.connect(lambda: resets.append(True))
    with open_desk(url, load_catalogue(default_catalogue_path())) as desk:
        assert desk.write_outdated(tmp_path)
    window.store_link.follower.refresh()  # what the window does when it is active again
    assert model.index(row, CALENDAR_COLUMN).data() == "" and model.index(row, 0).data(Qt.ItemDataRole.DecorationRole) is None
    assert resets == [] and [i.row() for i in patients.table.selectionModel().selectedRows()] == [row]
