"""Alt+L, Alt+W and Alt+M show the list, the week and the month and put the keys in it: the arrow keys
that follow move through the appointments, never change the form's field that had the focus (Down in
the Fractions box took a fraction off the course)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from .test_window_keyboard import focused, window  # noqa: F401 - the fixture


def inside(view) -> bool:
    widget = focused()
    return widget is not None and (widget is view or view.isAncestorOf(widget))


def test_alt_l_puts_the_keys_in_the_list_not_in_the_form(window, qtbot):  # noqa: F811
    fractions = window.session.spec.fractions
    window.form.count.setFocus()
    qtbot.waitUntil(window.form.count.hasFocus)
    QTest.keyClick(focused(), Qt.Key.Key_W, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: inside(window.results.week.view))
    QTest.keyClick(focused(), Qt.Key.Key_M, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: inside(window.results.month.view))  # its days' grid
    window.form.count.setFocus()
    QTest.keyClick(focused(), Qt.Key.Key_L, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: focused() is window.table)
    QTest.keyClick(focused(), Qt.Key.Key_Down)
    QTest.keyClick(focused(), Qt.Key.Key_Down)
    assert window.session.spec.fractions == fractions  # the form's Fractions box did not take the arrows
    assert window.table.currentIndex().isValid()
