"""The form's scroll area shows the field that takes the keyboard focus, however it got there."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QScrollArea, QWidget

from planner.core.spec import CourseSpec
from tests.window_helpers import open_window

COURSE = CourseSpec(patient_name="Alex Example", patient_id="RX-1", site="prostate", fractions=20,
                    start=date(2026, 12, 7), tz="America/New_York")


def _scroll_area(window) -> QScrollArea:
    area = window.form.parentWidget().parentWidget()
    assert isinstance(area, QScrollArea)
    return area


def _in_view(area: QScrollArea, widget: QWidget) -> bool:
    """The whole of `widget` lies inside the scroll area's viewport."""
    viewport = area.viewport()
    top_left = widget.mapTo(viewport, QPoint(0, 0))
    return viewport.rect().contains(QRect(top_left, widget.size()))


def test_the_planning_scan_mnemonic_scrolls_its_box_into_view(qtbot, monkeypatch):
    window = open_window(qtbot, monkeypatch, COURSE, size=(1024, 700))
    area = _scroll_area(window)
    box = window.form.has_simulation
    area.verticalScrollBar().setValue(0)
    window.form.patient_name.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.waitUntil(lambda: window.form.patient_name.hasFocus())
    assert not _in_view(area, box)  # the small window: the box starts below the fold
    ticked = box.isChecked()
    QTest.keyClick(window, Qt.Key.Key_P, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: box.isChecked() != ticked)  # Qt's convention: the mnemonic toggles a check box
    assert box.hasFocus()
    assert _in_view(area, box)


def test_a_field_given_the_focus_by_the_program_is_scrolled_into_view(qtbot, monkeypatch):
    window = open_window(qtbot, monkeypatch, COURSE, size=(1024, 700))
    area = _scroll_area(window)
    form = window.form
    area.verticalScrollBar().setValue(0)
    assert not _in_view(area, form.closures)
    form.closures.setFocus(Qt.FocusReason.ShortcutFocusReason)
    qtbot.waitUntil(lambda: form.closures.hasFocus())
    assert _in_view(area, form.closures)
    area.verticalScrollBar().setValue(area.verticalScrollBar().maximum())
    assert not _in_view(area, form.patient_name)
    form.patient_name.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.waitUntil(lambda: form.patient_name.hasFocus())
    assert _in_view(area, form.patient_name)  # and back up again
