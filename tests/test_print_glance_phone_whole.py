"""The course at a glance prints the clinic's phone number whole: the line under the name wraps
rather than ending in "Phone +44 20 7…" when the site, the clinic's name and the phone are long."""

from __future__ import annotations

import io
from datetime import date, time

from pypdf import PdfReader
from PySide6.QtGui import QPageSize

from planner.ui.printing import GlanceDocument, course_weeks, pdf_bytes

from .helpers import plan
from .test_printing import context, pages_text


def test_the_glance_keeps_the_clinic_phone_whole(qapp, catalogue):
    schedule = plan(catalogue, site="palliative", fractions=5, start=date(2026, 11, 30), at=time(14, 0), tz="Europe/London",
                    holidays="GB-ENG")
    ctx = context(catalogue, schedule, clinic_name="Riverside Regional Radiotherapy and Oncology Centre",
                  clinic_phone="+44 20 7946 0000")
    (page,) = pages_text(pdf_bytes(GlanceDocument(ctx, course_weeks(schedule)), QPageSize.PageSizeId.A4, "t"))
    assert "+44 20 7946 0000" in page
    lines = PdfReader(io.BytesIO(pdf_bytes(GlanceDocument(ctx, course_weeks(schedule)), QPageSize.PageSizeId.A4, "t"))) \
        .pages[0].extract_text().splitlines()
    assert any("+44\xa020\xa07946\xa00000" in line or "+44 20 7946 0000" in line for line in lines), lines  # on one line
    assert "…" not in page.split("Mon 30")[0]  # nothing cut above the days
