"""The treatment room's printed day list: every booking per machine, and a discreet form with
initials only and no kind of appointment."""

from __future__ import annotations

import io
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
