"""A field of several working together shows them all when it takes the focus: after Alt+O (Closures)
the list sat half below the fold at 1366x768, its new closure's date, note and Add out of sight. Now
the form scrolls so the whole group (list, date, note, Add, and its label) is in view, however the
focus came (the Alt letter, Tab, Shift+Tab); a group taller than the view shows the field itself."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel

from planner.core.spec import CourseSpec
from planner.ui.scroll_focus import FocusInView
from tests.test_form_focus_in_view import _in_view
from tests.test_form_focus_in_view import _scroll_area as _area
from tests.window_helpers import open_window

COURSE = CourseSpec(patient_name="Alex Example", patient_id="RX-1", site="prostate", fractions=20,
                    start=date(2026, 12, 7), tz="Europe/London")


def _closures_whole(window) -> bool:
    form, area = window.form, _area(window)
    return all(_in_view(area, widget) for widget in (form.closures, form.closure_date, form.closure_note, form.add_closure,
                                                      form.remove_closure))


@pytest.mark.parametrize("size", [(1366, 768), (1024, 700)])
def test_the_closures_alt_letter_shows_the_whole_group(qtbot, monkeypatch, size):
    window = open_window(qtbot, monkeypatch, COURSE, size=size)
    form, area = window.form, _area(window)
    area.verticalScrollBar().setValue(0)
    form.patient_name.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.waitUntil(form.patient_name.hasFocus)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    QTest.keyClick(window, Qt.Key.Key_O, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(form.closures.hasFocus)
    assert _closures_whole(window)
    caption = next(label for label in form.findChildren(QLabel) if label.buddy() is form.closures)
    assert _in_view(area, caption)


def test_tab_into_the_closures_shows_the_whole_group(qtbot, monkeypatch):
    window = open_window(qtbot, monkeypatch, COURSE, size=(1366, 768))
    form, area = window.form, _area(window)
    sunday = form.day_boxes[-1]
    sunday.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.waitUntil(sunday.hasFocus)
    area.ensureWidgetVisible(sunday, 0, 0)  # the box just at the bottom edge, as Tab leaves it
    QTest.keyClick(sunday, Qt.Key.Key_Tab)
    qtbot.waitUntil(form.closures.hasFocus)
    assert _closures_whole(window)


def test_a_group_taller_than_the_view_shows_the_field(qtbot, monkeypatch):
    window = open_window(qtbot, monkeypatch, COURSE, size=(1366, 768))
    form, area = window.form, _area(window)
    content = area.widget()
    group = FocusInView.group_rect(content, form.closure_note)
    assert group is not None and group.contains(QRect(form.closures.mapTo(content, QPoint(0, 0)), form.closures.size()))
    assert FocusInView.group_rect(content, form.patient_name) is not None
    assert FocusInView.group_rect(content, content) is None  # outside any group
    area.setMaximumHeight(group.height())  # a view shorter than the closures' group
    qtbot.waitUntil(lambda: area.viewport().height() < group.height())
    area.verticalScrollBar().setValue(0)
    form.closure_note.setFocus(Qt.FocusReason.ShortcutFocusReason)
    qtbot.waitUntil(form.closure_note.hasFocus)
    assert _in_view(area, form.closure_note)
    assert not _in_view(area, form.closures)  # the group's top left out, not the field
