"""A booking's menu in the Bookings window's day view names the window's keys for its choices (Ctrl+M, Ctrl+Shift+R):
while the menu was open, those keys did nothing (an open menu takes every key), and its choices had no underlined
letter either. Now the keys it names choose while it is open, once (not once by the menu and again by the window's
action), and each choice of the day view's menus, the course's list and the week view has its letter. A machine's
or a recent file's name with '&' reads as written in a menu."""

from __future__ import annotations

from datetime import datetime

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMenu

from planner.ui import department_window
from planner.ui.keyed_menu import menu_words
from tests.window_helpers import as_read

from .test_department_window_eyes import desk, window  # noqa: F401 - the fixtures

pytestmark = pytest.mark.qt_log_ignore("does not support raise", "does not support grabbing")  # offscreen menus


def press_in_menu(window, key: Qt.Key, modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> list[str]:  # noqa: F811
    """Shift+F10 opens the chosen booking's menu; `key` is pressed in it. The menu's choices as read."""
    seen: list[str] = []

    def press() -> None:
        menu = QApplication.activePopupWidget()
        if isinstance(menu, QMenu):
            seen.extend(as_read(a.text()) for a in menu.actions())
            QTest.keyClick(menu, key, modifiers)
            if menu.isVisible():  # the key did nothing: closed, so that the test goes on (and fails)
                menu.close()

    QTimer.singleShot(0, press)
    QTest.keyClick(window.day_view, Qt.Key.Key_F10, Qt.KeyboardModifier.ShiftModifier)
    return seen


@pytest.fixture
def opened(window, monkeypatch):  # noqa: F811
    """The window's Move the rest dialog, not shown: the patient it was opened for, each time."""
    found: dict[str, list[str]] = {"rest": []}
    monkeypatch.setattr(department_window.MoveRestDialog, "exec", lambda self: found["rest"].append(self.entry.patient) or 0)
    window.day_view.setFocus()
    QTest.keyClick(window.day_view, Qt.Key.Key_Down)
    return found


def test_ctrl_shift_r_in_the_open_menu_moves_the_rest_of_the_course_once(window, opened):  # noqa: F811
    chosen = window.day_view.selected.patient
    choices = press_in_menu(window, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert choices == ["Move this session to another day…", "Move the rest of this course…"]
    assert opened["rest"] == [chosen]  # once: the window's own Ctrl+Shift+R did not act on it again
    assert QApplication.activePopupWidget() is None


def test_the_rest_by_its_letter_in_the_open_menu_the_bookings_menus_own(window, opened):  # noqa: F811
    chosen = window.day_view.selected.patient
    press_in_menu(window, Qt.Key.Key_O)
    assert opened["rest"] == [chosen]
    letters = {as_read(a.text()): a.text() for a in window.bookings_menu.actions() if a.text()}
    menu = window.day_view.booking_menu(window.day_view.selected)
    for choice in menu.actions():  # the same letter for the same choice in both menus
        assert letters[as_read(choice.text())] == choice.text()


def test_enter_in_a_menu_opened_by_the_keys_chooses_its_first_choice(window, opened, monkeypatch):  # noqa: F811
    """Opened by the keys, the menu's first choice (in bold: what Enter does in the day view) is highlighted: Enter
    chose nothing there, the first choice had to be reached with Down first."""
    moved: list[str] = []
    monkeypatch.setattr(department_window.MoveOneDialog, "exec", lambda self: moved.append(self.entry.patient) or 0)
    chosen = window.day_view.selected.patient
    press_in_menu(window, Qt.Key.Key_Return)
    assert moved == [chosen] and opened["rest"] == []


def test_a_key_the_menu_does_not_name_leaves_it_open_and_chooses_nothing(window, opened):  # noqa: F811
    seen: list[bool] = []

    def press() -> None:
        menu = QApplication.activePopupWidget()
        assert isinstance(menu, QMenu)
        QTest.keyClick(menu, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
        seen.append(menu.isVisible())
        menu.close()

    QTimer.singleShot(0, press)
    QTest.keyClick(window.day_view, Qt.Key.Key_F10, Qt.KeyboardModifier.ShiftModifier)
    assert seen == [True] and opened == {"rest": []}


def test_a_machine_named_with_an_ampersand_reads_as_written_in_its_menu(window):  # noqa: F811
    menu = window.day_view.free_time_menu("R&D Linac", datetime(2030, 3, 26, 10, 0))
    (choice,) = menu.actions()
    assert choice.text() == "R&&D Linac &down from 10:00…" and as_read(choice.text()) == "R&D Linac down from 10:00…"
    assert menu_words("Smith & Jones.json") == "Smith && Jones.json"


def test_every_choice_of_the_views_menus_has_a_letter_of_its_own(window):  # noqa: F811
    entry = window.day_view.selected or window.day_view.agenda.machines[0].entries[0]
    for menu in (window.day_view.booking_menu(entry), window.day_view.free_time_menu("Linac 1", datetime(2030, 3, 26, 10))):
        letters = [a.text().replace("&&", "")[a.text().replace("&&", "").index("&") + 1].lower() for a in menu.actions()]
        assert len(letters) == len(set(letters)), letters
