"""The menus keep their letters: Alt+D opens the Department menu (it went to the form's Holidays field, whose label
had the D), Alt+F File, Alt+E Edit, Alt+H Help. No label, button, check box, group or tab the window shows, with
the Patients dock open or closed, uses a menu's letter; Holidays moved to I and the daily Time to T."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from .test_alt_letters_once import alt_letters
from .test_ui_small_screen import make_window, mnemonic, show_patients  # noqa: F401 - the fixture

MENU_LETTERS = {"File": "f", "Edit": "e", "Department": "d", "Help": "h"}


def menu_letters(window) -> dict[str, str | None]:
    return {action.text().replace("&", ""): mnemonic(action.text()) for action in window.menuBar().actions() if action.isVisible()}


@pytest.mark.parametrize("size, dock_open", [((1024, 700), False), ((1600, 1000), True)])
def test_no_field_tab_or_button_takes_a_menus_letter(qtbot, make_window, size, dock_open):  # noqa: F811
    window = make_window(*size)
    show_patients(qtbot, window, dock_open)
    for tab in (1, 2, 0):  # the week and month pages are made when first shown
        window.tabs.setCurrentIndex(tab)
    menus = menu_letters(window)
    assert {name: menus.get(name) for name in MENU_LETTERS} == MENU_LETTERS
    titles = {action.text() for action in window.menuBar().actions()}
    clashes = [(letter, text) for letter, text in alt_letters(window) if text not in titles and letter in menus.values()]
    assert clashes == []


@pytest.mark.parametrize("letter, target", [(Qt.Key.Key_I, "country"), (Qt.Key.Key_T, "time")])
def test_the_fields_that_gave_up_a_menus_letter_have_their_new_one(qtbot, make_window, letter, target):  # noqa: F811
    window = make_window(1024, 700)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.form.patient_name.setFocus()
    QTest.keyClick(QApplication.focusWidget(), letter, Qt.KeyboardModifier.AltModifier)
    field = getattr(window.form, target)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is field or field.isAncestorOf(QApplication.focusWidget()))


@pytest.mark.qt_log_ignore("does not support raise", "does not support grabbing")  # the offscreen platform, on the menu
def test_alt_d_opens_the_department_menu_from_the_form(qtbot, make_window):  # noqa: F811
    window = make_window(1024, 700)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.form.patient_name.setFocus()
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)
    menu = window.department_menu
    qtbot.waitUntil(menu.isVisible)
    assert not window.form.country.hasFocus()
    menu.hide()
