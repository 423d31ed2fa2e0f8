"""A long name on the portrait course sheet keeps the footer's printed date whole: the footer says
'Hospital no.' and 'Printed 22 Nov 2026' before it would cut the date off ("Printed on 22 Nov …")."""

from __future__ import annotations

from datetime import date, time

from PySide6.QtGui import QPageSize

from planner.ui.printing import GlanceDocument, SheetDocument, WeekDocument, course_weeks, pdf_bytes

from .helpers import plan
from .test_printing import context, pages_text


def test_the_sheet_footer_keeps_the_date_beside_a_long_name(qapp, catalogue):
    schedule = plan(catalogue, site="breast", fractions=15, start=date(2027, 1, 11), at=time(10, 0), tz="Europe/London",
                    holidays="GB-ENG")
    ctx = context(catalogue, schedule, patient_name="Beatrice O'Connor-Whitfield", patient_id="RX1002",
                  printed_on=date(2026, 11, 22))
    for page in pages_text(pdf_bytes(SheetDocument(ctx), QPageSize.PageSizeId.A4, "t")):
        footer = page[page.rindex("Beatrice"):]  # ("fi" comes back as a ligature)
        assert "RX1002" in footer and "22 Nov 2026" in footer and "…" not in footer, footer


LONG_NAME = "Maximilian-Alexander Bartholomew Featherstonehaugh-Cholmondeley-Worthington III"


def test_a_very_long_name_keeps_the_hospital_number_on_every_page(qapp, catalogue):
    """A name too long for the footer is shortened, never the hospital number: before, the footer ended in
    '…-Cholmondeley-Wor…' on the sheet and the glance, and their pages named no number at all."""
    schedule = plan(catalogue, site="prostate", fractions=39, start=date(2026, 11, 2), at=time(15, 50),
                    tz="America/New_York", holidays="US-NY")
    ctx = context(catalogue, schedule, patient_name=LONG_NAME, patient_id="1234567890123", printed_on=date(2026, 11, 22))
    documents = (SheetDocument(ctx), GlanceDocument(ctx, course_weeks(schedule)), WeekDocument(ctx, course_weeks(schedule)))
    for document in documents:
        for paper in (QPageSize.PageSizeId.A4, QPageSize.PageSizeId.Letter):
            pages = pages_text(pdf_bytes(document, paper, "t"))
            assert pages
            for page in pages:
                assert "1234567890123" in page, (type(document).__name__, page[-300:])
                assert "Maximilian" in page


def test_a_name_of_a_hundred_letters_is_printed_whole_atop_the_week_and_the_glance(qapp, catalogue):
    # It ended '…Konstantinopoulou-Wolfeschlegels…' at the top of each page and was shortened in the footer: printed
    # whole nowhere on the page
    import unicodedata

    from planner.ui.printing import GlanceDocument

    name = "Maximiliana Alexandrina Konstantinopoulou-Wolfeschlegelsteinhausenbergerdorff von Hohenzollern-Sigmaringen"
    schedule = plan(catalogue, site="breast", fractions=15, start=date(2027, 1, 11), at=time(10, 0), tz="Europe/London")
    ctx = context(catalogue, schedule, patient_name=name, patient_id="RX1002")
    for document in (WeekDocument(ctx, course_weeks(schedule)), GlanceDocument(ctx, course_weeks(schedule))):
        for page in pages_text(pdf_bytes(document, QPageSize.PageSizeId.A4, "t")):
            squeezed = "".join(unicodedata.normalize("NFKC", page).split())  # ("ff" comes back as a ligature)
            assert "".join(name.split()) in squeezed, page
