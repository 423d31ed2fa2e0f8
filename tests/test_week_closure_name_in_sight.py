"""A closed day's name stays in sight when the week view is scrolled to the course's sessions."""

from __future__ import annotations

from datetime import date, time

from planner.core.spec import CourseSpec
from planner.ui.week_view import HEADER
from tests.window_helpers import open_window


def test_boxing_day_is_named_in_the_part_of_the_day_shown(qtbot, monkeypatch):
    # The name was painted at the clinic's first hour (07:00) while the view opened at 08:15.
    course = CourseSpec(patient_name="Alex Example", patient_id="RX-1", site="head-neck", fractions=35, start=date(2026, 11, 30),
                        time=time(9, 15), tz="Europe/London", holidays="GB-ENG")
    window = open_window(qtbot, monkeypatch, course, size=(1600, 1000))
    window.tabs.setCurrentIndex(1)
    window.week.go(date(2026, 12, 28))
    bar = window.week.scroll.verticalScrollBar()
    assert bar.value() > 0  # scrolled to the week's first session
    view = window.week.view
    assert view.closure_label_top() >= bar.value() + HEADER
    assert view.closure_label_top() + 40 <= bar.value() + window.week.scroll.viewport().height()
