"""The window on a laptop screen: it fits, the form and the week view scroll, errors come into view."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtWidgets import QScrollArea

from planner.core.kinds import AppointmentKey, AppointmentKind
from planner.core.spec import CourseSpec
from planner.store.course_file import save_course
from planner.ui.month_view import LEGEND
from planner.ui.week_view import HEADER, MIN_HOUR_HEIGHT
from tests.window_helpers import open_window

COURSE = CourseSpec(patient_name="Alex Example", patient_id="RX-1", site="prostate", fractions=20, start=date(2026, 12, 7),
                    tz="America/New_York", holidays="US-NY", review_day=1, follow_up_weeks=4)


@pytest.fixture
def window(qtbot, monkeypatch):
    return open_window(qtbot, monkeypatch, COURSE)


@pytest.mark.parametrize("size", [(1366, 768), (1024, 700)])
def test_the_whole_window_fits_a_laptop_screen_with_every_tab_opened(window, size):
    for index in (1, 2, 0):
        window.tabs.setCurrentIndex(index)
    hint = window.minimumSizeHint()
    assert hint.width() <= size[0] and hint.height() <= size[1] - 40, hint  # 40 px for the title bar
    window.resize(*size)
    assert (window.width(), window.height()) == size


def test_the_form_scrolls_when_taller_than_the_window(window):
    window.resize(1024, 700)
    scroll = window.form.parentWidget().parentWidget()
    assert isinstance(scroll, QScrollArea)
    assert scroll.verticalScrollBar().maximum() > 0


def test_a_field_with_an_error_comes_into_view_and_the_summary_names_it(window):
    window.resize(1024, 600)
    scroll = window.form.parentWidget().parentWidget()
    scroll.verticalScrollBar().setValue(0)
    form = window.form
    form.has_simulation.setChecked(True)
    scroll.verticalScrollBar().setValue(0)
    form.simulation.setDate(form.start.date().addDays(3))  # after the first fraction
    error = form.errors["simulation"]
    assert error.isVisible() and not error.visibleRegion().isEmpty()
    assert scroll.verticalScrollBar().value() > 0
    assert window.summary.text().startswith("No schedule. Planning scan: ")
    assert error.text().startswith("The planning scan must be before the first fraction")


def test_the_week_view_scrolls_with_a_readable_hour_height(window):
    window.resize(1024, 700)
    window.tabs.setCurrentIndex(1)
    view = window.week.view
    assert view._per_hour >= MIN_HOUR_HEIGHT
    assert view.height() > window.week.scroll.viewport().height()
    rect = view.block_rect(AppointmentKey.fraction(1))
    assert rect is not None and rect.height() >= 2 * view.fontMetrics().height()


def test_a_block_can_be_dragged_to_any_hour_of_the_clinics_day(window, qtbot):
    window.resize(1024, 700)
    window.tabs.setCurrentIndex(1)
    window.week.go(date(2026, 12, 7))
    view = window.week.view
    rect = view.block_rect(AppointmentKey.fraction(2))
    assert rect is not None
    target_y = HEADER + (17.0 - view._first_hour) * view._per_hour  # 17:00, far below the visible part
    start = rect.center().toPoint()
    end = QPoint(start.x(), int(target_y + (rect.center().y() - rect.top())))
    qtbot.mousePress(view, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(view, end)
    qtbot.mouseRelease(view, Qt.MouseButton.LeftButton, pos=end)
    moved = window.session.schedule.find(AppointmentKey.fraction(2))
    assert moved.start.date() == date(2026, 12, 8)
    assert abs((moved.start.replace(tzinfo=None) - datetime(2026, 12, 8, 17, 0)).total_seconds()) <= 5 * 60
    assert view.moment_at(QPointF(rect.center().x(), 5)).hour >= 7  # never before the clinic's day


def test_after_new_or_open_the_views_show_the_courses_first_week(window, tmp_path):
    window.tabs.setCurrentIndex(1)
    window.tabs.setCurrentIndex(2)
    window.week.go(date(2027, 3, 1))
    window.month.view.setCurrentPage(2027, 3)
    later = COURSE.updated(start=date(2027, 1, 11))
    path = tmp_path / "later.igrt.json"
    save_course(later, path)
    assert window.open_path(path)
    assert window.week.view.monday == date(2027, 1, 11)
    assert (window.month.view.yearShown(), window.month.view.monthShown()) == (2027, 1)
    window.week.go(date(2027, 3, 1))
    window.new_course()
    first = window.session.schedule.first_fraction.start.date()
    assert window.week.view.monday <= first < window.week.view.monday + timedelta(days=7)


def test_the_month_view_has_a_legend_and_marks_reviews_apart_from_fractions(window):
    window.tabs.setCurrentIndex(2)
    texts = " ".join(label.text() for label in window.month.words).replace("\u00a0", " ")  # placed under its sideways scroll
    for _kind, mark, label in LEGEND:
        assert f"<b>{mark}</b> {label}" in texts
    review_day = window.session.schedule.find(AppointmentKey(AppointmentKind.REVIEW, 1)).start.date()
    tip = window.month.view.dateTextFormat()[
        next(d for d in window.month.view.dateTextFormat() if d.toPython() == review_day)].toolTip()
    assert "On-treatment review" in tip and "Radiotherapy" in tip


def test_narrow_week_columns_keep_the_fractions_number_readable(window):
    from planner.ui.week_view import block_label

    fraction = window.session.schedule.find(AppointmentKey.fraction(7))
    assert block_label(fraction, 1, "") == "09:00 Radiotherapy 7 of 20"
    assert block_label(fraction, 1, "moved", narrow=True) == "09:00 Fraction 7/20 (moved)"
