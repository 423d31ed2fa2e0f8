"""Tab never lands on something the user cannot see: Qt keeps the History dock, tabbed behind the
Patients list, and the docks' tab bar when it has no second tab, shown but off screen, and both were
stops of Tab (the focus vanished from sight for a key press or more)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from .test_ui_small_screen import dock_of, make_window, press_patients_key  # noqa: F401 - the fixture


def on_screen(widget: QWidget) -> bool:
    """Some of `widget` is inside each of its parents and the window."""
    child, rect = widget, QRect(QPoint(0, 0), widget.size())
    while child.parentWidget() is not None:
        parent = child.parentWidget()
        rect = rect.translated(child.pos())
        if not rect.intersects(parent.rect()):
            return False
        rect, child = rect.intersected(parent.rect()), parent
    return True


def tab_round(qtbot, window, presses: int = 120) -> list[tuple[QWidget, bool]]:
    """Each widget Tab stops at, and whether it was on screen then."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.form.patient_name.setFocus()
    stops = []
    for _ in range(presses):
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        widget = QApplication.focusWidget()
        stops.append((widget, widget is not None and on_screen(widget)))
    return stops


@pytest.mark.parametrize("size", [(1024, 700), (1600, 1000)])
def test_every_stop_of_tab_is_on_screen(qtbot, make_window, size):  # noqa: F811
    window = make_window(*size)
    stops = tab_round(qtbot, window)
    widgets = [widget for widget, _ in stops]
    assert window.table in widgets and window.form.patient_name in widgets  # round the window
    hidden = {type(widget).__name__ for widget, shown in stops if not shown}
    assert not hidden, hidden


def test_tab_reaches_the_patients_list_or_the_history_whichever_is_in_front(qtbot, make_window):  # noqa: F811
    window = make_window(1600, 1000)
    patients = window.store_link.patients.table
    history = window.store_link.history
    assert (patients, True) in tab_round(qtbot, window)
    history_dock = history.parentWidget()
    history_dock.raise_()  # its tab chosen
    qtbot.waitUntil(lambda: on_screen(history))
    stops = tab_round(qtbot, window)
    assert any(widget is not None and history.isAncestorOf(widget) for widget, _ in stops)
    assert patients not in [widget for widget, _ in stops] and all(shown for _, shown in stops)
    dock_of(window).raise_()
    qtbot.waitUntil(lambda: on_screen(patients))
    assert (patients, True) in tab_round(qtbot, window)


@pytest.mark.qt_log_ignore("does not support raise")  # the offscreen platform, on a floating dock
def test_a_floating_dock_left_of_the_first_screen_stays_usable(qtbot, make_window):  # noqa: F811
    window = make_window(1600, 1000)
    dock = dock_of(window)
    dock.setFloating(True)
    dock.move(-1200, 100)  # on a second screen to the left
    qtbot.wait(20)
    assert window.store_link.patients.isEnabled()
