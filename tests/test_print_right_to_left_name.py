"""A name in a right-to-left script (Hebrew, Arabic) keeps the footer in reading order: the name, then
'· Hospital number …', then the date. Before, the line took its direction from the name, so it printed
'Hospital number HB77 · Printed on Mon 23 Nov 2026שרה כהן-לוי ·', the name glued to the date."""

from __future__ import annotations

import io
from datetime import date, time

import pytest
from pypdf import PdfReader
from PySide6.QtGui import QPageSize

from planner.ui.printing import GlanceDocument, SheetDocument, WeekDocument, course_weeks, pdf_bytes

from .helpers import plan
from .test_printing import context


def _footer_runs(data: bytes) -> list[tuple[float, str]]:
    """(x, text) of the runs on the lowest line of the first page that holds the hospital number."""
    runs: list[tuple[float, float, str]] = []

    def visit(text, cm, tm, font_dict, font_size):
        if text.strip():
            runs.append((cm[4] + tm[4] * cm[0], cm[5] + tm[5] * cm[3], text.strip()))

    PdfReader(io.BytesIO(data)).pages[0].extract_text(visitor_text=visit)
    line_y = min(y for _, y, text in runs if "HB77" in text)
    return sorted((x, text) for x, y, text in runs if abs(y - line_y) < 2)


@pytest.mark.parametrize("name", ["שרה כהן-לוי", "محمد عبد الله"])
@pytest.mark.parametrize("layout", ["week", "glance", "sheet"])
def test_a_right_to_left_name_comes_first_in_the_footer(qapp, catalogue, name, layout):
    schedule = plan(catalogue, site="head-neck", fractions=10, start=date(2026, 10, 19), at=time(8, 30), tz="Europe/London")
    ctx = context(catalogue, schedule, patient_name=name, patient_id="HB77", printed_on=date(2026, 11, 23))
    document = {"week": lambda: WeekDocument(ctx, course_weeks(schedule)),
                "glance": lambda: GlanceDocument(ctx, course_weeks(schedule)),
                "sheet": lambda: SheetDocument(ctx)}[layout]()
    runs = _footer_runs(pdf_bytes(document, QPageSize.PageSizeId.A4, "t"))
    text = " ".join(" ".join(t.split()) for _, t in runs)
    first_latin = text.index("Hospital")
    # The name (in whatever glyph order) is printed left of the number, the date right of it, nothing after the date.
    assert text.rstrip().endswith(("2026", "of 1", "of 2")), runs
    assert not any("\u0590" <= c <= "\u06ff" for c in text[first_latin:]), runs
    assert any("\u0590" <= c <= "\u06ff" for c in text[:first_latin]), runs
