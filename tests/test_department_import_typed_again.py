"""Department → Import department file…: once the coordinator types another path after a refused one,
the refusal under the field (which names the file refused) goes, rather than standing under a path it
is not about; Enter reads the new path as before."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from planner.core.catalogue import load_catalogue
from planner.resources_path import default_catalogue_path
from planner.store.db import Store
from planner.ui.department_import import DepartmentImportDialog

from .store.booking_scenario import DEPARTMENT_FILE
from .test_ui_machine_down_dialog import show_active


@pytest.fixture
def dialog(qtbot, tmp_path):
    store = Store.open(f"sqlite:///{tmp_path / 'department.db'}")
    shown = DepartmentImportDialog(store, load_catalogue(default_catalogue_path()), folder=str(tmp_path))
    yield show_active(qtbot, shown)
    store.close()


def test_typing_another_path_takes_the_old_refusal_away(dialog, tmp_path):
    broken = tmp_path / "broken.toml"
    broken.write_text(DEPARTMENT_FILE.read_text(encoding="utf-8").replace("Europe/London", "Europe/Londn", 1), encoding="utf-8")
    QTest.keyClicks(dialog.path, str(broken))
    QTest.keyClick(dialog.path, Qt.Key.Key_Return)
    assert dialog.file_error.isVisibleTo(dialog) and "broken.toml" in dialog.file_error.text()
    dialog.path.selectAll()
    QTest.keyClicks(dialog.path, str(DEPARTMENT_FILE))
    assert not dialog.file_error.isVisibleTo(dialog), "the refusal of broken.toml no longer stands under another path"
    QTest.keyClick(dialog.path, Qt.Key.Key_Return)
    assert dialog.preview.isVisibleTo(dialog) and dialog.import_button.isEnabled()


def test_typing_back_the_refused_path_without_enter_leaves_nothing_unsaid(dialog, tmp_path):
    missing = tmp_path / "missing.toml"
    QTest.keyClicks(dialog.path, str(missing))
    QTest.keyClick(dialog.path, Qt.Key.Key_Return)
    assert dialog.file_error.isVisibleTo(dialog)
    QTest.keyClick(dialog.path, Qt.Key.Key_Backspace)
    assert not dialog.file_error.isVisibleTo(dialog)
    QTest.keyClicks(dialog.path, "l")  # the refused path again: Enter finds it read already, so its refusal shows again
    assert dialog.file_error.isVisibleTo(dialog) and "missing.toml" in dialog.file_error.text()
