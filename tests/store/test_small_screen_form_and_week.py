"""At 1024 x 700 beside the Patients list the form's least width was set by its widest rows (a later phase's
fractions, pattern and length; the seven treatment days): the preset's name was cut ('Prostate 20 fractions daily
(4 wee…'), the summary squeezed into a third of the window, and a week with a weekend session scrolled sideways, its
Saturday cut at the pane's edge. Those rows now wrap under their labels where the form is narrow, the preset too, whole;
at 1600 px the form is laid out as before, each field beside its label."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtWidgets import QLabel, QScrollArea

from planner.core.course import Adjustments, MakeUp, MissedSession
from planner.core.spec import CourseSpec, PhaseSpec
from planner.ui.result_panel import WEEK_TAB

from .test_result_head_share import make_window, settled

__all__ = ["make_window"]  # the fixture, used by name

WEEKEND_MAKE_UP = CourseSpec(patient_name="Alex Example", patient_id="RX-104233", site="head-neck", fractions=30,
                             start=date(2030, 3, 25), tz="Europe/London", phases=(PhaseSpec(5),),
                             adjustments=Adjustments(missed=(MissedSession(date(2030, 3, 27), MakeUp.WEEKEND,
                                                                           datetime(2030, 3, 30, 9, 0), "transport"),)))


def beside_its_label(window, field) -> bool:
    """Whether the form shows `field` on its label's line (else under it, the row wrapped)."""
    label = next(each for each in window.form.findChildren(QLabel)
                 if each.buddy() is field)
    return abs(label.mapTo(window.form, label.rect().center()).y() - field.mapTo(window.form, field.rect().center()).y()) < 8


def test_the_preset_name_is_whole_beside_the_patients_list(qtbot, make_window):
    window = make_window(1024, 700)
    settled()
    preset = window.form.preset
    assert preset.currentText() == "Prostate 20 fractions daily (4 weeks)"
    assert preset.shown_text() == preset.currentText()  # whole, under its label
    assert not beside_its_label(window, preset)
    country = window.form.country  # the holidays' country under its label too: its name whole, not 'United Kingdo'
    assert country.width() - 30 >= country.fontMetrics().horizontalAdvance(country.currentText())
    scroll = window.form.parentWidget()
    while not isinstance(scroll, QScrollArea):
        scroll = scroll.parentWidget()
    assert not scroll.horizontalScrollBar().isVisible()


def test_a_week_with_a_weekend_session_does_not_scroll_sideways_beside_the_patients_list(qtbot, make_window):
    window = make_window(1024, 700)
    window.courses.new_course()
    window.session.reset(WEEKEND_MAKE_UP, None)
    window.tabs.setCurrentIndex(WEEK_TAB)
    settled()
    week = window.results.week
    week.go(date(2030, 3, 25))
    settled()
    assert date(2030, 3, 30) in week.view._shown_days()  # Saturday's make-up: six days
    page = week.parentWidget()
    while not isinstance(page, QScrollArea):
        page = page.parentWidget()
    assert page.horizontalScrollBar().maximum() == 0  # the whole week in view, Saturday too
    assert week.scroll.viewport().width() >= week.view.minimumSizeHint().width()


def test_at_1600_every_field_stays_beside_its_label(qtbot, make_window):
    window = make_window(1600, 1000)
    settled()
    form = window.form
    for field in (form.preset, form.phase_rows[0][0], form.day_boxes[0], form.country):
        assert beside_its_label(window, field)
    count, pattern, length = form.phase_rows[0]
    assert count.y() == pattern.y() == length.y()  # a phase's fields on one line, sharing its width as before
    assert count.width() + pattern.width() + length.width() > 0.8 * count.parentWidget().width()
    assert len({box.y() for box in form.day_boxes}) == 1
