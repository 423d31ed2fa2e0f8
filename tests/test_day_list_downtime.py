"""The printed day list shows a machine's downtime among its bookings, with when and why (a reason
is no patient data, so the discreet form shows it too): a machine down all morning does not read
as a quiet machine with "Nothing booked."."""

from __future__ import annotations

import io
from datetime import date, timedelta

from pypdf import PdfReader
from PySide6.QtGui import QPageSize

from planner.core.agenda import Agenda, MachineAgenda, Period
from planner.ui.printing import pdf_bytes
from planner.ui.printing.day_list import DayListDocument
from tests.department_sample import DAY, TZ, at, sample_agenda


def text_of(document: DayListDocument) -> str:
    data = pdf_bytes(document, QPageSize.PageSizeId.A4, "Day list")
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(data)).pages)


def test_the_downtime_is_listed_in_time_order_among_the_bookings_also_when_discreet(qtbot):
    for discreet in (False, True):
        text = text_of(DayListDocument(sample_agenda(), DAY, discreet=discreet, clinic_name="City", printed_on=date(2026, 11, 21)))
        linac2 = text[text.index("Linac 2"):text.index("CT simulator")]
        assert "08:00–13:00 Machine down: beam fault" in linac2
        assert linac2.index("Machine down") < linac2.index("13:15")  # the morning's fault before the afternoon's patients
        assert "Machine down" not in text[:text.index("Linac 2")]  # Linac 1 was not down


def test_a_machine_down_with_nothing_booked_says_both(qtbot):
    machine = MachineAgenda("Linac 2", (Period(at(DAY, 8), at(DAY, 18)),), (Period(at(DAY, 8), at(DAY, 13), "beam fault"),), ())
    text = text_of(DayListDocument(Agenda(DAY, 1, TZ, (machine,)), DAY, discreet=False, clinic_name="", printed_on=DAY))
    assert "08:00–13:00 Machine down: beam fault" in text and "Nothing booked." in text


def test_downtime_over_midnight_is_cut_to_the_day_printed(qtbot):
    down = Period(at(DAY, 20), at(DAY + timedelta(days=1), 9), "")
    machine = MachineAgenda("Linac 2", (), (down,), ())
    first = text_of(DayListDocument(Agenda(DAY, 2, TZ, (machine,)), DAY, discreet=False, clinic_name="", printed_on=DAY))
    second = text_of(DayListDocument(Agenda(DAY, 2, TZ, (machine,)), DAY + timedelta(days=1), discreet=False, clinic_name="",
                                     printed_on=DAY))
    assert "20:00–24:00 Machine down" in first and "00:00–09:00 Machine down" in second
    other = text_of(DayListDocument(Agenda(DAY, 3, TZ, (machine,)), DAY + timedelta(days=2), discreet=False, clinic_name="",
                                    printed_on=DAY))
    assert "Machine down" not in other
