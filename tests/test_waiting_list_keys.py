"""The waiting list by keyboard: the highlight follows the keys (Home, End, Ctrl+Home, Ctrl+End, arrows), so
the course highlighted is the one Enter, or the window's Ctrl+B, books."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt

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
