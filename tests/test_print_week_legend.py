"""The week's legend says what its page shows: the kinds of appointment of that week, and 'Clinic closed' on a week
with a closed day. It listed every kind of the course: 'Planning scan' on weeks with no scan."""

from __future__ import annotations

import io
import re
from datetime import date, datetime, time

import pytest
from pypdf import PdfReader
from PySide6.QtGui import QPageSize

from planner.ui.printing import WeekDocument, course_weeks, pdf_bytes

from .helpers import plan
from .test_printing import context

LABELS = {"Planning scan", "Radiotherapy", "Review", "Follow-up", "Clinic closed", "Numbered appointment", "Other appointment"}
DAY_HEADING = re.compile(r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d+ \w+$")


def legend_of(data: bytes, index: int) -> set[str]:
    """The legend's words on page `index`: the labels printed above the days' headings (a block below them may say
    'Radiotherapy' too)."""
    runs: list[tuple[float, str]] = []

    def visit(text, cm, tm, font_dict, font_size):
        if text.strip():
            runs.append((cm[5] + tm[5] * cm[3], " ".join(text.split())))

    PdfReader(io.BytesIO(data)).pages[index].extract_text(visitor_text=visit)
    days_top = max(y for y, text in runs if DAY_HEADING.match(text))
    return {text for y, text in runs if text in LABELS and y > days_top}


def legends(catalogue, schedule, discreet: bool) -> dict[date, set[str]]:
    """Each week's legend, by its Monday."""
    mondays = course_weeks(schedule)
    ctx = context(catalogue, schedule, discreet=discreet, location="Level -1")
    data = pdf_bytes(WeekDocument(ctx, mondays), QPageSize.PageSizeId.A4, "t")
    return {monday: legend_of(data, index) for index, monday in enumerate(mondays)}


def course(catalogue, start: date, tz: str, holidays: str):
    """15 daily sessions from `start`, the planning scan the week before, a review each Tuesday, a follow-up 6 weeks on."""
    scan = date.fromordinal(start.toordinal() - 7)
    return plan(catalogue, site="head-neck", fractions=15, start=start, at=time(8, 30), tz=tz, holidays=holidays,
                simulation=datetime(scan.year, scan.month, scan.day, 10, 0), review_weekday=1, follow_up_weeks=6)


def test_each_week_lists_the_kinds_it_shows_and_a_closed_day_only_where_there_is_one(qapp, catalogue):
    schedule = course(catalogue, date(2026, 11, 16), "America/New_York", "US")  # Veterans Day, Thanksgiving closed
    pages = legends(catalogue, schedule, discreet=False)
    assert pages[date(2026, 11, 9)] == {"Planning scan", "Clinic closed"}  # the scan's week, Veterans Day on Wednesday
    assert pages[date(2026, 11, 16)] == {"Radiotherapy", "Review"}
    assert pages[date(2026, 11, 23)] == {"Radiotherapy", "Review", "Clinic closed"}  # Thanksgiving
    assert pages[max(pages)] == {"Follow-up", "Clinic closed"}  # Martin Luther King Day, Mon 18 Jan 2027
    assert pages[date(2026, 11, 30)] == {"Radiotherapy", "Review"}


@pytest.mark.parametrize("start, zone, holidays", [
    (date(2026, 3, 30), "Europe/London", "GB"),  # the scan in the week the clocks go forward (Sun 29 Mar)
    (date(2026, 3, 23), "Europe/Berlin", "DE"),  # the first sessions in that week
    (date(2026, 10, 26), "Europe/London", "GB"),  # the scan in the week they go back (Sun 25 Oct)
    (date(2026, 10, 19), "Europe/Paris", "FR"),  # the first sessions in that week
])
def test_at_the_clock_changes_and_discreet_the_legend_still_says_only_what_the_week_shows(qapp, catalogue, start, zone, holidays):
    schedule = course(catalogue, start, zone, holidays)
    for discreet in (False, True):
        pages = legends(catalogue, schedule, discreet)
        scan_week, *_ = pages
        if discreet:  # no treatment named: the fractions are the numbered appointments, the rest other appointments
            assert pages[scan_week] - {"Clinic closed"} == {"Other appointment"}
            assert pages[max(pages)] - {"Clinic closed"} == {"Other appointment"}
            assert all(not label & {"Planning scan", "Radiotherapy", "Review", "Follow-up"} for label in pages.values())
        else:
            assert pages[scan_week] - {"Clinic closed"} == {"Planning scan"}
            assert all("Planning scan" not in label for monday, label in pages.items() if monday != scan_week)
            assert pages[max(pages)] - {"Clinic closed"} == {"Follow-up"}
        assert {"Numbered appointment" if discreet else "Radiotherapy"} <= pages[start]
