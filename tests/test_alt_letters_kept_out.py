"""An Alt+letter that no shortcut uses types nothing into a field (Qt typed 'w' into the date on Alt+W);
one that a shortcut uses still works, and plain letters, Ctrl+Alt (AltGr on Windows) and keys without
text go through."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QMainWindow

from planner.ui.alt_keys import keep_alt_letters_out
from planner.ui.date_field import DateField

ALT = Qt.KeyboardModifier.AltModifier


@pytest.fixture
def guarded(qapp):
    if sys.platform == "darwin":
        pytest.skip("Option+letter types characters on macOS: the filter is not installed there")
    guard = keep_alt_letters_out(qapp)
    yield
    qapp.removeEventFilter(guard)


def press(widget, key: Qt.Key, modifiers: Qt.KeyboardModifier, text: str) -> None:
    QApplication.sendEvent(widget, QKeyEvent(QEvent.Type.KeyPress, key, modifiers, text))


def test_an_unused_alt_letter_types_nothing(qtbot, guarded):
    name, day = QLineEdit("Ann"), DateField()
    for widget in (name, day):
        qtbot.addWidget(widget)
        widget.show()
    before = day.text()
    press(name, Qt.Key.Key_W, ALT, "w")
    press(day, Qt.Key.Key_W, ALT, "w")
    assert (name.text(), day.text()) == ("Ann", before)


def test_letters_altgr_and_a_used_alt_shortcut_still_work(qtbot, guarded):
    window = QMainWindow()
    qtbot.addWidget(window)
    name = QLineEdit()
    window.setCentralWidget(name)
    fired = []
    action = QAction("&Week", window)
    action.setShortcut(QKeySequence("Alt+W"))
    action.triggered.connect(lambda: fired.append(True))
    window.addAction(action)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    name.setFocus()
    QTest.keyClicks(name, "Bo")
    press(name, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier | ALT, "€")  # AltGr+E on a Windows keyboard
    assert name.text() == "Bo€"
    QTest.keyClick(name, Qt.Key.Key_W, ALT)
    assert fired == [True] and name.text() == "Bo€"
