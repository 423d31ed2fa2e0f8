"""A long name on the portrait course sheet keeps the footer's printed date whole: the footer says
'Hospital no.' and 'Printed 22 Nov 2026' before it would cut the date off ("Printed on 22 Nov …")."""

from __future__ import annotations

from datetime import date, time

from PySide6.QtGui import QPageSize

from planner.ui.printing import SheetDocument, pdf_bytes

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
