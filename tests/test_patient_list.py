"""The patient list and the History view over the department's store (pytest-qt, qtmodeltester)."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

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


def test_five_thousand_courses_are_rows_at_once_each_page_read_when_shown(qtmodeltester, big_store):
    model = PatientListModel(big_store)
    model.refresh()
    assert model.total == 5000 and model.rowCount() == 5000  # every course a row: the scroll bar is right at once
    assert model.rows_read == model.page_size  # only the first page read
    assert model.data(model.index(0, 0)) == "Patient 0000" and model.data(model.index(0, 1)) == "H00000"
    assert model.data(model.index(2500, 0)) == "Patient 2500"  # its page read on demand, the rows before it not
    assert model.rows_read == 2 * model.page_size
    assert model.course(4999).patient_id == "H04999" and model.rows_read == 3 * model.page_size
    assert model.headerData(2, Qt.Orientation.Horizontal) == "Status"
    small = PatientListModel(big_store, page_size=7)
    small.refresh("Patient 001")  # 10 courses in pages of 7: the tester reads them all
    qtmodeltester.check(small)


def test_the_scroll_bar_is_right_from_the_start_and_keeps_its_size(qtbot, big_store):
    """The list read a page at a time grew under the scroll bar as it scrolled: the handle shrank and jumped, and dragged
    to the middle it showed the middle of the 200 rows read so far, not of the 5,000 courses."""
    panel = PatientListPanel(big_store)
    qtbot.addWidget(panel)
    panel.resize(600, 400)
    panel.show()
    qtbot.waitExposed(panel)
    panel.refresh()
    bar = panel.table.verticalScrollBar()
    panel.table.viewport().grab()  # painted: the rows in view read
    maximum, step = bar.maximum(), bar.pageStep()
    assert maximum >= 5000 - step - 1  # a row a step (the view scrolls by rows): every course counted from the start
    bar.setValue(maximum // 2)
    panel.table.viewport().grab()
    top = panel.table.rowAt(0)
    assert 2400 <= top <= 2600 and panel.model.data(panel.model.index(top, 0)) == f"Patient {top:04d}"
    bar.setValue(maximum)
    panel.table.viewport().grab()
    assert (bar.maximum(), bar.pageStep()) == (maximum, step)  # the handle kept its size and place
    assert panel.model.data(panel.model.index(panel.table.rowAt(panel.table.viewport().height() - 2), 0)) == "Patient 4999"
    assert panel.model.rows_read <= 4 * panel.model.page_size  # the pages shown, not the whole store


@pytest.mark.parametrize("width", [600, 300])  # a column each, and the narrow dock's folded list (two lines a row)
def test_the_handle_stays_under_the_mouse_while_it_is_dragged_through_pages_not_read(qtbot, big_store, width):
    """Dragging the handle down the list (and the wheel after it), each page read as it comes into view: the handle
    kept its size and stayed where the mouse held it, the rows in view those of its place, never a jump."""
    panel = PatientListPanel(big_store)
    qtbot.addWidget(panel)
    panel.resize(width, 400)
    panel.show()
    qtbot.waitExposed(panel)
    panel.refresh()
    bar, table = panel.table.verticalScrollBar(), panel.table
    table.viewport().grab()
    shape = (bar.minimum(), bar.maximum(), bar.pageStep())
    assert bar.maximum() + bar.pageStep() >= 4999  # the whole list's length from the start, not the rows read so far
    bar.setSliderDown(True)
    places = range(0, bar.maximum(), bar.maximum() // 6)
    for place in places:
        bar.setSliderPosition(place)
        table.viewport().grab()  # painted: the page in view read from the store
        assert (bar.minimum(), bar.maximum(), bar.pageStep()) == shape and bar.value() == place
        top = table.rowAt(0)
        assert top == place and panel.model.data(panel.model.index(top, 0)) == f"Patient {top:04d}"
    bar.setSliderDown(False)
    for _ in range(20):
        before = bar.value()
        bar.triggerAction(bar.SliderAction.SliderSingleStepAdd)  # the wheel's steps
        table.viewport().grab()
        assert (bar.minimum(), bar.maximum(), bar.pageStep()) == shape and bar.value() == before + bar.singleStep()
    assert panel.model.rows_read <= (2 * len(places) + 1) * panel.model.page_size < 5000  # the pages shown, not all


def test_a_name_typed_in_the_list_goes_to_it_without_reading_the_rows_before(qtbot, big_store):
    panel = PatientListPanel(big_store)
    qtbot.addWidget(panel)
    panel.resize(600, 400)
    panel.show()
    panel.refresh()
    panel.table.setFocus()
    panel.table.setCurrentIndex(panel.model.index(0, 0))
    qtbot.keyClicks(panel.table, "patient 4321")
    assert panel.table.currentIndex().row() == 4321
    assert panel.model.course(4321).patient == "Patient 4321"
    assert panel.model.rows_read <= 2 * panel.model.page_size  # the store found the row: the pages between were not read
    panel.table.keyboardSearch("nobody of that name")
    assert panel.table.currentIndex().row() == 4321 and panel.model.rows_read <= 2 * panel.model.page_size


def test_going_to_a_course_reads_its_page_only(qtbot, big_store):
    panel = PatientListPanel(big_store)
    qtbot.addWidget(panel)
    panel.resize(600, 400)
    panel.show()
    panel.refresh()
    wanted = big_store.list_courses(None, "Patient 3777", limit=1)[0].course_id
    assert panel.show_course(wanted) and panel.chosen_course() == wanted
    assert panel.table.currentIndex().row() == 3777 and panel.model.rows_read <= 3 * panel.model.page_size
    panel.search.setText("Patient 37")
    panel.refresh()  # the search keeps it: still chosen, its row in the 100 that match
    assert panel.model.total == 100 and panel.chosen_course() == wanted and panel.table.currentIndex().row() == 77
    panel.search.setText("Patient 1")
    panel.refresh()  # left out
    assert panel.chosen_course() is None


def test_search_by_name_or_hospital_number_and_filter_by_status(big_store):
    model = PatientListModel(big_store)
    model.refresh("patient 4999")
    assert [model.course(r).patient_id for r in range(model.rowCount())] == ["H04999"]
    model.refresh("h0012")
    assert model.total == 10 and all(model.course(r).patient_id.startswith("H0012") for r in range(model.rowCount()))
    model.refresh("", CourseStatus.CANCELLED)
    assert model.total == 0 and model.rowCount() == 0 and model.rows_read == 0
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


def test_a_page_the_store_no_longer_fills_asks_for_the_list_again(qtbot, tmp_path):
    """Rows counted, then five patients renamed by another coordinator so that the search leaves them out: the last
    page, read as it is shown, comes back empty, and the list is asked for again (its rows and count as stored now)."""
    with Store.open(f"sqlite:///{tmp_path / 'planner.db'}") as store:
        fill_store(store, 30)
        panel = PatientListPanel(store)
        qtbot.addWidget(panel)
        panel.model.page_size = 7
        panel.search.setText("Patient")
        panel.refresh()
        assert panel.model.rowCount() == 30 and panel.count.text() == "30 courses"
        for course in store.list_courses(None, "Patient", limit=5):
            opened = open_stored(store, course.course_id)
            save_stored(store, opened.spec.updated(patient_name=f"Renamed {course.patient_id}"), opened.version, None)
        with qtbot.waitSignal(panel.model.modelReset):
            assert panel.model.course(29) is None  # rows 28 and 29: the store has 25 now
        assert panel.model.rowCount() == 25 and panel.count.text() == "25 courses"
        assert panel.model.course(24).patient == "Patient 0029"
