"""One date format throughout the window: the notices, pushed-day reasons and adjustment lines the
core and the wording build read like the window's own dates ('Mon 7 Dec 2026'), never ISO."""

from __future__ import annotations

import re
from datetime import date, datetime

import pytest

from planner.core.clinic import ClinicCalendar
from planner.core.course import Adjustments, MakeUp, MissedSession, Move
from planner.core.dates import day_text, moment_text, short_day_text
from planner.core.kinds import AppointmentKey
from planner.core.limits import date_out_of_range
from planner.core.spec import CourseSpec
from planner.ui.formats import day_text as window_day_text
from tests.window_helpers import open_window

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

COURSE = CourseSpec(patient_name="Alex Example", patient_id="RX-1", site="prostate", preset="20-daily", fractions=20,
                    start=date(2026, 12, 7), tz="America/New_York", holidays="US-NY",
                    closed=((date(2026, 12, 8), "Linac service"),),
                    adjustments=Adjustments(
                        moves=(Move(AppointmentKey.fraction(3), datetime(2026, 12, 10, 13, 15)),),
                        missed=(MissedSession(date(2026, 12, 11), MakeUp.WEEKEND, datetime(2026, 12, 12, 9, 0)),)))


def test_the_words_are_english_without_a_leading_zero_whatever_the_locale():
    assert day_text(date(2026, 12, 7)) == "Mon 7 Dec 2026"
    assert short_day_text(date(2027, 1, 3)) == "Sun 3 Jan"
    assert moment_text(datetime(2026, 3, 8, 9, 5)) == "Sun 8 Mar 2026 09:05"
    assert window_day_text(date(2026, 12, 7)) == day_text(date(2026, 12, 7))


def test_the_core_says_why_a_day_is_not_open_in_the_windows_words():
    calendar = ClinicCalendar(closures={date(2026, 12, 8): "Linac service"})
    assert calendar.why_not_open(date(2026, 12, 6)) == "Sun 6 Dec 2026 is not a treatment day (no treatment on Sundays)"
    assert calendar.why_not_open(date(2026, 12, 8)) == "Tue 8 Dec 2026 is closed: clinic closure (Linac service)"
    assert date_out_of_range(date(1800, 1, 1)) is not None
    assert not ISO_DATE.search(date_out_of_range(date(1800, 1, 1)) or "")


@pytest.fixture
def window(qtbot, monkeypatch):
    return open_window(qtbot, monkeypatch, COURSE)


def test_summary_notices_and_adjustments_show_no_iso_date(window):
    notices, summary = window.notices.text(), window.summary.text()
    lines = [window.form.adjustments.list.item(i).text() for i in range(window.form.adjustments.list.count())]
    assert "Tue 8 Dec 2026" in notices and "Linac service" in notices  # the closure pushed a fraction
    assert "made up by a weekend session on Sat 12 Dec 2026 09:00" in notices
    assert any("moved to Thu 10 Dec 2026 13:15" in line for line in lines)
    assert any(line.startswith("Missed on Fri 11 Dec 2026: weekend make-up on Sat 12 Dec 2026 09:00") for line in lines)
    for text in (notices, summary, *lines):
        assert not ISO_DATE.search(text), text

