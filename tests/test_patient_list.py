"""The patient list and the History view over the department's store (pytest-qt, qtmodeltester)."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QModelIndex, Qt

from planner.app.stored_courses import course_audit, differences, open_stored, save_stored
from planner.store.db import CourseStatus, Store
from planner.ui.course_history import CourseHistoryModel, CourseHistoryPanel
from planner.ui.patient_list import PatientListModel, PatientListPanel
from tests.store_fill import fill_store

TODAY = date(2026, 6, 1)


@pytest.fixture(scope="module")
def big_store(tmp_path_factory):
    store = Store.open(f"sqlite:///{tmp_path_factory.mktemp('store') / 'planner.db'}")
    fill_store(store, 5000)
    yield store
    store.close()


def test_five_thousand_courses_load_a_page_at_a_time(qtmodeltester, big_store):
    model = PatientListModel(big_store)
    model.refresh()
    assert model.total == 5000 and model.rowCount() == model.page_size
    assert model.canFetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    assert model.rowCount() == 2 * model.page_size
    assert model.data(model.index(0, 0)) == "Patient 0000" and model.data(model.index(0, 1)) == "H00000"
    assert model.headerData(2, Qt.Orientation.Horizontal) == "Status"
    qtmodeltester.check(model)


def test_search_by_name_or_hospital_number_and_filter_by_status(big_store):
    model = PatientListModel(big_store)
    model.refresh("patient 4999")
    assert [model.course(r).patient_id for r in range(model.rowCount())] == ["H04999"]
    model.refresh("h0012")
    assert model.total == 10 and all(model.course(r).patient_id.startswith("H0012") for r in range(model.rowCount()))
    model.refresh("", CourseStatus.CANCELLED)
    assert model.total == 0 and not model.canFetchMore(QModelIndex())
    model.refresh("", CourseStatus.FINISHED.value)
    assert model.total > 0 and model.data(model.index(0, 2)) == "Finished"


def test_the_panel_searches_filters_and_opens_on_double_click(qtbot, big_store):
    panel = PatientListPanel(big_store)
    qtbot.addWidget(panel)
    panel.show()
    panel.refresh()
    assert panel.count.text() == "5000 courses"
    panel.search.setText("Patient 0042")
    qtbot.waitUntil(lambda: panel.model.total == 1, timeout=2000)
    assert panel.count.text() == "1 course"
    panel.status.setCurrentIndex(panel.status.findData(CourseStatus.CANCELLED.value))
    assert panel.model.total == 0 and panel.count.text() == "No course matches this search."
    panel.status.setCurrentIndex(0)
    rect = panel.table.visualRect(panel.model.index(0, 0))
    qtbot.mouseClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    with qtbot.waitSignal(panel.courseActivated) as opened:
        qtbot.mouseDClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened.args == [panel.model.course(0).course_id]
    panel.search.clear()
    panel.refresh()
    panel.table.setFocus()
    panel.table.setCurrentIndex(panel.model.index(3, 0))
    with qtbot.waitSignal(panel.courseActivated) as entered:
        qtbot.keyClick(panel.table, Qt.Key.Key_Return)
    assert entered.args == [panel.model.course(3).course_id]


def test_history_shows_who_changed_what_newest_first(qtbot, qtmodeltester, tmp_path, catalogue):
    with Store.open(f"sqlite:///{tmp_path / 'planner.db'}", user="coordinator-a") as store:
        (course_id,) = fill_store(store, 1)
        opened = open_stored(store, course_id)
        save_stored(store, opened.spec.updated(fractions=25, location="Linac 2"), opened.version, None)
        entries = course_audit(store, course_id)
    model = CourseHistoryModel()
    model.set_entries(entries)
    qtmodeltester.check(model)
    rows = [[model.data(model.index(r, c)) for c in range(6)] for r in range(model.rowCount())]
    assert rows[-1][3] == "Course added to the store"
    changed = {row[3]: row for row in rows[:-1]}
    assert changed["Fractions"][1:] == ["coordinator-a", "2", "Fractions", "20", "25"]  # the form's words
    assert changed["Location"][4:] == ["", "Linac 2"]
    panel = CourseHistoryPanel()
    qtbot.addWidget(panel)
    panel.show_entries(None)
    assert "not in the department's store" in panel.note.text()
    panel.show_entries(entries)
    assert panel.model.rowCount() == len(entries) and "3 changes" in panel.note.text()


def test_differences_name_each_field_in_the_users_words():
    from planner.core.spec import CourseSpec

    theirs = CourseSpec(course_id="c", patient_name="A", fractions=20, location="Linac 1")
    mine = theirs.updated(fractions=25, location="Linac 2")
    found = {d.field: (d.theirs, d.mine) for d in differences(theirs, mine)}
    assert found == {"fractions": ("20", "25"), "location": ("Linac 1", "Linac 2")}
