"""The course at a glance shows every appointment of a full day: a twice-daily course in two phases with a
review and two missed sessions ran out of room and said '…more on the sheet', a sheet the patient may never
have been given. A week that needs it now gets a taller row (fewer weeks on that page)."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from PySide6.QtGui import QPageSize

from planner.core.course import Adjustments, MakeUp, MissedSession, Phase
from planner.core.kinds import Pattern
from planner.ui.printing import GlanceDocument, course_weeks, pdf_bytes

from .helpers import plan
from .test_printing import context, pages_text


def full_days(catalogue):
    return plan(catalogue, site="lung", fractions=30, pattern=Pattern.TWICE_DAILY, start=date(2026, 11, 23), at=time(7, 0),
                second_time=time(14, 30), minutes=30, tz="Europe/London", holidays="GB-ENG", days=frozenset(range(6)),
                later_phases=(Phase(6, Pattern.TWICE_DAILY, 30),), review_weekday=1,
                simulation=datetime(2026, 11, 16, 10, 0), follow_up_weeks=6,
                adjustments=Adjustments(missed=(MissedSession(date(2026, 11, 24), MakeUp.END),)))


@pytest.mark.parametrize("paper", [QPageSize.PageSizeId.A4, QPageSize.PageSizeId.Letter])
@pytest.mark.parametrize("discreet", [False, True])
def test_every_appointment_is_on_the_glance_and_none_is_sent_elsewhere(qapp, catalogue, paper, discreet):
    schedule = full_days(catalogue)
    document = GlanceDocument(context(catalogue, schedule, discreet=discreet), course_weeks(schedule))
    texts = pages_text(pdf_bytes(document, paper, "t"))
    text = " ".join(texts)
    assert "more" not in text and "sheet" not in text
    total = len(schedule.fractions)
    for fraction in schedule.fractions:
        assert f"{fraction.number} of {total}" in text, fraction.number
    assert text.count("Missed") == len(schedule.missed) > 0
    assert text.count("(week") == sum(1 for a in schedule.appointments if a.kind.value == "review") or discreet
    for number, page in enumerate(texts, start=1):
        assert f"Page {number} of {len(texts)}" in page


def test_a_day_taller_than_a_page_says_how_many_are_left_out_and_whom_to_ask(qapp, catalogue, monkeypatch):
    schedule = full_days(catalogue)
    box_lines = GlanceDocument.box_lines

    def tall(self, canvas, appointment, width):  # each box as tall as a third of the page: no row holds three
        lines = box_lines(self, canvas, appointment, width)
        return lines + [lines[-1]] * 18

    monkeypatch.setattr(GlanceDocument, "box_lines", tall)
    text = " ".join(pages_text(pdf_bytes(GlanceDocument(context(catalogue, schedule), course_weeks(schedule)),
                                         QPageSize.PageSizeId.A4, "t")))
    assert "sheet" not in text
    assert "more: ask the clinic" in text or "more this day, not shown: ask the clinic" in text
