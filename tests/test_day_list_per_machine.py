"""The day list for a treatment room: each machine on its own page (a sheet names only its own
room's patients), and a footer date written as the other prints write theirs."""

from __future__ import annotations

import io
from datetime import date

from pypdf import PdfReader
from PySide6.QtGui import QPageSize

from planner.ui.printing import pdf_bytes
from planner.ui.printing.day_list import DayListDocument
from tests.department_sample import DAY, sample_agenda


def pages_text(document: DayListDocument) -> list[str]:
    data = pdf_bytes(document, QPageSize.PageSizeId.A4, "Day list")
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(data)).pages]


def test_each_machine_on_its_own_page_names_only_its_patients(qtbot):
    document = DayListDocument(sample_agenda(), DAY, discreet=False, clinic_name="City", printed_on=date(2026, 11, 21),
                               page_per_machine=True)
    pages = pages_text(document)
    assert len(pages) == 3  # Linac 1, Linac 2, CT simulator
    assert "Linac 1" in pages[0] and "Zoë Ångström" in pages[0] and "Dora Mbeki" not in pages[0]
    assert "Linac 2" in pages[1] and "Dora Mbeki" in pages[1] and "Zoë Ångström" not in pages[1]
    assert "CT simulator" in pages[2] and "Fatima Zahra Idrissi" in pages[2] and "Linac 1" not in pages[2]


def test_together_the_machines_share_a_page_and_the_footer_date_reads_as_the_other_prints(qtbot):
    document = DayListDocument(sample_agenda(), DAY, discreet=False, clinic_name="City", printed_on=date(2026, 11, 21))
    pages = pages_text(document)
    assert len(pages) == 1
    assert "Printed on Sat 21 Nov 2026 · page 1 of 1" in pages[0] and "2026-11-21" not in pages[0]
