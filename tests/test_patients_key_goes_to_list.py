"""F9 with the Patients list open but the keys elsewhere (the course form) hid the list. As side panes
work in well-made desktop apps: open but not focused, F9 goes into it; pressed in it, F9 hides it and
the keys go back where they were; hidden, F9 shows it and goes into it. View → Patients stays checked
exactly while the list shows."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDockWidget

from .test_ui_small_screen import dock_of, make_window, press_patients_key  # noqa: F401 - the fixture


def test_f9_goes_into_the_open_list_then_hides_it_and_gives_the_keys_back(qtbot, make_window):  # noqa: F811
    window = make_window(1600, 1000)  # the list starts open here
    dock, panel = dock_of(window), window.store_link.patients
    action = window.store_link.patients_key.action
    assert dock.isVisible() and action.isChecked()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    name = window.form.patient_name
    name.setFocus()
    qtbot.waitUntil(name.hasFocus)
    press_patients_key(qtbot, window)  # open, the keys in the form: F9 goes into the list
    qtbot.waitUntil(panel.search.hasFocus)
    assert dock.isVisible() and action.isChecked()
    press_patients_key(qtbot, window)  # in the list: F9 hides it, the keys back in the Name field
    qtbot.waitUntil(lambda: not dock.isVisible())
    assert not action.isChecked()
    qtbot.waitUntil(name.hasFocus)
    press_patients_key(qtbot, window)  # hidden: F9 shows it and goes into it
    qtbot.waitUntil(lambda: dock.isVisible() and panel.search.hasFocus())
    assert action.isChecked()


def test_f9_in_the_list_gives_the_keys_back_to_the_schedule_they_came_from(qtbot, make_window):  # noqa: F811
    window = make_window(1366, 768)
    dock, panel = dock_of(window), window.store_link.patients
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.table.setFocus()
    qtbot.waitUntil(window.table.hasFocus)
    panel.table.setFocus(Qt.FocusReason.MouseFocusReason)  # the user clicked into the list
    qtbot.waitUntil(panel.table.hasFocus)
    press_patients_key(qtbot, window)
    qtbot.waitUntil(lambda: not dock.isVisible())
    qtbot.waitUntil(window.table.hasFocus)
    press_patients_key(qtbot, window)  # back where the keys were in it last: the list of courses
    qtbot.waitUntil(lambda: dock.isVisible() and panel.table.hasFocus())


def test_f9_brings_the_list_in_front_of_the_history_tab(qtbot, make_window):  # noqa: F811
    window = make_window(1600, 1000)
    history = window.findChild(QDockWidget, "history-dock")
    history.raise_()  # the History tab chosen: the Patients list is open, behind it
    qtbot.waitUntil(lambda: history.visibleRegion().isEmpty() is False)
    window.form.patient_name.setFocus()
    press_patients_key(qtbot, window)
    search = window.store_link.patients.search
    qtbot.waitUntil(search.hasFocus)
    assert not search.visibleRegion().isEmpty()  # in sight, not behind the History
    assert dock_of(window).isVisible() and window.store_link.patients_key.action.isChecked()


def test_the_check_mark_follows_the_list_closed_and_opened_elsewhere(qtbot, make_window):  # noqa: F811
    window = make_window(1600, 1000)
    dock, action = dock_of(window), window.store_link.patients_key.action
    dock.toggleViewAction().trigger()  # its × button, or Department → Patients
    assert dock.isHidden() and not action.isChecked()
    dock.toggleViewAction().trigger()
    assert not dock.isHidden() and action.isChecked()
    action.trigger()  # View → Patients from the menu with the keys elsewhere: into the list, still shown
    assert not dock.isHidden() and action.isChecked()
    QTest.keyClick(window, Qt.Key.Key_Escape)
    assert QApplication.focusWidget() is None or window.isAncestorOf(QApplication.focusWidget())
