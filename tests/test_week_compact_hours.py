"""A short Week view (the window at 1024x700) lowers its hour rows so that a working morning is in sight,
its blocks a line tall ('09:00 1/20'); at 1600x1000 the rows keep their roomy two-line height. Resizing
keeps the hour at the top where it was."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QApplication

from planner.core.kinds import AppointmentKey, AppointmentKind
from planner.core.spec import CourseSpec
from tests.window_helpers import open_window

MORNING_HOURS = 5.0  # a working morning in sight at 1024x700 (it showed 3.1 hours)
REVIEW_1 = AppointmentKey(AppointmentKind.REVIEW, 1)
# 20-minute fractions and a 15-minute weekly review: two lines for the review made the hour 136 px tall
COURSE = CourseSpec(patient_name="Alex Example", patient_id="RX-1", site="prostate", fractions=20, start=date(2026, 12, 7),
                    tz="America/New_York", holidays="US-NY", review_day=1, follow_up_weeks=4)


def week_shown(qtbot, monkeypatch, size: tuple[int, int]):
    window = open_window(qtbot, monkeypatch, COURSE, size)
    window.tabs.setCurrentIndex(1)
    QApplication.processEvents()
    return window


def hours_in_view(window) -> float:
    return window.week.scroll.viewport().height() / window.week.view._per_hour


def in_view(window, key: AppointmentKey) -> bool:
    rect = window.week.view.block_rect(key)
    top = window.week.scroll.verticalScrollBar().value()
    return rect is not None and top + 34 <= rect.top() and rect.bottom() <= top + window.week.scroll.viewport().height()


def test_at_1024x700_a_working_morning_is_in_view_and_each_block_shows_a_line(qtbot, monkeypatch):
    window = week_shown(qtbot, monkeypatch, (1024, 700))
    view = window.week.view
    assert hours_in_view(window) >= MORNING_HOURS  # it showed 3.1 hours (08:00 to 11:05)
    line = view.fontMetrics().height()
    for key in (AppointmentKey.fraction(1), AppointmentKey.fraction(2), REVIEW_1):
        rect = view.block_rect(key)
        assert rect is not None and rect.height() >= line + 2, key
        assert in_view(window, key)  # the first appointments still in sight, with the morning above them


def test_at_1600x1000_the_hour_rows_keep_their_two_line_height(qtbot, monkeypatch):
    window = week_shown(qtbot, monkeypatch, (1600, 1000))
    view = window.week.view
    review = view.block_rect(REVIEW_1)
    assert review is not None and review.height() >= 2 * view.fontMetrics().height() + 6 - 1
    assert hours_in_view(window) >= MORNING_HOURS


def test_a_window_made_shorter_keeps_the_hour_at_the_top(qtbot, monkeypatch):
    window = week_shown(qtbot, monkeypatch, (1600, 1000))
    view, bar = window.week.view, window.week.scroll.verticalScrollBar()
    bar.setValue(view.scroll_for_hour(12.0))
    assert abs(view.hour_at_scroll(bar.value()) - 12.0) < 0.02
    roomy = view._per_hour
    window.resize(1024, 700)
    QApplication.processEvents()
    assert view._per_hour < roomy  # compact now
    assert abs(view.hour_at_scroll(bar.value()) - 12.0) < 0.02
