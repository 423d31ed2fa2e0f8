"""View → History, with the History tabbed behind the Patients list, brings it in front and puts the keys in it, as
F9 does for the Patients list: it was the dock's plain show-or-hide entry, so a coordinator who chose it to read the
course's history saw its tab vanish instead (it was shown already, behind the list). Chosen again with the keys in
it, it hides the History."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from .test_dock_focus_stops import on_screen
from .test_ui_small_screen import make_window  # noqa: F401 - the fixture


def history_entry(window):
    return next(a for a in window.store_link.view_menu.actions() if a.text().replace("&", "") == "History")


def test_view_history_brings_the_history_in_front_with_the_keys(qtbot, make_window):  # noqa: F811
    window = make_window(1600, 1000)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    history = window.store_link.history
    dock = history.parentWidget()
    patients = window.store_link.patients
    qtbot.waitUntil(lambda: on_screen(patients))  # the Patients list in front, the History tabbed behind it
    assert not dock.isHidden() and not on_screen(history)
    entry = history_entry(window)
    assert entry.isChecked()
    entry.trigger()
    assert not dock.isHidden()
    qtbot.waitUntil(lambda: on_screen(history))
    qtbot.waitUntil(lambda: history.isAncestorOf(QApplication.focusWidget()))
    assert entry.isChecked()
    entry.trigger()  # chosen again with the keys in it: hidden, the keys back where they were
    assert dock.isHidden() and not entry.isChecked()
    entry.trigger()
    assert not dock.isHidden()
