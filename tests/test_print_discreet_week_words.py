"""A discreet weekly view tells the patient which preparation goes with which appointment without
naming the treatment: the fractions' preparation is "before each numbered appointment" (as on the
course sheet), and its legend names the numbered appointments and the others once each, instead of
three swatches all labelled "Appointment" and two different "Before each appointment" lines."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from PySide6.QtGui import QPageSize

from planner.ui.printing import WeekDocument, course_weeks, pdf_bytes

from .helpers import plan
from .test_printing import context, pages_text


def test_the_discreet_week_says_which_preparation_is_for_the_numbered_appointments(qapp, catalogue):
    schedule = plan(catalogue, site="prostate", fractions=20, start=date(2026, 11, 23), at=time(8, 30), tz="America/New_York",
                    holidays="US-NY", simulation=datetime(2026, 11, 16, 10, 0), review_weekday=1, follow_up_weeks=6)
    week = WeekDocument(context(catalogue, schedule, discreet=True, location="Level -1"), course_weeks(schedule))
    first_full_week = week.preparation_lines(date(2026, 11, 23))  # its review, straight after a session, has none of its own
    assert [line.split(":")[0] for line in first_full_week] == ["Before each numbered appointment"]
    assert "drink" in first_full_week[0]
    (follow_up,) = week.preparation_lines(schedule.appointments[-1].start.date() - timedelta(days=schedule.appointments[-1].start.weekday()))
    assert follow_up.startswith("Before each appointment: ") and "drink" not in follow_up
    pages = pages_text(pdf_bytes(week, QPageSize.PageSizeId.A4, "t"))
    text = " ".join(pages)
    page = pages[1]  # the first week of fractions, with a review
    assert page.count("Numbered appointment") == 1 and page.count("Other appointment") == 1
    assert "Appointment Appointment" not in page
    lowered = text.lower()
    for word in ("treatment", "radiotherapy", "prostate", "planning scan", "review"):
        assert word not in lowered, word
