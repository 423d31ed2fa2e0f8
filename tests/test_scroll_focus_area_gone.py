"""A scroll area that keeps the focused field in view listens to the application's focus changes, which outlive it: once
its window was closed and deleted, the next focus change anywhere (another window's field) raised "Internal C++ object
(QScrollArea) already deleted" from the listener, seen as an error at the start of a later test."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QScrollArea, QWidget
from shiboken6 import delete

from planner.ui.scroll_focus import FocusInView


def test_a_focus_change_after_the_scroll_area_is_gone_is_no_error(qtbot):
    area = QScrollArea()
    area.setWidget(QLineEdit())
    listener = FocusInView(area)
    delete(area)  # the C++ scroll area gone, the Python listener still there (as a window's, closed and deleted)
    other = QWidget()
    field = QLineEdit(other)
    qtbot.addWidget(other)
    other.show()
    field.setFocus()
    listener.on_focus_changed(None, field)  # as the application's focusChanged calls it: no error
