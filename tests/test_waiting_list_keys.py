"""The waiting list by keyboard: the highlight follows the keys (Home, End, Ctrl+Home, Ctrl+End, arrows), so
the course highlighted is the one Enter, or the window's Ctrl+B, books."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import QPoint, Qt

from planner.core.agenda import WaitingCourse
from planner.ui.department_views import WaitingList

COURSES = [WaitingCourse(f"c{n}", f"Patient {n:02}", "Prostate", date(2026, 11, 20), date(2026, 12, 1) + timedelta(days=n))
           for n in range(12)]


@pytest.fixture
def table(qtbot):
    shown = WaitingList()
    qtbot.addWidget(shown)
    shown.set_courses(COURSES)
    shown.resize(900, 300)
    shown.show()
    qtbot.waitExposed(shown)
    shown.setFocus()
    shown.selectRow(0)
    return shown


def highlighted(table: WaitingList) -> list[int]:
    return sorted(index.row() for index in table.selectionModel().selectedRows())


@pytest.mark.parametrize(("key", "modifiers", "row"), [
    (Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier, 11),
    (Qt.Key.Key_End, Qt.KeyboardModifier.NoModifier, 11),
    (Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier, 1),
    (Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier, None),
])
def test_the_highlight_follows_the_keys_with_or_without_ctrl(qtbot, table, key, modifiers, row):
    qtbot.keyClick(table, key, modifiers)
    assert table.currentRow() > 0 and (row is None or table.currentRow() == row)
    assert highlighted(table) == [table.currentRow()]


def test_home_and_ctrl_home_go_back_to_the_first_course(qtbot, table):
    for modifiers in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ControlModifier):
        qtbot.keyClick(table, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClick(table, Qt.Key.Key_Home, modifiers)
        assert table.currentRow() == 0 and highlighted(table) == [0]


def test_enter_after_ctrl_end_books_the_highlighted_course(qtbot, table):
    chosen: list[str] = []
    table.courseActivated.connect(chosen.append)
    qtbot.keyClick(table, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert chosen == ["c11"] and highlighted(table) == [11]


def test_a_heading_clicked_sorts_the_courses_by_it_and_again_the_other_way(qtbot, table):
    courses = [WaitingCourse("a", "Zoë Ångström", "Prostate", date(2026, 11, 20), date(2026, 12, 1), hospital_number="H2"),
               WaitingCourse("b", "amir Haddad", "Breast", date(2026, 11, 20), date(2026, 12, 3), hospital_number="H3",
                             booked_first=date(2026, 12, 2)),
               WaitingCourse("c", "Bea Lindqvist", "Lung", date(2026, 11, 20), date(2026, 12, 2), hospital_number="H1")]
    table.set_courses(courses)
    assert [c.course_id for c in table.courses] == ["a", "c", "b"]  # soonest due first
    table.setCurrentCell(1, 0)  # Bea Lindqvist chosen
    header = table.horizontalHeader()
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(header.sectionViewportPosition(0) + 5,
                                                                                 header.height() // 2))
    assert [table.item(r, 0).text() for r in range(3)] == ["amir Haddad", "Bea Lindqvist", "Zoë Ångström"]  # any case
    assert table.courses[table.currentRow()].course_id == "c"  # the course chosen stays chosen
    table.sort_by(0)  # clicked again: the other way
    assert [c.course_id for c in table.courses] == ["a", "c", "b"] and table.horizontalHeader().isSortIndicatorShown()
    table.sort_by(table.NUMBER)
    assert [c.course_id for c in table.courses] == ["c", "a", "b"]
    table.sort_by(5)  # booked start: a course not booked has none, and comes last either way
    assert [c.course_id for c in table.courses][0] == "b"
    table.sort_by(5)
    assert [c.course_id for c in table.courses][0] == "b"
    table.set_courses(courses)  # a redraw keeps the order chosen
    assert [c.course_id for c in table.courses][0] == "b" and table.sort_column == 5
