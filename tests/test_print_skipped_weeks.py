"""The printed week and the course at a glance say where they pass over weeks with no appointment ('No
appointments from Mon 14 Dec 2026 to Sun 27 Dec 2026 (2 weeks)'): a gap between phases or a follow-up weeks
later was skipped without a word, and a patient could take it for a page gone missing."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from PySide6.QtGui import QPageSize

from planner.core.course import Adjustments, MissedSession, Phase
from planner.core.kinds import Pattern
from planner.ui.printing import GlanceDocument, WeekDocument, course_weeks, pdf_bytes

from .helpers import plan
from .test_printing import context, pages_text

PHASE_GAP = "No appointments from Mon 14 Dec 2026 to Sun 27 Dec 2026 (2 weeks)"
BEFORE_FOLLOW_UP = "No appointments from Mon 11 Jan 2027 to Sun 31 Jan 2027 (3 weeks)"


def boost_after_a_gap(catalogue):
    """15 fractions, two weeks free, a 5-fraction boost across Christmas, a follow-up four weeks later."""
    return plan(catalogue, site="breast", fractions=15, start=date(2026, 11, 23), at=time(9, 0), tz="Europe/London",
                holidays="GB-ENG", later_phases=(Phase(5, Pattern.DAILY, 20),), phase_gap_days=14, review_weekday=1,
                simulation=datetime(2026, 11, 16, 10, 0), follow_up_weeks=4)


@pytest.mark.parametrize("discreet", [False, True])
def test_each_week_page_after_a_gap_names_the_weeks_passed_over(qapp, catalogue, discreet):
    schedule = boost_after_a_gap(catalogue)
    mondays = course_weeks(schedule)
    texts = pages_text(pdf_bytes(WeekDocument(context(catalogue, schedule, discreet=discreet), mondays),
                                 QPageSize.PageSizeId.A4, "t"))
    said = {mondays[index]: [line for line in (PHASE_GAP, BEFORE_FOLLOW_UP) if line in text] for index, text in enumerate(texts)}
    assert said[date(2026, 12, 28)] == [PHASE_GAP]  # the boost's first week, after the gap
    assert said[date(2027, 2, 1)] == [BEFORE_FOLLOW_UP]  # the follow-up's week
    assert all(not lines for monday, lines in said.items() if monday not in (date(2026, 12, 28), date(2027, 2, 1)))
    assert sum(text.count("No appointments") for text in texts) == 2


def test_weeks_left_out_of_a_chosen_range_are_not_called_empty(qapp, catalogue):
    schedule = boost_after_a_gap(catalogue)
    mondays = course_weeks(schedule)
    chosen = [mondays[0], mondays[3]]  # the weeks between hold treatment: only left out of this print
    texts = pages_text(pdf_bytes(WeekDocument(context(catalogue, schedule), chosen), QPageSize.PageSizeId.A4, "t"))
    assert not any("No appointments" in text for text in texts)


def test_the_glance_says_the_gap_between_the_weeks_around_it(qapp, catalogue):
    schedule = boost_after_a_gap(catalogue)
    text = " ".join(pages_text(pdf_bytes(GlanceDocument(context(catalogue, schedule), course_weeks(schedule)),
                                         QPageSize.PageSizeId.A4, "t")))
    assert text.count("No appointments") == 2
    assert text.index("Fri 11 Dec") < text.index(PHASE_GAP) < text.index("Mon 28 Dec")
    assert text.index("Sun 10 Jan") < text.index(BEFORE_FOLLOW_UP) < text.index("Mon 1 Feb")


def test_a_week_holding_only_a_missed_session_is_printed_not_called_empty(qapp, catalogue):
    # Weekly on Fridays; the patient missed Fri 11 Dec, made up on Mon 14 Dec: that week holds the missed session alone.
    schedule = plan(catalogue, site="lung", fractions=5, pattern=Pattern.WEEKLY, start=date(2026, 11, 27), tz="UTC",
                    adjustments=Adjustments().with_missed(MissedSession(date(2026, 12, 11))))
    assert date(2026, 12, 7) in course_weeks(schedule)
    week = pages_text(pdf_bytes(WeekDocument(context(catalogue, schedule), [date(2026, 12, 7)]), QPageSize.PageSizeId.A4, "t"))
    assert "Missed" in week[0] and "3 of 5" in week[0]
    glance = " ".join(pages_text(pdf_bytes(GlanceDocument(context(catalogue, schedule), course_weeks(schedule)),
                                           QPageSize.PageSizeId.A4, "t")))
    assert "No appointments" not in glance and "Fri 11 Dec" in glance
