"""The course form's Remove button for closures is offered only while a closure is selected."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from planner.core.spec import CourseSpec
from tests.window_helpers import open_window

COURSE = CourseSpec(patient_name="Alex Example", patient_id="RX-1", site="prostate", fractions=20,
                    start=date(2026, 12, 7), tz="America/New_York")


def test_remove_is_disabled_until_a_closure_is_selected(qtbot, monkeypatch):
    window = open_window(qtbot, monkeypatch, COURSE)
    form = window.form
    assert form.closures.count() == 0
    assert not form.remove_closure.isEnabled()  # an empty list: nothing to remove
    form.add_closure.click()
    qtbot.waitUntil(lambda: len(window.session.spec.closed) == 1)
    assert form.closures.count() == 1
    assert not form.remove_closure.isEnabled()  # added, but not selected
    form.closures.setFocus(Qt.FocusReason.OtherFocusReason)
    form.closures.setCurrentRow(0)
    assert form.remove_closure.isEnabled()
    form.closures.clearSelection()
    assert not form.remove_closure.isEnabled()
    form.closures.setCurrentRow(0)
    QTest.mouseClick(form.remove_closure, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.session.spec.closed == ())
    assert form.closures.count() == 0
    assert not form.remove_closure.isEnabled()  # the last one went: the list is empty again


def test_a_loaded_course_with_closures_starts_with_remove_disabled(qtbot, monkeypatch):
    course = replace(COURSE, closed=((date(2026, 12, 24), "Staff training"),))
    window = open_window(qtbot, monkeypatch, course)
    form = window.form
    assert form.closures.count() == 1
    assert not form.remove_closure.isEnabled()
    form.closures.setCurrentRow(0)
    assert form.remove_closure.isEnabled()
    window.session.reset(COURSE, None)  # another course, without closures, replaces the list
    qtbot.waitUntil(lambda: form.closures.count() == 0)
    assert not form.remove_closure.isEnabled()
