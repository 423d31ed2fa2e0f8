"""The Patients list keeps the course open in the window selected and in view when it is saved
(Ctrl+S asks the store for the list again, which used to drop the selection)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from planner.store.course_file import save_course
from planner.store.db import Store
from planner.ui.main_window import MainWindow, catalogue_at
from planner.ui.patient_list import PatientListPanel
from tests.questions import discard_unsaved
from tests.store_fill import fill_store
from tests.test_store_window import SETTINGS


@pytest.fixture
def store(tmp_path):
    with Store.open(f"sqlite:///{tmp_path / 'planner.db'}", user="coordinator-a") as opened:
        fill_store(opened, 60)
        yield opened


@pytest.fixture
def window(qtbot, monkeypatch, store):
    discard_unsaved(monkeypatch)
    win = MainWindow(SETTINGS, catalogue_at(""), persist_settings=False, open_store=lambda: store)
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    qtbot.waitExposed(win)
    return win


def selected_ids(panel: PatientListPanel) -> list[str]:
    return [panel.model.course(index.row()).course_id for index in panel.table.selectionModel().selectedRows()]


def in_view(panel: PatientListPanel, course_id: str) -> bool:
    row = next(n for n in range(panel.model.rowCount()) if panel.model.course(n).course_id == course_id)
    rect = panel.table.visualRect(panel.model.index(row, 0))
    return rect.isValid() and panel.table.viewport().rect().contains(rect)


def test_ctrl_s_keeps_the_saved_course_selected_and_in_view(window, qtbot):
    panel = window.store_link.patients
    row = 50  # below the dock's first screenful: the list must scroll back to it
    index = panel.model.index(row, 0)
    panel.table.scrollTo(index)
    panel.table.setCurrentIndex(index)
    course_id = panel.model.course(row).course_id
    with qtbot.waitSignal(panel.courseActivated):
        qtbot.keyClick(panel.table, Qt.Key.Key_Return)  # opened from the list as a coordinator does
    assert window.session.spec.course_id == course_id
    window.session.edit(window.session.spec.updated(fractions=25), "fractions")
    window.form.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert window.store_link.opened.version == 2 and not window.session.dirty
    assert selected_ids(panel) == [course_id]
    assert in_view(panel, course_id)
    assert panel.table.currentIndex().row() == row


def test_a_course_file_added_to_the_store_is_selected_in_the_list(window, qtbot, tmp_path, monkeypatch):
    path = tmp_path / "new.igrt"
    save_course(window.session.spec.updated(patient_name="Patient 0049b", patient_id="H99999"), path)
    assert window.open_path(path)
    window.store_link.add_course()
    panel = window.store_link.patients
    added = window.store_link.opened.course_id
    assert selected_ids(panel) == [added] and in_view(panel, added)


def test_a_course_beyond_the_first_page_is_fetched_and_selected(qtbot, store):
    panel = PatientListPanel(store)
    panel.model.page_size = 10
    qtbot.addWidget(panel)
    panel.resize(500, 300)
    panel.show()
    panel.refresh()
    assert panel.model.rows_read == 10
    wanted = store.list_courses(None, "Patient 0047", limit=1)[0].course_id
    assert panel.show_course(wanted)
    assert selected_ids(panel) == [wanted] and in_view(panel, wanted)
    panel.refresh()  # F5: the list read again keeps the selection
    assert selected_ids(panel) == [wanted] and in_view(panel, wanted)
    panel.search.setText("Patient 001")
    panel.refresh()  # a search that leaves it out: nothing selected, nothing fetched past the matches
    assert selected_ids(panel) == [] and panel.model.rowCount() == panel.model.total == 10
