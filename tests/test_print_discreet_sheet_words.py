"""A discreet course sheet names no treatment, not even in its preparation headings."""

from __future__ import annotations

from datetime import date, datetime, time

from PySide6.QtGui import QPageSize

from planner.ui.printing import SheetDocument, pdf_bytes

from .helpers import plan
from .test_printing import context, pages_text


def test_the_discreet_sheet_has_no_treatment_heading(qapp, catalogue):
    # It printed "Before each treatment session" above the fractions' preparation.
    schedule = plan(catalogue, site="prostate", fractions=20, start=date(2026, 11, 23), at=time(8, 30), tz="America/New_York",
                    holidays="US-NY", simulation=datetime(2026, 11, 16, 10, 0), review_weekday=1)
    text = " ".join(pages_text(pdf_bytes(SheetDocument(context(catalogue, schedule, discreet=True, location="Level -1")),
                                         QPageSize.PageSizeId.A4, "t")))
    lowered = text.lower()
    for word in ("treatment", "radiotherapy", "prostate", "planning scan"):
        assert word not in lowered, word
    assert "Before each numbered appointment" in text and "Before each appointment" in text
    assert "No creams, talc or deodorant" in text  # the fractions' own preparation is still printed
