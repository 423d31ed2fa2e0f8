"""The treatment room's printed day list: every booking per machine, and a discreet form with
initials only and no kind of appointment."""

from __future__ import annotations

import io
import unicodedata
from datetime import date, timedelta

from pypdf import PdfReader
from PySide6.QtGui import QPageSize

from planner.core.agenda import Agenda, AgendaEntry, MachineAgenda, Period
from planner.core.kinds import AppointmentKind
from planner.ui.printing import pdf_bytes
from planner.ui.printing.day_list import DayListDocument
from tests.department_sample import DAY, TZ, at, sample_agenda


def pages_text(data: bytes) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(data)).pages]


def test_day_list_names_every_machine_and_booking(qtbot):
    document = DayListDocument(sample_agenda(), DAY, discreet=False, clinic_name="City Cancer Centre", printed_on=date(2026, 11, 21))
    text = " ".join(pages_text(pdf_bytes(document, QPageSize.PageSizeId.A4, "Day list")))
    for name in ("Linac 1", "Linac 2", "CT simulator", "Zoë Ångström", "Amir Haddad", "Fatima Zahra Idrissi"):
        assert name in text
    assert "08:30–08:45" in text and "3 / 20" in text and "Treatment" in text and "Planning scan" in text
    # the second identifier checked at the door, beside each name
    assert "Hospital no." in text and "Zoë Ångström RCC-00001" in text and "Fatima Zahra Idrissi RCC-00007" in text


def test_discreet_day_list_shows_initials_and_no_kind(qtbot):
    document = DayListDocument(sample_agenda(), DAY, discreet=True, clinic_name="City Cancer Centre", printed_on=date(2026, 11, 21))
    text = " ".join(pages_text(pdf_bytes(document, QPageSize.PageSizeId.A4, "Day list")))
    assert "Z. Å." in text and "A. H." in text
    for hidden in ("Zoë", "Ångström", "Haddad", "Treatment", "Planning scan", "Radiotherapy", "RCC-", "Hospital no."):
        assert hidden not in text


def test_a_full_machine_day_runs_onto_more_pages_with_its_heading_repeated(qtbot):
    entries = tuple(AgendaEntry(f"c{i}", f"Patient {i:02d}", AppointmentKind.FRACTION, 1, 5,
                                at(DAY, 7, 40) + timedelta(minutes=12 * i), at(DAY, 7, 52) + timedelta(minutes=12 * i))
                    for i in range(60))
    machine = MachineAgenda("Linac 7", (Period(at(DAY, 7, 40), at(DAY, 20)),), (), entries)
    agenda = Agenda(DAY, 1, TZ, (machine,))
    document = DayListDocument(agenda, DAY, discreet=False, clinic_name="", printed_on=date(2026, 11, 21))
    pages = pages_text(pdf_bytes(document, QPageSize.PageSizeId.A4, "Day list"))
    assert len(pages) >= 2
    assert all("Linac 7" in page for page in pages)
    joined = " ".join(pages)
    assert all(f"Patient {i:02d}" in joined for i in range(60))


def squeezed(text: str) -> str:
    """The text without spaces, its ligatures ('ﬀ') as letters: a wrapped name reads whole."""
    return "".join(unicodedata.normalize("NFKC", text).split())


LONG_NAME = "Maximiliana Alexandrina Konstantinopoulou-Wolfeschlegelsteinhausenbergerdorff von Hohenzollern-Sigmaringen"


def test_a_long_patient_name_is_printed_whole_on_the_day_list(qtbot):
    # a real name of 106 letters wrapped onto four lines of the patient's column: it ended '…Wolfeschlegelsteinhause…'
    # after three, the name checked at the treatment room's door cut short
    entry = AgendaEntry("c-long", LONG_NAME, AppointmentKind.FRACTION, 4, 20, at(DAY, 9), at(DAY, 9, 20), "H1001")
    machine = MachineAgenda("Linac 2", (Period(at(DAY, 8), at(DAY, 18)),), (), (entry,))
    document = DayListDocument(Agenda(DAY, 1, TZ, (machine,)), DAY, discreet=False, clinic_name="", printed_on=date(2026, 11, 21))
    text = squeezed(" ".join(pages_text(pdf_bytes(document, QPageSize.PageSizeId.A4, "Day list"))))
    assert squeezed(LONG_NAME) in text and "…" not in text


def test_a_full_page_of_long_names_keeps_every_row_whole_on_its_page(qtbot):
    entries = tuple(AgendaEntry(f"c{i}", f"{LONG_NAME} {i:02d}", AppointmentKind.FRACTION, 1, 5,
                                at(DAY, 8) + timedelta(minutes=12 * i), at(DAY, 8, 12) + timedelta(minutes=12 * i), f"H{i:04d}")
                    for i in range(30))
    machine = MachineAgenda("Linac 7", (Period(at(DAY, 7, 40), at(DAY, 20)),), (), entries)
    document = DayListDocument(Agenda(DAY, 1, TZ, (machine,)), DAY, discreet=False, clinic_name="", printed_on=date(2026, 11, 21))
    pages = [squeezed(page) for page in pages_text(pdf_bytes(document, QPageSize.PageSizeId.A4, "Day list"))]
    for i in range(30):  # each name and its number whole, on one page (a row never split over a page break)
        assert sum(squeezed(f"{LONG_NAME} {i:02d}") in page for page in pages) == 1
