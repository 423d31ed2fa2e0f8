"""Ctrl+E exports from anywhere in the form: on X11 a text field would take it as "end of line"."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit

from tests.test_window_layout import COURSE
from tests.window_helpers import open_window


def test_the_forms_text_fields_leave_ctrl_e_to_the_window(qtbot, monkeypatch):
    window = open_window(qtbot, monkeypatch, COURSE)
    assert window.export_action.shortcut().toString() == "Ctrl+E"
    fields = window.form.findChildren(QLineEdit)
    assert fields
    for field in fields:
        override = QKeyEvent(QEvent.Type.ShortcutOverride, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
        override.accept()
        assert window._undo_router.eventFilter(field, override)  # the field does not claim the key
        assert not override.isAccepted()
