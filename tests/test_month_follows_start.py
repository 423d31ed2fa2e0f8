"""The month view follows the first fraction when its date is changed in the form."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate

from planner.core.spec import CourseSpec
from tests.window_helpers import open_window


def test_the_month_view_moves_to_a_changed_start_date(qtbot, monkeypatch):
    window = open_window(qtbot, monkeypatch, CourseSpec(patient_name="Alex Example", patient_id="RX-1", site="prostate",
                                                        fractions=20, start=date(2026, 12, 7), tz="America/New_York",
                                                        holidays="US-NY"))
    window.tabs.setCurrentIndex(2)
    month = window.month.view
    assert (month.yearShown(), month.monthShown()) == (2026, 12)
    window.form.start.setDate(QDate(2027, 3, 8))
    qtbot.waitUntil(lambda: window.session.schedule.first_fraction.start.date() == date(2027, 3, 8))
    assert (month.yearShown(), month.monthShown()) == (2027, 3)
    assert month.selectedDate() == QDate(2027, 3, 8)
    month.setCurrentPage(2027, 5)  # the user browses on; a change that keeps the start leaves the page alone
    window.form.follow_up.setValue(window.form.follow_up.value() + 1)
    qtbot.waitUntil(lambda: window.session.spec.follow_up_weeks == window.form.follow_up.value())
    assert (month.yearShown(), month.monthShown()) == (2027, 5)
