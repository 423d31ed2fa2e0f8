"""The course at a glance on A4 portrait: day headings and session times are shortened, never cut."""

from __future__ import annotations

import re
from datetime import date

from PySide6.QtGui import QPageSize

from planner.ui.printing import course_weeks, pdf_bytes
from planner.ui.printing.canvas import Canvas
from planner.ui.printing.glance import GlanceDocument

from .helpers import plan
from .test_printing import context


def test_day_headings_and_times_fit_their_narrow_columns(qapp, catalogue, monkeypatch):
    # Seven columns on A4 portrait printed "Wed 16 …", "Thu 10 D…" and "09:00–09…".
    schedule = plan(catalogue, site="prostate", fractions=20, start=date(2026, 12, 7), tz="Europe/London", holidays="GB-ENG")
    drawn: list[str] = []
    text = Canvas.text
    monkeypatch.setattr(Canvas, "text", lambda self, rect, value, *args, **kwargs: (drawn.append(value),
                                                                                      text(self, rect, value, *args, **kwargs)))
    pdf_bytes(GlanceDocument(context(catalogue, schedule), course_weeks(schedule)), QPageSize.PageSizeId.A4, "t")
    headings = [t for t in drawn if re.match(r"(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d", t)]
    times = [t for t in drawn if re.match(r"\d\d:\d\d", t)]
    assert len(headings) >= 28 and len(times) == 20
    assert not [t for t in headings + times if "…" in t]
    assert "Wed 16" in headings and "09:00" in times[0]
