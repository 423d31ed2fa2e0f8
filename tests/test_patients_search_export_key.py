"""Ctrl+E exports the open course from the Patients search box too: on X11 the box took it as "end of line", and the
coordinator who had just found and opened a patient there saw nothing happen."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from planner.ui.course_controller import CourseController

from .test_ui_small_screen import make_window  # noqa: F401 - the fixture


def override(key: Qt.Key, modifiers: Qt.KeyboardModifier) -> QKeyEvent:
    """The question Qt asks the focused field before a shortcut fires, as a text field on X11 answers it for Ctrl+E:
    claimed (offscreen the field claims nothing, so the panel's filter is asked directly, as for the form's fields)."""
    event = QKeyEvent(QEvent.Type.ShortcutOverride, key, modifiers)
    event.accept()
    return event


def test_the_patients_search_box_leaves_ctrl_e_to_the_window(qtbot, make_window):  # noqa: F811
    window = make_window(1600, 1000)
    panel = window.store_link.patients
    search = panel.search
    assert window.export_action.shortcut().toString() == "Ctrl+E"
    export = override(Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert panel.eventFilter(search, export)  # the box does not claim the key: the window's Export calendar takes it
    assert not export.isAccepted()
    undo = override(Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert not panel.eventFilter(search, undo)  # the box's own undo of what was typed in it stays its own
    assert undo.isAccepted()


def test_ctrl_e_in_the_patients_search_box_exports_the_open_course(qtbot, make_window, monkeypatch):  # noqa: F811
    exported = []
    monkeypatch.setattr(CourseController, "export_calendar", lambda self: exported.append(self.window.session.spec.course_id))
    window = make_window(1600, 1000)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    search = window.store_link.patients.search
    search.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is search)
    QTest.keyClicks(search, "Zo")
    QTest.keyClick(search, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert exported == ["course-prostate"]
    assert search.text() == "Zo"
