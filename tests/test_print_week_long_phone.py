"""The printed week keeps a long clinic phone whole, in its own column at the right of the header: before,
'Phone +1 (212) 555-0100 ext. 12345 (main desk) or after hours …' ran left under the week's dates and its
start (the main number) could not be read. With no clinic name beside it, the patient's name uses the line."""

from __future__ import annotations

import io
from datetime import date, time

from pypdf import PdfReader
from PySide6.QtGui import QPageSize

from planner.ui.printing import WeekDocument, course_weeks, pdf_bytes

from .helpers import plan
from .test_printing import context, pages_text

PHONE = "+1 (212) 555-0100 ext. 12345 (main desk) or after hours +1 (212) 555-0199 (on-call oncology nurse)"
NAME = "Maximilian-Alexander Bartholomew Featherstonehaugh-Cholmondeley-Worthington"


def _runs(data: bytes) -> list[tuple[float, float, str]]:
    """(x, y, text) of each text run of the first page, in the page's coordinates."""
    runs: list[tuple[float, float, str]] = []

    def visit(text, cm, tm, font_dict, font_size):
        if text.strip():
            runs.append((cm[4] + tm[4] * cm[0], cm[5] + tm[5] * cm[3], " ".join(text.split())))

    PdfReader(io.BytesIO(data)).pages[0].extract_text(visitor_text=visit)
    return runs


def test_a_long_phone_is_printed_whole_right_of_the_week_line(qapp, catalogue):
    schedule = plan(catalogue, site="prostate", fractions=5, start=date(2026, 11, 2), at=time(15, 50), tz="America/New_York")
    ctx = context(catalogue, schedule, clinic_name="", clinic_phone=PHONE, patient_name=NAME)
    for paper in (QPageSize.PageSizeId.A4, QPageSize.PageSizeId.Letter):
        data = pdf_bytes(WeekDocument(ctx, course_weeks(schedule)), paper, "t")
        (page,) = pages_text(data)
        assert PHONE in page
        assert f"{NAME} Prostate · Week of Mon 2 Nov 2026 to Sun 8 Nov 2026" in page  # the name whole, no clinic beside it
        runs = _runs(data)
        week_line = next(r for r in runs if r[2].startswith("Prostate · Week of"))
        wednesday = next(r for r in runs if r[2] == "Wed 4 Nov")
        phone = [r for r in runs if r[1] >= week_line[1] - 40 and ("Phone" in r[2] or "after hours" in r[2])]
        assert phone and all(x > wednesday[0] for x, _, _ in phone), (phone, wednesday)  # right of the page's middle


ADDRESS = "Block C, Level -2, 1200 Very Long Hospital Road, Southwark, London SE1 9XX, United Kingdom"


def test_a_discreet_week_prints_the_clinics_address_whole(qapp, catalogue):
    """A discreet page names the clinic by its address, at the top right; a long one ended in 'Hospital Road,…'
    and, as it is also the course's location, the page said nowhere else where to go."""
    schedule = plan(catalogue, site="breast", fractions=15, start=date(2030, 3, 18), at=time(9, 0), tz="Europe/London")
    for discreet in (True, False):
        ctx = context(catalogue, schedule, discreet=discreet, clinic_name="" if discreet else ADDRESS,
                      clinic_address=ADDRESS, location=ADDRESS, clinic_phone="+44 20 7946 0000")
        pages = pages_text(pdf_bytes(WeekDocument(ctx, course_weeks(schedule)), QPageSize.PageSizeId.A4, "t"))
        for page in pages:
            assert ADDRESS in page and "…" not in page, page[:300]
            assert "Phone +44 20 7946 0000" in page
