"""The printed week keeps every block inside its grid and every closure's name inside its box."""

from __future__ import annotations

from datetime import date, time

from PySide6.QtCore import QRectF
from PySide6.QtGui import QPageSize

from planner.core.kinds import Pattern
from planner.ui.printing import WeekDocument, pdf_bytes
from planner.ui.printing.canvas import Canvas

from .helpers import plan
from .test_printing import context


def test_an_afternoon_block_grown_for_its_text_stays_inside_the_grid(qapp, catalogue, monkeypatch):
    # Twice daily at 14:30 for 30 min: the axis ended at 15:00 while the block grew to three lines,
    # so the block ran over the preparation text under the grid.
    schedule = plan(catalogue, site="lung", fractions=30, pattern=Pattern.TWICE_DAILY, start=date(2027, 3, 22),
                    at=time(8, 0), minutes=30, second_time=time(14, 30), tz="Europe/London", holidays="GB-ENG")
    grids: list[QRectF] = []
    blocks: list[QRectF] = []
    draw_grid, draw_block = WeekDocument._grid, WeekDocument._block
    monkeypatch.setattr(WeekDocument, "_grid", lambda self, canvas, grid, monday: (grids.append(QRectF(grid)),
                                                                                   draw_grid(self, canvas, grid, monday)))
    monkeypatch.setattr(WeekDocument, "_block", lambda self, canvas, rect, a: (blocks.append(QRectF(rect)),
                                                                               draw_block(self, canvas, rect, a)))
    pdf_bytes(WeekDocument(context(catalogue, schedule), [date(2027, 3, 29)]), QPageSize.PageSizeId.A4, "t")
    (grid,) = grids
    assert len(blocks) == 8
    assert all(rect.bottom() <= grid.bottom() + 0.01 for rect in blocks)


def test_a_closure_name_fits_its_box(qapp, catalogue, monkeypatch):
    schedule = plan(catalogue, site="lung", fractions=30, pattern=Pattern.TWICE_DAILY, start=date(2027, 3, 22),
                    at=time(8, 0), minutes=30, second_time=time(14, 30), tz="Europe/London", holidays="GB-ENG")
    overflow: list[tuple[str, float, float]] = []
    wrapped = Canvas.wrapped

    def recording(self, rect, text, font, *args):
        if text.startswith("Closed:"):
            overflow.append((text, self.text_height(text, rect.width(), font), rect.height()))
        return wrapped(self, rect, text, font, *args)

    monkeypatch.setattr(Canvas, "wrapped", recording)
    pdf_bytes(WeekDocument(context(catalogue, schedule), [date(2027, 3, 29)]), QPageSize.PageSizeId.A4, "t")
    assert [text for text, *_ in overflow] == ["Closed: Easter Monday"]
    assert all(needed <= room + 0.01 for _, needed, room in overflow)
