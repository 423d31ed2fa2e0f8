"""A course opened while the list is shown: the week view, once shown, has the first appointment in sight."""

from __future__ import annotations

from datetime import date, time

from PySide6.QtWidgets import QApplication

from planner.core.kinds import AppointmentKey
from planner.core.spec import CourseSpec
from planner.store.course_file import save_course
from tests.window_helpers import open_window


def test_an_afternoon_course_opened_from_the_list_shows_its_first_session_in_the_week(qtbot, monkeypatch, tmp_path):
    # The scroll was asked for while the week tab was hidden and was cut to the hidden view's range:
    # a 16:40 course showed an empty morning.
    morning = CourseSpec(patient_name="Alex Example", patient_id="RX-1", site="prostate", fractions=20, start=date(2026, 12, 7),
                         tz="America/New_York")
    window = open_window(qtbot, monkeypatch, morning, size=(1024, 700))
    afternoon = CourseSpec(patient_name="Bea Example", patient_id="RX-2", site="breast", fractions=15, start=date(2027, 3, 1),
                           time=time(16, 40), tz="America/New_York", holidays="US-NY")
    path = tmp_path / "afternoon.igrt.json"
    save_course(afternoon, path)
    assert window.tabs.currentIndex() == 0
    assert window.open_path(path)
    window.tabs.setCurrentIndex(1)
    QApplication.processEvents()
    rect = window.week.view.block_rect(AppointmentKey.fraction(1))
    assert rect is not None
    shown_from = window.week.scroll.verticalScrollBar().value()
    shown_to = shown_from + window.week.scroll.viewport().height()
    assert shown_from <= rect.top() and rect.bottom() <= shown_to
