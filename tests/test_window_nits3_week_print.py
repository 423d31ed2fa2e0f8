"""The weekly print's time axis starts on a labelled hour (an 08:30 block sat above the first label, "09:00"),
and a closed day's label is drawn over the grid: no hour line runs through "Closed: Easter Monday"."""

from __future__ import annotations

from datetime import date, time

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QPageSize

from planner.ui.printing import WeekDocument, pdf_bytes
from planner.ui.printing.canvas import Canvas
from tests.helpers import plan
from tests.test_printing import context, pages_text

EASTER_WEEK = date(2027, 3, 29)  # Easter Monday (England) and a service day on the Wednesday


def easter_course(catalogue):
    return plan(catalogue, site="prostate", fractions=20, start=date(2027, 3, 25), at=time(8, 30), tz="Europe/London",
                holidays="GB-ENG", closures={date(2027, 3, 31): "Linac service"}, review_weekday=1)


@pytest.mark.parametrize("hours", [None, (7.0, 19.0)])
def test_the_axis_starts_on_a_whole_hour_with_its_label(qapp, catalogue, hours):
    schedule = easter_course(catalogue)
    (text,) = pages_text(pdf_bytes(WeekDocument(context(catalogue, schedule), [EASTER_WEEK], hours=hours),
                                   QPageSize.PageSizeId.A4, "t"))
    assert ("08:00" if hours is None else "07:00") in text
    assert "08:30–08:50" in text


@pytest.mark.parametrize("hours", [None, (7.0, 19.0), (6.0, 22.0)])
def test_no_grid_line_is_drawn_through_a_closed_days_label(qapp, catalogue, monkeypatch, hours):
    drawn: list[tuple[str, object]] = []
    line, wrapped = Canvas.line, Canvas.wrapped

    def record_line(self, x1, y1, x2, y2, *args, **kwargs):
        drawn.append(("line", (x1, y1, x2, y2)))
        return line(self, x1, y1, x2, y2, *args, **kwargs)

    def record_wrapped(self, rect, text, *args, **kwargs):
        drawn.append(("text", (QRectF(rect), text)))
        return wrapped(self, rect, text, *args, **kwargs)

    monkeypatch.setattr(Canvas, "line", record_line)
    monkeypatch.setattr(Canvas, "wrapped", record_wrapped)
    schedule = easter_course(catalogue)
    pdf_bytes(WeekDocument(context(catalogue, schedule), [EASTER_WEEK], hours=hours), QPageSize.PageSizeId.A4, "t")
    labels = [(at, value[0]) for at, (kind, value) in enumerate(drawn) if kind == "text" and value[1].startswith("Closed: ")]
    assert [drawn[at][1][1] for at, _ in labels] == ["Closed: Easter Monday", "Closed: Clinic closure (Linac service)"]
    for at, rect in labels:
        box = rect.adjusted(-4, -4, 4, 4)  # the label's white box
        for kind, value in drawn[at + 1:]:
            if kind == "line":
                x1, y1, x2, y2 = value
                crossing = QRectF(min(x1, x2), min(y1, y2), abs(x2 - x1) or 0.01, abs(y2 - y1) or 0.01)
                assert not crossing.intersects(box), (rect, value)
