"""Every Alt letter in the main window is used once: the menus' titles, the tabs, the form's labels,
its buttons and check boxes (Urgent start has U, Discreet export and print X, the two letters their
words had free once Closures took O) and the group boxes. A keyboard user reaches the urgent and
discreet boxes by their letters, which tick them."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QGroupBox, QLabel, QTabBar

from .test_ui_small_screen import make_window, mnemonic, show_patients  # noqa: F401 - the fixture


def alt_letters(window) -> list[tuple[str, str]]:
    """(letter, text) of every Alt letter the user can press in the window as it is shown."""
    texts = [action.text() for action in window.menuBar().actions() if action.isVisible()]
    texts += [bar.tabText(i) for bar in window.findChildren(QTabBar) if bar.isVisibleTo(window) for i in range(bar.count())]
    texts += [label.text() for label in window.findChildren(QLabel) if label.isVisibleTo(window)]
    texts += [button.text() for button in window.findChildren(QAbstractButton) if button.isVisibleTo(window)]
    texts += [box.title() for box in window.findChildren(QGroupBox) if box.isVisibleTo(window)]
    return [(letter, text) for text in texts if (letter := mnemonic(text))]


@pytest.mark.parametrize("size, dock_open", [((1024, 700), False), ((1024, 700), True), ((1600, 1000), True)])
def test_each_alt_letter_in_the_window_is_used_once(qtbot, make_window, size, dock_open):  # noqa: F811
    window = make_window(*size)
    show_patients(qtbot, window, dock_open)
    used = alt_letters(window)
    letters = [letter for letter, _ in used]
    assert len(letters) == len(set(letters)), sorted(used)
    form = window.form
    assert mnemonic(form.urgent.text()) == "u" and mnemonic(form.discreet.text()) == "x"
    menus = {mnemonic(action.text()) for action in window.menuBar().actions()}
    assert {"f", "e", "d", "h"} <= menus  # the menus keep the letters their users learned


@pytest.mark.parametrize("key, box", [(Qt.Key.Key_U, "urgent"), (Qt.Key.Key_X, "discreet")])
def test_the_urgent_and_discreet_letters_tick_their_boxes(qtbot, make_window, key, box):  # noqa: F811
    window = make_window(1024, 700)
    check = getattr(window.form, box)
    ticked = check.isChecked()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.form.patient_name.setFocus()
    QTest.keyClick(QApplication.focusWidget(), key, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: check.isChecked() != ticked)
    assert QApplication.focusWidget() is check
