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
    assert "09:00" in times[0]
    # Each week's row reads alike: every day with its month ("Wed 16 Dec"), in a font small enough for
    # the widest; no row mixes "Mon 14" with "Tue 15 Dec".
    assert "Wed 16 Dec" in headings and all(re.fullmatch(r"\w{3} \d{1,2} \w{3}", t) for t in headings)


def test_a_row_too_narrow_for_the_month_at_8_points_drops_it_from_every_day(qapp):
    from planner.ui.printing.canvas import BODY_PT
    from planner.ui.printing.glance import heading_labels

    days = [date(2026, 11, 16 + i) for i in range(7)]
    canvas = Canvas.__new__(Canvas)
    widths = {BODY_PT: 60.0, BODY_PT - 1: 55.0, BODY_PT - 2: 50.0, BODY_PT - 3: 45.0}
    canvas.font = lambda points, bold=False: points  # type: ignore[method-assign,assignment,misc]
    canvas.text_width = lambda text, font: widths[font] * len(text) / 10  # type: ignore[method-assign,assignment,misc]
    labels, font = heading_labels(canvas, days, 45.0)  # "Mon 16 Nov" (10 characters) fits at 8 pt only
    assert labels[0] == "Mon 16 Nov" and font == BODY_PT - 3
    labels, font = heading_labels(canvas, days, 40.0)
    assert labels == ["Mon 16", "Tue 17", "Wed 18", "Thu 19", "Fri 20", "Sat 21", "Sun 22"] and font == BODY_PT
