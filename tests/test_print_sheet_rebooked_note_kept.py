"""The course sheet's line saying why a downtime re-booked a session stays on the page of that session's row: it went
over the page break alone, at the top of the next page under no date, and the patient could not tell which session
it was about."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time

from PySide6.QtGui import QPageSize

from planner.core.department import MakeUpCause, Rebooked, RebookedNote
from planner.ui.printing import SheetDocument, pdf_bytes

from .helpers import plan
from .test_printing import context, pages_text


def test_every_rebooked_line_is_on_the_page_of_its_session(qapp, catalogue):
    for fractions in range(25, 41):
        schedule = plan(catalogue, site="head-neck", fractions=fractions, start=date(2026, 11, 16), at=time(8, 30),
                        tz="Europe/London", simulation=datetime(2026, 11, 9, 10, 0))
        moved = tuple((f.key, RebookedNote(Rebooked.OTHER_MACHINE, MakeUpCause.DOWNTIME, f.start.date()))
                      for f in schedule.fractions)
        sheet = SheetDocument(replace(context(catalogue, schedule), rebooked=moved))
        for page in pages_text(pdf_bytes(sheet, QPageSize.PageSizeId.A4, "t")):
            assert page.count("On another machine") == page.count(f" of {fractions}"), (fractions, page)
