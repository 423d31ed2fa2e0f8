"""The Patients dock's search box works from the keyboard: Down moves into the list (its first row
selected), Up from the first row comes back, Enter opens the selected course or the first match,
and Tab still leaves the search box for the status filter."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from planner.store.db import CourseStatus, Store
from planner.ui.patient_list import PatientListPanel, status_hint
from tests.store_fill import fill_store


@pytest.fixture
def panel(qtbot, tmp_path):
    store = Store.open(f"sqlite:///{tmp_path / 'planner.db'}")
    fill_store(store, 30)
    shown = PatientListPanel(store)
    qtbot.addWidget(shown)
    shown.show()
    shown.activateWindow()
    qtbot.waitExposed(shown)
    shown.refresh()
    shown.search.setFocus()
    qtbot.waitUntil(shown.search.hasFocus, timeout=2000)
    yield shown
    store.close()


def test_down_in_the_search_box_moves_into_the_list_and_up_comes_back(qtbot, panel):
    qtbot.keyClicks(panel.search, "Patient 001")  # the search has not run yet: Down runs it first
    qtbot.keyClick(panel.search, Qt.Key.Key_Down)
    assert panel.table.hasFocus()
    assert panel.model.total == 10 and panel.table.currentIndex().row() == 0
    assert panel.table.selectionModel().isRowSelected(0)
    assert panel.model.course(0).patient == "Patient 0010"
    qtbot.keyClick(panel.table, Qt.Key.Key_Down)  # the arrow keys move inside the list as before
    assert panel.table.currentIndex().row() == 1
    qtbot.keyClick(panel.table, Qt.Key.Key_Up)
    assert panel.table.currentIndex().row() == 0 and panel.table.hasFocus()
    qtbot.keyClick(panel.table, Qt.Key.Key_Up)
    assert panel.search.hasFocus()


def test_enter_in_the_search_box_opens_the_first_match_or_the_selected_course(qtbot, panel):
    qtbot.keyClicks(panel.search, "Patient 0021")
    with qtbot.waitSignal(panel.courseActivated, timeout=2000) as opened:
        qtbot.keyClick(panel.search, Qt.Key.Key_Return)
    assert panel.model.total == 1 and opened.args == [panel.model.course(0).course_id]
    panel.search.clear()
    panel.refresh()
    panel.table.selectRow(4)
    panel.search.setFocus()
    with qtbot.waitSignal(panel.courseActivated, timeout=2000) as chosen:
        qtbot.keyClick(panel.search, Qt.Key.Key_Enter)
    assert chosen.args == [panel.model.course(4).course_id]


def test_nothing_matches_enter_and_down_open_nothing(qtbot, panel):
    qtbot.keyClicks(panel.search, "nobody of that name")
    with qtbot.assertNotEmitted(panel.courseActivated):
        qtbot.keyClick(panel.search, Qt.Key.Key_Return)
        qtbot.keyClick(panel.search, Qt.Key.Key_Down)
    assert panel.model.total == 0 and panel.search.hasFocus()


def test_tab_still_leaves_the_search_box_for_the_status_filter(qtbot, panel):
    qtbot.keyClick(panel.search, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is panel.status


def test_the_status_filter_says_what_each_status_means(panel):
    planned = panel.status.findData(CourseStatus.PLANNED.value)
    assert panel.status.itemData(planned, Qt.ItemDataRole.ToolTipRole) == status_hint(CourseStatus.PLANNED)
    assert "not booked" in status_hint(CourseStatus.PLANNED).lower()


def test_ctrl_end_goes_to_the_last_course_not_the_last_of_the_page_fetched(qtbot, panel):
    panel.model.page_size = 7  # 30 courses in pages of 7, as 5,000 in pages of 200
    panel.refresh()
    assert panel.model.rowCount() == 30 and panel.model.total == 30 and panel.model.rows_read == 7
    panel.table.setFocus()
    panel.table.setCurrentIndex(panel.model.index(0, 0))
    qtbot.keyClick(panel.table, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    assert panel.table.currentIndex().row() == 29
    assert panel.model.course(29).patient == "Patient 0029"
    assert panel.model.rows_read == 7 + 2  # the first page and the last (28, 29): not the pages between
    qtbot.keyClick(panel.table, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    assert panel.table.currentIndex().row() == 0
