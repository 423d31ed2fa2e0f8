"""Department > Import course files… starts where the last import chose its files, after a restart too
(the settings file), as the other file dialogs start in the last course file's folder; a remembered
folder gone since opens where the window's dialogs open."""

from __future__ import annotations

import shutil

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from planner.store.course_file import save_course
from planner.store.db import Store
from planner.store.settings import load_settings
from planner.ui.main_window import MainWindow, catalogue_at
from tests.store_fill import fill_store
from tests.test_store_window import SETTINGS


@pytest.fixture
def store(tmp_path):
    with Store.open(f"sqlite:///{tmp_path / 'planner.db'}", user="coordinator-a") as opened:
        fill_store(opened, 3)
        yield opened


def window_on(qtbot, store, settings=SETTINGS) -> MainWindow:
    win = MainWindow(settings, catalogue_at(""), persist_settings=True, open_store=lambda: store)
    qtbot.addWidget(win)
    return win


def import_from(window: MainWindow, monkeypatch, files: list) -> str:
    """Import `files` through the menu; returns the folder the file dialog was opened in."""
    opened_in = []

    def choose(parent, caption, folder, *rest, **kwargs):
        opened_in.append(folder)
        return [str(f) for f in files], ""

    monkeypatch.setattr(QFileDialog, "getOpenFileNames", choose)
    monkeypatch.setattr(QMessageBox, "information", lambda *a: None)
    window.store_link.import_action.trigger()
    (folder,) = opened_in
    return folder


def test_the_next_import_starts_in_the_folder_the_last_one_chose_from(qtbot, monkeypatch, store, tmp_path):
    incoming = tmp_path / "incoming"
    incoming.mkdir()
    course = incoming / "one.igrt.json"
    window = window_on(qtbot, store)
    save_course(window.session.spec.updated(patient_name="Imported Patient", patient_id="H77777"), course)
    first = import_from(window, monkeypatch, [course])
    assert first != str(incoming)  # nothing remembered yet: where the window's dialogs open
    assert import_from(window, monkeypatch, [course]) == str(incoming)
    assert load_settings().import_folder == str(incoming)
    again = window_on(qtbot, store, load_settings())  # after a restart
    assert import_from(again, monkeypatch, []) == str(incoming)


def test_a_cancelled_import_remembers_nothing_and_a_folder_gone_is_not_offered(qtbot, monkeypatch, store, tmp_path):
    incoming = tmp_path / "incoming"
    incoming.mkdir()
    window = window_on(qtbot, store)
    home = import_from(window, monkeypatch, [])
    assert import_from(window, monkeypatch, []) == home and window.settings.import_folder == ""
    course = incoming / "one.igrt.json"
    save_course(window.session.spec.updated(patient_name="Imported Patient", patient_id="H77777"), course)
    import_from(window, monkeypatch, [course])
    shutil.rmtree(incoming)
    assert import_from(window, monkeypatch, []) == home
