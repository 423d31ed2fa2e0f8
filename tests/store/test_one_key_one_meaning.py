"""A key means one thing in both windows. The course's window moved one appointment with Ctrl+M and the Bookings window
moved the rest of the course with it (and one session with Ctrl+Shift+M, the course's window's Mark missed): a
coordinator who uses both got the opposite of what they meant. Now Ctrl+M moves one appointment (one session) in both,
Ctrl+Shift+R moves the rest of the course to another time in both (Re-time the rest…, Move the rest of this course…),
and Ctrl+Shift+M marks a fraction missed in the course's window and does nothing in the Bookings window."""

from __future__ import annotations

from collections import Counter

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtTest import QTest

from planner.ui import adjustments, department_window, dialogs
from tests.test_list_moved_mark import COURSE, row_of
from tests.window_helpers import as_read, open_window

from .test_department_window_eyes import desk, window  # noqa: F401 - the fixtures

CTRL, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier


def keyed(widget) -> dict[str, list[str]]:
    """Each key of the window's actions, and the choices (as read) it does."""
    found: dict[str, list[str]] = {}
    for action in widget.findChildren(QAction):
        for keys in action.shortcuts():
            found.setdefault(keys.toString(), []).append(as_read(action.text()))
    return found


def test_each_key_names_the_same_move_in_both_windows_and_one_choice_in_each(qtbot, monkeypatch, window):  # noqa: F811
    course = open_window(qtbot, monkeypatch, COURSE)
    course_keys, booking_keys = keyed(course), keyed(window)
    assert course_keys["Ctrl+M"] == ["Move appointment…"]
    assert booking_keys["Ctrl+M"] == ["Move this session to another day…"]
    assert course_keys["Ctrl+Shift+R"] == ["Re-time the rest of the course…"]
    assert booking_keys["Ctrl+Shift+R"] == ["Move the rest of this course…"]
    assert course_keys["Ctrl+Shift+M"] == ["Mark fraction missed…"]
    assert "Ctrl+Shift+M" not in booking_keys
    for keys in (course_keys, booking_keys):
        assert not [k for k, choices in keys.items() if len(choices) > 1]  # no key does two things in one window
    standard = Counter(k.toString() for key in QKeySequence.StandardKey for k in QKeySequence.keyBindings(key))
    assert not {"Ctrl+M", "Ctrl+Shift+M", "Ctrl+Shift+R"} & set(standard)  # none of the platform's own keys either
    menu = window.day_view.booking_menu(window.day_view.agenda.machines[0].entries[0])
    assert [(as_read(a.text()), a.shortcut().toString()) for a in menu.actions()] == [
        ("Move this session to another day…", "Ctrl+M"), ("Move the rest of this course…", "Ctrl+Shift+R")]


@pytest.mark.qt_log_ignore("does not support raise")  # the offscreen platform
def test_in_the_bookings_window_ctrl_m_moves_the_session_and_ctrl_shift_r_the_rest(window, monkeypatch):  # noqa: F811
    opened: list[tuple[str, str]] = []
    monkeypatch.setattr(department_window.MoveOneDialog, "exec", lambda self: opened.append(("one", self.entry.patient)) or 0)
    monkeypatch.setattr(department_window.MoveRestDialog, "exec", lambda self: opened.append(("rest", self.entry.patient)) or 0)
    window.day_view.setFocus()
    QTest.keyClick(window.day_view, Qt.Key.Key_Down)
    chosen = window.day_view.selected.patient
    QTest.keyClick(window.day_view, Qt.Key.Key_M, CTRL)
    assert opened == [("one", chosen)]
    QTest.keyClick(window.day_view, Qt.Key.Key_M, CTRL | SHIFT)
    assert opened == [("one", chosen)]  # nothing: the other window's Mark missed, no move here
    QTest.keyClick(window.day_view, Qt.Key.Key_R, CTRL | SHIFT)
    assert opened == [("one", chosen), ("rest", chosen)]
    assert "Ctrl+Shift+R moves the rest of the course." in window.message.text()


def test_in_the_courses_window_ctrl_m_moves_the_appointment_and_ctrl_shift_r_re_times_the_rest(qtbot, monkeypatch):
    course = open_window(qtbot, monkeypatch, COURSE)
    course.activateWindow()
    qtbot.waitUntil(course.isActiveWindow)  # the window's keys act in the active window
    course.table.selectRow(row_of(course.model, 10))
    course.table.setFocus()
    opened: list[object] = []
    monkeypatch.setattr(dialogs.MoveDialog, "exec", lambda self: opened.append("move") or 0)
    monkeypatch.setattr(adjustments.RestOfCourseDialog, "exec",
                        lambda self: opened.append(("rest", self.shift, self.number.value())) or 0)
    QTest.keyClick(course.table, Qt.Key.Key_M, CTRL)
    assert opened == ["move"]
    QTest.keyClick(course.table, Qt.Key.Key_R, CTRL | SHIFT)
    assert opened == ["move", ("rest", False, 10)]  # re-timed from the fraction chosen, not shifted


@pytest.mark.qt_log_ignore("does not support raise", "does not support grabbing")  # the offscreen platform, on the menu
def test_the_booking_menus_first_choice_reads_whole_in_bold(window):  # noqa: F811
    """Its first choice is drawn in bold but measured in the regular type: with Ctrl+Shift+R, narrower than
    Ctrl+Shift+M, in the key column the menu cut it short ('Move this sessi…to another day…')."""
    from PySide6.QtGui import QFont, QFontMetrics

    from planner.ui.colours import contrast

    menu = window.day_view.booking_menu(window.day_view.agenda.machines[0].entries[0])
    menu.resize(menu.sizeHint())
    image = menu.grab().toImage()
    first = menu.actionGeometry(menu.actions()[0])
    middle = first.center().y()
    back = image.pixelColor(first.right() - 4, middle)
    inked = [x for x in range(first.left() + 3, first.right() - 3)  # inside the menu's frame
             if any(contrast(image.pixelColor(x, y), back) > 2 for y in range(middle - 5, middle + 5))]
    bold = QFont(menu.font())
    bold.setBold(True)
    keys = inked[-1] - QFontMetrics(bold).horizontalAdvance("Ctrl+M") - 2  # the key, right-aligned: left of it, the words
    words = [x for x in inked if x < keys]
    assert words[-1] - words[0] + 1 >= QFontMetrics(bold).horizontalAdvance("Move this session to another day…") - 3
