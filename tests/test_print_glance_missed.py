"""The course at a glance says a missed session on its day ("Missed", its time, what it was), crossed out as the
week print draws it: the day was blank on the glance while the week print and the sheet said it."""

from __future__ import annotations

from datetime import date, time

from PySide6.QtGui import QPageSize

from planner.core.course import Adjustments, MakeUp, MissedSession
from planner.ui.printing import GlanceDocument, course_weeks, pdf_bytes
from tests.helpers import plan
from tests.test_printing import context, pages_text


def test_a_missed_session_is_said_on_its_day(qapp, catalogue):
    missed = plan(catalogue, fractions=5, start=date(2026, 11, 23), at=time(9, 0), tz="Europe/London",
                  adjustments=Adjustments(missed=(MissedSession(date(2026, 11, 25), MakeUp.END),)))
    assert [a.start.date() for a in missed.missed] == [date(2026, 11, 25)]
    ctx = context(catalogue, missed)
    (page,) = pages_text(pdf_bytes(GlanceDocument(ctx, course_weeks(missed)), QPageSize.PageSizeId.A4, "t"))
    wednesday = page.split("Wed 25")[1].split("Thu 26")[0]
    assert wednesday.strip().startswith("Nov Missed 09:00") and "3 of 5" in wednesday  # the start whole, where the end does not fit
    assert "Missed" not in page.split("Wed 25")[0]  # no other day says it
    discreet = context(catalogue, missed, discreet=True)
    (page,) = pages_text(pdf_bytes(GlanceDocument(discreet, course_weeks(missed)), QPageSize.PageSizeId.A4, "t"))
    assert "Wed 25 Nov Missed 09:00 Visit 3 of 5 Thu 26 Nov" in page  # in the discreet words
