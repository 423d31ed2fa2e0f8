"""The window tied to the department's store: open from the patient list, save with optimistic
locking (a lost race shows who won and keeps the user's version), add a file's course, History,
department settings."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDockWidget, QMessageBox

from planner.app.stored_courses import open_stored, save_stored
from planner.core.department import Department
from planner.core.kinds import AppointmentKey
from planner.store.course_file import save_course
from planner.store.db import Store, StoreError
from planner.store.settings import Settings
from planner.ui import department_settings, save_conflict
from planner.ui.main_window import MainWindow, catalogue_at
from tests.questions import discard_unsaved
from tests.store_fill import fill_store

SETTINGS = Settings(clinic_name="Riverside Cancer Centre", time_zone="Europe/London", holidays="GB-ENG")


@pytest.fixture
def store(tmp_path):
    with Store.open(f"sqlite:///{tmp_path / 'planner.db'}", user="coordinator-a") as opened:
        fill_store(opened, 30)
        yield opened


@pytest.fixture
def window(qtbot, monkeypatch, store):
    discard_unsaved(monkeypatch)
    win = MainWindow(SETTINGS, catalogue_at(""), persist_settings=False, open_store=lambda: store)
    qtbot.addWidget(win)
    win.show()
    return win


def open_first(window):
    link = window.store_link
    course = link.patients.model.course(0)
    link.open_course(course.course_id)
    return course


def test_the_patient_list_and_history_dock_beside_the_course(window):
    docks = {dock.objectName(): dock for dock in window.findChildren(QDockWidget)}
    assert set(docks) == {"patients-dock", "history-dock"}
    assert window.store_link.patients.model.total == 30 and window.store_link.offer.isVisible()


def test_a_course_opened_from_the_list_saves_back_to_the_store_with_its_history(window):
    course = open_first(window)
    link = window.store_link
    assert window.session.spec.course_id == course.course_id and not window.session.dirty
    assert window.windowTitle().startswith("Patient 0000") and not link.offer.isVisible()
    assert link.history.model.rowCount() == 1
    window.session.edit(window.session.spec.updated(fractions=25), "fractions")
    assert window.save_course() is True
    assert link.opened.version == 2 and not window.session.dirty
    assert link.history.model.data(link.history.model.index(0, 3)) == "Fractions"


def test_a_lost_save_race_says_who_won_and_keeps_the_users_version(window, store, monkeypatch):
    course = open_first(window)
    theirs = open_stored(store, course.course_id)
    store.user = "coordinator-b"
    save_stored(store, theirs.spec.updated(location="Linac 2"), theirs.version, None)
    mine = window.session.spec.updated(fractions=25)
    window.session.edit(mine, "fractions")
    shown = []

    def keep_mine(dialog):
        shown.append((dialog.message.text(), [[dialog.table.item(r, c).text() for c in range(3)] for r in range(dialog.table.rowCount())]))
        dialog.choice = save_conflict.ConflictChoice.KEEP_MINE_OPEN
        return 0

    monkeypatch.setattr(save_conflict.SaveConflictDialog, "exec", keep_mine)
    assert window.save_course() is False
    message, rows = shown[0]
    assert "coordinator-b saved this course" in message and "location" in message
    assert ["fractions", "20", "25"] in rows and ["location", "Linac 2", save_conflict.THEIRS_KEPT] in rows
    assert window.session.spec == mine and window.session.dirty  # nothing of mine is lost

    def save_mine(dialog):
        dialog.choice = save_conflict.ConflictChoice.SAVE_MINE
        return 1

    monkeypatch.setattr(save_conflict.SaveConflictDialog, "exec", save_mine)
    assert window.save_course() is True
    stored = store.load_course(course.course_id)
    assert stored.version == 3 and stored.spec.fractions == 25 and not window.session.dirty


def test_opening_theirs_after_a_lost_race_shows_the_stored_course(window, store, monkeypatch):
    course = open_first(window)
    theirs = open_stored(store, course.course_id)
    save_stored(store, theirs.spec.updated(location="Linac 2"), theirs.version, None)
    window.session.edit(window.session.spec.updated(fractions=25), "fractions")

    def open_theirs(dialog):
        dialog.choice = save_conflict.ConflictChoice.OPEN_THEIRS
        return 1

    monkeypatch.setattr(save_conflict.SaveConflictDialog, "exec", open_theirs)
    assert window.save_course() is False
    assert window.session.spec.location == "Linac 2" and window.session.spec.fractions == 20
    assert window.store_link.opened.version == 2 and not window.session.dirty


def test_a_course_file_opened_is_offered_to_the_store_and_added(window, store, tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, caption, text: shown.append(text))
    spec = window.session.spec.updated(patient_name="Zoë Ångström-Nguyễn", patient_id="")
    path = tmp_path / "zoe.igrt.json"
    save_course(spec, path)
    assert window.open_path(path)
    link = window.store_link
    assert link.offer.isVisible() and link.add_action.isEnabled() and link.opened is None
    link.add_course()  # no hospital number yet: refused next to the field
    assert "hospital number" in shown[0] and window.form.errors["patient-id"].isVisible()
    window.form.patient_id.insert("H99999")  # as typed
    link.add_course()
    assert link.opened is not None and not link.offer.isVisible()
    assert store.load_course(spec.course_id).spec.patient_id == "H99999"
    assert link.patients.model.total == 31


def test_department_settings_are_saved_through_the_store(window, store, monkeypatch):
    def edit_and_save(dialog):
        dialog.details.setData(dialog.details.index(0, 0), "Riverside Cancer Centre")
        dialog.machines.insertRows(0, 1)
        for column, text in enumerate(["Linac 1", "A", "vmat", "07:30-19:00"]):
            dialog.machines.setData(dialog.machines.index(0, column), text)
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(department_settings.DepartmentDialog, "exec", edit_and_save)
    window.store_link.edit_department()
    department = store.department()
    assert department is not None and department.name == "Riverside Cancer Centre" and department.machine("Linac 1")
    assert window.session.department == department


def test_a_store_that_cannot_be_opened_leaves_the_window_on_files(qtbot, monkeypatch):
    def unavailable():
        raise StoreError("postgresql://planner:***@db/dept: cannot open the database (connection refused)")

    win = MainWindow(SETTINGS, catalogue_at(""), persist_settings=False, open_store=unavailable)
    qtbot.addWidget(win)
    assert "not available" in win.statusBar().currentMessage() and "***" in win.statusBar().currentMessage()
    assert not win.findChildren(QDockWidget) and not win.store_link.department_action.isEnabled()
    assert win.session.schedule is not None


def test_exporting_a_stored_course_twice_updates_the_patients_calendar(window, store, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    from planner.ics import parse_export
    from planner.ui import dialogs

    store.set_department(Department(name="Riverside Cancer Centre", phone="+44 20 7946 0000", timezone="Europe/London",
                                    holidays="GB-ENG"))
    window.session.department = store.department()  # as the window reads it when the store opens
    course = open_first(window)
    first, second = tmp_path / "first.ics", tmp_path / "second.ics"
    monkeypatch.setattr(dialogs.ExportDialog, "exec", lambda self: True)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(first), ""))
    window.export_calendar()
    assert store.last_export(course.course_id) == first.read_bytes()
    assert "+44 20 7946 0000" in first.read_text().replace("\r\n ", "")
    fraction = window.session.schedule.find(AppointmentKey.fraction(2))
    window.session.move(AppointmentKey.fraction(2), fraction.start.replace(hour=15))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(second), ""))
    window.export_calendar()
    before, after = parse_export(first.read_bytes(), "first"), parse_export(second.read_bytes(), "second")
    assert before.course_id == after.course_id == course.course_id
    moved = next(uid for uid, event in after.events.items() if event.start.hour == 15)
    assert moved in before.events and after.events[moved].sequence == before.events[moved].sequence + 1


def test_course_files_are_imported_from_the_department_menu(window, store, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    good, broken = tmp_path / "good.igrt.json", tmp_path / "broken.igrt.json"
    save_course(window.session.spec.updated(patient_name="Imported Patient", patient_id="H77777"), good)
    broken.write_text("[]")
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(good), str(broken)], ""))
    said, warned = [], []
    monkeypatch.setattr(QMessageBox, "information", lambda parent, caption, text: said.append(text))
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, caption, text: warned.append((caption, text)))
    window.store_link.import_action.trigger()
    ((caption, text),) = warned  # all or none, as on the command line
    assert caption == "Nothing imported" and said == []
    assert text.startswith("Nothing imported: 1 of 2 files refused. Fix or leave out the refused and import again.\n")
    assert "broken.igrt.json" in text
    assert window.store_link.patients.model.total == 30
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(good)], ""))
    window.store_link.import_action.trigger()
    assert said == ["Imported 1 course."]
    assert window.store_link.patients.model.total == 31


def test_the_menu_bar_has_one_department_menu_with_bookings_and_the_store(window):
    titles = [action.text().replace("&", "") for action in window.menuBar().actions()]
    assert titles.count("Department") == 1
    menu = next(a.menu() for a in window.menuBar().actions() if a.text().replace("&", "") == "Department")
    entries = [a.text().replace("&", "") for a in menu.actions() if a.text()]
    assert "Bookings…" in entries and "Department settings…" in entries and "Patients" in entries


def test_on_a_laptop_screen_the_patient_list_leaves_the_course_most_of_the_width(qtbot, monkeypatch, store):
    from PySide6.QtWidgets import QDockWidget

    from planner.ui.store_link import PATIENTS_MIN_WIDTH

    discard_unsaved(monkeypatch)
    win = MainWindow(SETTINGS, catalogue_at(""), persist_settings=False, open_store=lambda: store)
    qtbot.addWidget(win)
    win.resize(1024, 700)
    win.show()
    dock = win.findChild(QDockWidget, "patients-dock")
    assert dock is not None
    qtbot.waitUntil(lambda: dock.width() > 0)
    assert dock.width() <= max(PATIENTS_MIN_WIDTH, 1024 // 4) + 20


def test_the_patient_list_and_history_write_dates_as_the_rest_of_the_window(window):
    import re

    from PySide6.QtCore import Qt

    iso = re.compile(r"\d{4}-\d{2}-\d{2}")
    model = window.store_link.patients.model
    shown = [model.data(model.index(row, column), Qt.ItemDataRole.DisplayRole) or ""
             for row in range(model.rowCount()) for column in range(model.columnCount())]
    assert shown and not any(iso.search(str(text)) for text in shown)
    assert any(re.fullmatch(r"[A-Z][a-z]{2} \d{1,2} [A-Z][a-z]{2} \d{4}", str(text)) for text in shown)
    open_first(window)
    history = window.store_link.history.model
    cells = [history.data(history.index(row, 0), Qt.ItemDataRole.DisplayRole) or "" for row in range(history.rowCount())]
    assert cells and not any(iso.search(str(text)) for text in cells)
