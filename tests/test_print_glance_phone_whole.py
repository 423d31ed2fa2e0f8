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


def test_a_long_phone_and_the_place_are_printed_whole_on_the_glance(qapp, catalogue):
    """A phone with an extension and an after-hours number wrapped onto a third line the header cut off
    ('… after hours +1 (212) 555-0199 (on-'); the glance now prints it whole, and says where, as the week does."""
    phone = "+1 (212) 555-0100 ext. 12345 (main desk) or after hours +1 (212) 555-0199 (on-call oncology nurse)"
    location = "Radiation Oncology, Lower Ground Floor, West Wing, 1234 Extraordinarily Long Avenue, New York, NY 10001"
    schedule = plan(catalogue, site="prostate", fractions=39, start=date(2026, 11, 2), at=time(15, 50), tz="America/New_York",
                    holidays="US-NY")
    ctx = context(catalogue, schedule, clinic_name="Riverside Regional Radiotherapy and Oncology Centre at St Bartholomew-the-Great",
                  clinic_phone=phone, location=location)
    for paper in (QPageSize.PageSizeId.A4, QPageSize.PageSizeId.Letter):
        pages = pages_text(pdf_bytes(GlanceDocument(ctx, course_weeks(schedule)), paper, "t"))
        assert len(pages) == 3
        for page in pages:
            assert phone in page.replace("\xa0", " ")
            assert f"Where: {location}" in page
            assert "…" not in page.split("Mon ")[0]
