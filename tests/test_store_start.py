"""The window's start with a department store: the form and the course come first, without the
store's code (SQLAlchemy); the store opens on the next turn of the event loop and fills the
Patients dock with the department's courses."""

from __future__ import annotations

import json
import os
import subprocess
import sys

PROBE = """
import json, sys
from PySide6.QtWidgets import QApplication, QDockWidget
from planner.store.settings import Settings
from planner.ui.main_window import MainWindow, catalogue_at

app = QApplication([])
url = sys.argv[1]

def open_store():
    from planner.store.db import Store

    return Store.open(url, user="coordinator")

known = sys.argv[2] == "known"
window = MainWindow(Settings(time_zone="Europe/London", holidays=""), catalogue_at(""), persist_settings=False,
                    deferred=True, open_store=open_store, store_known=known)
window.show()
window.finish_start()
seen = {"form_shown": window.started and window.session.schedule is not None,
        "sqlalchemy_with_the_form": "sqlalchemy" in sys.modules,
        "linked_with_the_form": window.store_link is not None}
for _ in range(20):
    app.processEvents()
    if window.store_link is not None and window.store_link.patients is not None:
        break
seen["sqlalchemy_after"] = "sqlalchemy" in sys.modules
if not known:
    window.department_menu.aboutToShow.emit()  # the coordinator looks in the Department menu
    seen["sqlalchemy_with_the_menu"] = "sqlalchemy" in sys.modules
    seen["entries_enabled"] = window.store_link.add_action.isEnabled() and window.store_link.import_action.isEnabled()
link = window.store_link
seen["docks"] = sorted(dock.windowTitle() for dock in window.findChildren(QDockWidget))
seen["patients"] = link.patients.model.rowCount() if link is not None and link.patients is not None else None
window.session.mark_saved()
window.close()
print(json.dumps(seen))
"""


def probe(url: str, known: str, env: dict[str, str]) -> dict[str, object]:
    run = subprocess.run([sys.executable, "-c", PROBE, url, known], capture_output=True, text=True, env=env, timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
    seen: dict[str, object] = json.loads(run.stdout.strip().splitlines()[-1])
    return seen


def test_the_store_opens_after_the_form_and_fills_the_patient_list(tmp_path):
    from planner.store.db import Store
    from tests.store_fill import fill_store

    url = f"sqlite:///{tmp_path / 'planner.db'}"
    with Store.open(url, user="coordinator") as store:
        fill_store(store, 12)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", IGRT_PLANNER_CONFIG_DIR=str(tmp_path),
               IGRT_PLANNER_DATA_DIR=str(tmp_path), IGRT_PLANNER_CACHE_DIR=str(tmp_path / "cache"))
    seen = probe(url, "known", env)
    assert seen["form_shown"]
    assert not seen["sqlalchemy_with_the_form"] and not seen["linked_with_the_form"]
    assert seen["sqlalchemy_after"]
    assert seen["docks"] == ["History", "Patients"]
    assert seen["patients"] == 12


def test_a_database_is_known_when_chosen_or_when_the_embedded_file_exists(tmp_path, monkeypatch):
    from planner.store.database_choice import ENVIRONMENT, FILE_NAME, department_database_known

    monkeypatch.setenv("IGRT_PLANNER_DATA_DIR", str(tmp_path))
    monkeypatch.delenv(ENVIRONMENT, raising=False)
    assert not department_database_known("")
    assert department_database_known("postgresql://planner@db/dept")
    monkeypatch.setenv(ENVIRONMENT, f"sqlite:///{tmp_path / 'other.db'}")
    assert department_database_known("")
    monkeypatch.delenv(ENVIRONMENT)
    (tmp_path / FILE_NAME).write_bytes(b"")
    assert department_database_known("")


def test_a_data_folder_the_system_cannot_look_into_is_left_for_the_store_to_explain(tmp_path, monkeypatch):
    """A data folder whose name is too long (IGRT_PLANNER_DATA_DIR): exists() raised before the window was made and
    the start ended in 'Something went wrong'; now the store is opened, and its status line says why it cannot be."""
    from planner.store.database_choice import ENVIRONMENT, department_database_known

    monkeypatch.delenv(ENVIRONMENT, raising=False)
    monkeypatch.setenv("IGRT_PLANNER_DATA_DIR", str(tmp_path / ("x" * 300)))
    assert department_database_known("")


def test_without_a_department_database_the_first_department_action_creates_it(qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QDockWidget

    from planner.store.db import Store
    from planner.store.settings import Settings
    from planner.ui.main_window import MainWindow, catalogue_at

    url = f"sqlite:///{tmp_path / 'planner.db'}"
    opened: list[Store] = []

    def open_store() -> Store:
        opened.append(Store.open(url, user="coordinator"))
        return opened[-1]

    window = MainWindow(Settings(time_zone="Europe/London", holidays=""), catalogue_at(""), persist_settings=False,
                        open_store=open_store, store_known=False)
    qtbot.addWidget(window)
    assert window.store_link is None  # the store's entries wait for the Department menu
    window.department_menu.aboutToShow.emit()
    link = window.store_link
    entries = [action.text().replace("&", "") for action in window.department_menu.actions()]
    assert "Add course to the store" in entries and "Bookings…" in entries
    assert link is not None and link.store is None and not opened and not (tmp_path / "planner.db").exists()
    assert not window.findChildren(QDockWidget)
    assert link.add_action.isEnabled() and link.import_action.isEnabled() and link.department_action.isEnabled()
    window.session.edit(window.session.spec.updated(patient_name="First Stored", patient_id="H00001"), "patient")
    link.add_action.trigger()
    try:
        assert len(opened) == 1 and (tmp_path / "planner.db").exists()
        assert sorted(dock.windowTitle() for dock in window.findChildren(QDockWidget)) == ["History", "Patients"]
        assert link.patients is not None and link.patients.model.total == 1
        assert link.patients.model.course(0).patient == "First Stored"
        assert link.opened is not None and not link.add_action.isEnabled()
    finally:
        window.session.mark_saved()
        opened[0].close()


def test_without_a_department_database_no_store_code_is_loaded_until_the_department_menu_opens(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", IGRT_PLANNER_CONFIG_DIR=str(tmp_path),
               IGRT_PLANNER_DATA_DIR=str(tmp_path), IGRT_PLANNER_CACHE_DIR=str(tmp_path / "cache"))
    seen = probe(f"sqlite:///{tmp_path / 'planner.db'}", "unknown", env)
    assert seen["form_shown"] and not seen["linked_with_the_form"]
    assert not seen["sqlalchemy_with_the_form"] and not seen["sqlalchemy_after"]
    assert seen["sqlalchemy_with_the_menu"] and seen["entries_enabled"]
    assert seen["docks"] == [] and seen["patients"] is None
    assert not (tmp_path / "planner.db").exists()


def test_department_settings_discarded_on_a_new_desk_create_no_database_and_saved_create_it(qtbot, tmp_path, monkeypatch):
    # A fresh-eyes coordinator opened Department settings and discarded it: the Patients list and "Add to the store"
    # appeared all the same, and the setup note came back at the next start (a database with no department).
    from PySide6.QtWidgets import QDockWidget

    from planner.store.db import Store
    from planner.store.settings import Settings
    from planner.ui import department_settings
    from planner.ui.main_window import MainWindow, catalogue_at

    url = f"sqlite:///{tmp_path / 'planner.db'}"
    opened: list[Store] = []

    def open_store() -> Store:
        opened.append(Store.open(url, user="coordinator"))
        return opened[-1]

    window = MainWindow(Settings(time_zone="Europe/London", holidays="", clinic_name="Riverside"), catalogue_at(""),
                        persist_settings=False, open_store=open_store, store_known=False)
    qtbot.addWidget(window)
    window.department_menu.aboutToShow.emit()
    link = window.store_link
    assert link is not None
    monkeypatch.setattr(department_settings.DepartmentDialog, "exec", lambda dialog: 0)  # Cancel, or Discard
    link.edit_department()
    assert not opened and not (tmp_path / "planner.db").exists() and not window.findChildren(QDockWidget)
    assert link.department_action.isEnabled()  # it can be opened again

    def save(dialog) -> int:
        dialog.accept()
        return int(dialog.result())

    monkeypatch.setattr(department_settings.DepartmentDialog, "exec", save)
    link.edit_department()
    try:
        assert len(opened) == 1 and (tmp_path / "planner.db").exists()
        assert opened[0].department() is not None and opened[0].department().name == "Riverside"
        assert sorted(dock.windowTitle() for dock in window.findChildren(QDockWidget)) == ["History", "Patients"]
    finally:
        for store in opened:
            store.close()
