"""The mouse wheel over the course form scrolls the form: a spin box or list the pointer passes over keeps its
value and does not take the focus; once the coordinator has clicked into it (or tabbed to it), the wheel changes it."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QComboBox, QScrollArea, QSpinBox, QVBoxLayout, QWidget

from planner.core.spec import CourseSpec
from planner.ui.wheel_guard import WheelOnlyWhenFocused, guard_wheel
from tests.window_helpers import open_window

COURSE = CourseSpec(patient_name="Alex Example", patient_id="RX-1", site="prostate", fractions=20, start=date(2026, 12, 7),
                    tz="America/New_York")
DOWN = QPoint(0, -120)  # one notch towards the user: scrolls down, counts down


def turn_wheel(widget: QWidget, notch: QPoint = DOWN) -> QWheelEvent:
    centre = QPointF(widget.rect().center())
    event = QWheelEvent(centre, QPointF(widget.mapToGlobal(widget.rect().center())), QPoint(), notch,
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(widget, event)
    return event


@pytest.fixture
def window(qtbot, monkeypatch):
    win = open_window(qtbot, monkeypatch, COURSE, (1024, 700))  # the form taller than its pane: it scrolls
    win.activateWindow()
    return win


def form_area(window) -> QScrollArea:
    area = window.form.parentWidget().parentWidget()
    assert isinstance(area, QScrollArea)
    return area


def test_every_spin_box_and_list_of_the_form_takes_focus_by_click_or_tab_only(window):
    fields = [w for w in window.form.findChildren(QWidget) if isinstance(w, (QAbstractSpinBox, QComboBox))]
    assert len(fields) >= 12
    assert all(field.focusPolicy() == Qt.FocusPolicy.StrongFocus for field in fields), [
        type(f).__name__ for f in fields if f.focusPolicy() != Qt.FocusPolicy.StrongFocus]


@pytest.mark.parametrize("name", ["count", "duration", "pattern", "review_day", "time"])
def test_the_wheel_over_an_unfocused_field_scrolls_the_form_and_leaves_the_field(qtbot, window, name):
    form = window.form
    field = getattr(form, name)
    area = form_area(window)
    bar = area.verticalScrollBar()
    assert bar.maximum() > 0, "the form must be taller than its pane at 1024x700"
    form.patient_name.setFocus()
    bar.setValue(0)
    value = field.currentIndex() if isinstance(field, QComboBox) else field.text()
    turn_wheel(field)
    assert (field.currentIndex() if isinstance(field, QComboBox) else field.text()) == value
    assert not field.hasFocus() and form.patient_name.hasFocus()
    assert bar.value() > 0  # the page scrolled down


def test_the_wheel_changes_the_field_that_has_the_focus(qtbot, window):
    count = window.form.count
    count.setFocus()
    qtbot.waitUntil(count.hasFocus)
    before = count.value()
    turn_wheel(count, QPoint(0, 120))
    assert count.value() == before + 1
    review = window.form.review_day
    review.setFocus()
    qtbot.waitUntil(review.hasFocus)
    index = review.currentIndex()
    turn_wheel(review)
    assert review.currentIndex() == index + 1


def test_outside_a_scroll_area_the_unfocused_field_hands_the_wheel_on(qtbot):
    holder = QWidget()
    qtbot.addWidget(holder)
    spin = QSpinBox(holder)
    spin.setValue(5)
    QVBoxLayout(holder).addWidget(spin)
    guard = WheelOnlyWhenFocused(holder)
    guard_wheel(holder, guard)
    holder.show()
    event = turn_wheel(spin)
    assert spin.value() == 5 and not event.isAccepted()
    assert event.type() == QEvent.Type.Wheel
