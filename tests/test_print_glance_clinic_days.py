"""The course at a glance printed with Days "The clinic's treatment days" has a column for each day the clinic
treats (found by a fresh-eyes coordinator: Saturday and Sunday were printed for a Monday-to-Friday clinic): Monday
to Friday where the clinic treats on no other day and no appointment falls on a weekend, else the whole week."""

from __future__ import annotations

from datetime import date, time

from planner.ui.printing import GlanceDocument, course_weeks
from tests.helpers import plan
from tests.test_printing import context


def test_a_weekday_clinic_prints_five_columns_a_saturday_clinic_seven(qapp, catalogue):
    weekdays = plan(catalogue, fractions=5, start=date(2026, 11, 23), at=time(9, 0))
    assert GlanceDocument(context(catalogue, weekdays), course_weeks(weekdays), None).week_days == 5
    saturdays = plan(catalogue, fractions=6, start=date(2026, 11, 23), at=time(9, 0), days=frozenset(range(6)))
    assert GlanceDocument(context(catalogue, saturdays), course_weeks(saturdays), None).week_days == 7
    assert GlanceDocument(context(catalogue, weekdays), course_weeks(weekdays), 7).week_days == 7  # asked for: kept


def test_a_weekend_appointment_of_a_weekday_clinic_keeps_the_weekend_columns(qapp, catalogue):
    from datetime import datetime

    from planner.core.course import Adjustments, MakeUp, MissedSession

    made_up = plan(catalogue, fractions=5, start=date(2026, 11, 23), at=time(9, 0),
                   adjustments=Adjustments(missed=(MissedSession(date(2026, 11, 25), MakeUp.WEEKEND,
                                                                 datetime(2026, 11, 28, 9, 0)),)))
    assert any(a.start.weekday() == 5 for a in made_up.fractions)
    assert GlanceDocument(context(catalogue, made_up), course_weeks(made_up), None).week_days == 7
