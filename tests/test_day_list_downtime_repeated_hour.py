"""A downtime row of the printed day list wraps as a booking's row does: in the hour the clocks repeat its
time ('01:30 BST–01:20 GMT') is too wide for the narrow time column, and in bold on one line it ran into
the reason beside it; a long reason wraps too rather than being cut. The rows after it move down."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QRectF
from PySide6.QtGui import QFont, QPageSize

from planner.core.agenda import Agenda, AgendaEntry, MachineAgenda, Period
from planner.core.kinds import AppointmentKind
from planner.ui.printing import pdf_bytes
from planner.ui.printing.canvas import Canvas
from planner.ui.printing.day_list import MARGIN, DayListDocument
from tests.department_sample import TZ

NIGHT = date(2026, 10, 25)  # London's clocks go back at 02:00 BST
DOWN = Period(datetime(2026, 10, 25, 0, 30, tzinfo=UTC), datetime(2026, 10, 25, 1, 20, tzinfo=UTC), "magnetron")  # 01:30 BST–01:20 GMT
AFTER = AgendaEntry("c-1", "Zoë Ångström", AppointmentKind.FRACTION, 3, 20, datetime(2026, 10, 25, 1, 30, tzinfo=UTC),
                    datetime(2026, 10, 25, 1, 45, tzinfo=UTC), "RCC-00001")  # 01:30–01:45 GMT


def night_list(reason: str = "magnetron") -> DayListDocument:
    machine = MachineAgenda("Night linac", (Period(datetime(2026, 10, 24, 23, 0, tzinfo=UTC), datetime(2026, 10, 25, 6, 0, tzinfo=UTC)),),
                            (Period(DOWN.start, DOWN.end, reason),), (AFTER,))
    return DayListDocument(Agenda(NIGHT, 1, TZ, (machine,)), NIGHT, discreet=False, clinic_name="City", printed_on=NIGHT)


@pytest.fixture
def drawn(monkeypatch) -> list[tuple[QRectF, str, QFont, float]]:
    """Every text the day list draws: where, what, in which font, and its width on the page (points)."""
    calls: list[tuple[QRectF, str, QFont, float]] = []
    original = Canvas.text

    def record(self, rect, text, font, flags=0, color=None):
        calls.append((QRectF(rect), text, QFont(font), self.text_width(text, font)))
        original(self, rect, text, font, flags, color)

    monkeypatch.setattr(Canvas, "text", record)
    return calls


def test_the_downtime_time_in_the_repeated_hour_wraps_inside_its_column(qtbot, drawn):
    data = pdf_bytes(night_list(), QPageSize.PageSizeId.A4, "Day list")
    reason = next(rect for rect, text, _, _ in drawn if text.startswith("Machine down"))
    column = reason.left() - MARGIN - 6  # the time column, less its gap before the reason
    assert column < 0.2 * reason.width()  # the narrow column, not the whole row
    down = [(rect, text, width) for rect, text, font, width in drawn if font.bold() and rect.left() == MARGIN
            and any(part in text for part in ("01:30", "BST", "GMT"))]
    assert len(down) >= 2  # the time on more than one line
    assert all(width <= column for _, _, width in down), down  # each line inside the column: nothing runs into the reason
    assert " ".join(text for _, text, _ in down).replace("– ", "–") in ("01:30 BST–01:20 GMT", "01:30 BST– 01:20 GMT")
    after = next(rect for rect, text, _, _ in drawn if text.startswith("01:30–01:45"))
    assert after.top() > max(rect.top() for rect, _, _ in down) + 10  # the next row starts below the wrapped time
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    assert "magnetron" in text and "GMT" in text


def test_a_long_reason_wraps_rather_than_being_cut(qtbot, drawn):
    reason = "cooling water leak under the couch; engineer from the supplier on site after midnight, then QA before the first patient"
    pdf_bytes(night_list(reason), QPageSize.PageSizeId.A4, "Day list")
    parts = [text for _, text, font, _ in drawn if font.bold() and ("Machine down" in text or text and text in reason)]
    assert "…" not in " ".join(parts)
    assert " ".join(parts).endswith("before the first patient")
