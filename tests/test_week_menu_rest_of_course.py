"""The Week tab's menu of an appointment offers what the list's does, in the same words, letters and keys: it lacked
"Re-time the rest of the course from here…" and "Shift the rest by one open day from here…". Each re-times or shifts
the course from the appointment right-clicked (chosen first, outlined), and the keys the menus name (the Edit menu's)
choose while the menu is open."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QPoint, Qt, QTime, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMenu

from planner.core.course import AdjustmentType
from planner.ui import adjustments
from planner.ui.result_panel import WEEK_TAB
from planner.ui.schedule_model import APPOINTMENT_COLUMN
from tests.test_list_moved_mark import COURSE, row_of
from tests.window_helpers import menu_texts, open_window

pytestmark = pytest.mark.qt_log_ignore("does not support raise", "does not support grabbing")  # offscreen, on the menus

REST = ["Re-time the rest of the course from here…", "Shift the rest by one open day from here…"]


@pytest.fixture
def window(qtbot, monkeypatch):
    shown = open_window(qtbot, monkeypatch, COURSE, size=(1366, 768))
    shown.activateWindow()
    qtbot.waitUntil(shown.isActiveWindow)  # its own keys act: the menu's must not act twice
    shown.tabs.setCurrentIndex(WEEK_TAB)
    shown.week.view.show_week(date(2026, 12, 7))
    return shown


def fraction(window, number: int):
    return next(a for a in window.session.schedule.fractions if a.number == number)


def choices(show) -> list[tuple[str, str]]:
    """The choices of the menu `show` opens, as written (with their letters) and with the keys they name."""
    seen: list[tuple[str, str]] = []

    def look() -> None:
        menu = QApplication.activePopupWidget()
        if isinstance(menu, QMenu):
            seen.extend((a.text(), a.shortcut().toString()) for a in menu.actions())
            menu.close()

    QTimer.singleShot(0, look)
    show()
    return seen


def test_the_week_menu_has_the_lists_choices_with_their_letters_and_keys(window):
    view = window.week.view
    for number in (3, 4):  # moved (and its way back) and not
        in_week = choices(lambda number=number: view._menu(fraction(window, number), QPoint(0, 0)))
        window.tabs.setCurrentIndex(0)
        rect = window.table.visualRect(window.model.index(row_of(window.model, number), APPOINTMENT_COLUMN))
        listed = choices(lambda rect=rect: window.results.on_table_menu(rect.center()))
        window.tabs.setCurrentIndex(WEEK_TAB)
        assert in_week == listed
        assert in_week[:4] == [("&Move…", "Ctrl+M"), ("Mark m&issed…", "Ctrl+Shift+M"),
                               ("Re-&time the rest of the course from here…", "Ctrl+Shift+R"),
                               ("&Shift the rest by one open day from here…", "")]


def test_re_time_and_shift_from_the_week_menu_start_at_the_block_right_clicked(window, monkeypatch):
    view = window.week.view
    asked: list[tuple[bool, int]] = []

    def answer(dialog) -> bool:
        asked.append((dialog.shift, dialog.number.value()))
        dialog.time.setTime(QTime(14, 0))
        return True

    monkeypatch.setattr(adjustments.RestOfCourseDialog, "exec", answer)
    menu_texts(lambda: view._menu(fraction(window, 4), QPoint(0, 0)), REST[0])
    assert asked == [(False, 4)] and view.selected_role == fraction(window, 4).key  # chosen: the outline shows it
    starts = [f"{f.start:%H:%M}" for f in window.session.schedule.fractions]
    assert set(starts[3:]) == {"14:00"} and "14:00" not in starts[:3]
    before = fraction(window, 2).start.date()
    menu_texts(lambda: view._menu(fraction(window, 2), QPoint(0, 0)), REST[1])
    assert asked == [(False, 4), (True, 2)]
    assert fraction(window, 2).start.date() > before and fraction(window, 1).start.date() < before
    kinds = [e.ref.type for e in window.session.spec.adjustments.entries()]
    assert kinds.count(AdjustmentType.RETIME) == 1 and kinds.count(AdjustmentType.SHIFT) == 1


def test_a_key_the_week_menu_names_chooses_there_once(window, monkeypatch):
    view = window.week.view
    asked: list[tuple[bool, int]] = []
    monkeypatch.setattr(adjustments.RestOfCourseDialog, "exec",
                        lambda dialog: asked.append((dialog.shift, dialog.number.value())) or False)

    def press() -> None:
        menu = QApplication.activePopupWidget()
        if isinstance(menu, QMenu):
            QTest.keyClick(menu, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
            if menu.isVisible():  # the key did nothing: closed, so that the test goes on (and fails)
                menu.close()

    QTimer.singleShot(0, press)
    view._menu(fraction(window, 5), QPoint(0, 0))
    assert asked == [(False, 5)]  # once, not again by the window's own Ctrl+Shift+R
