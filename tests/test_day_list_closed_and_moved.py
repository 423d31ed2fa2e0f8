"""The printed day list says what the day's staff asked for: on a day the department is closed, that it is and why
(every page; a discreet sheet leaves a clinic closure's note out), and under a patient from another machine's list,
where they usually come from (a machine's name is no diagnosis: discreet too)."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date

from pypdf import PdfReader
from PySide6.QtGui import QPageSize

from planner.core.agenda import Agenda, ClosedDay, MachineAgenda
from planner.ui.printing import pdf_bytes
from planner.ui.printing.day_list import DayListDocument
from tests.department_sample import DAY, TZ, sample_agenda


def text_of(document: DayListDocument) -> str:
    pages = PdfReader(io.BytesIO(pdf_bytes(document, QPageSize.PageSizeId.A4, "Day list"))).pages
    return " ".join(" ".join(page.extract_text().split()) for page in pages)


def closed_agenda(closure: ClosedDay) -> Agenda:
    machines = tuple(MachineAgenda(m.name) for m in sample_agenda().machines)  # no hours, nothing booked
    return Agenda(DAY, 1, TZ, machines, (closure,))


def test_a_closed_day_says_the_department_is_closed_and_why(qtbot):
    holiday = closed_agenda(ClosedDay(DAY, "Christmas Day (public holiday, England)"))
    text = text_of(DayListDocument(holiday, DAY, discreet=False, clinic_name="City", printed_on=date(2026, 11, 21)))
    assert "The department is closed: Christmas Day (public holiday, England)" in text, text
    snow = closed_agenda(ClosedDay(DAY, "clinic closure", "snow"))
    text = text_of(DayListDocument(snow, DAY, discreet=False, clinic_name="City", printed_on=date(2026, 11, 21)))
    assert "The department is closed: clinic closure (snow)" in text, text
    text = text_of(DayListDocument(snow, DAY, discreet=True, clinic_name="City", printed_on=date(2026, 11, 21)))
    assert "The department is closed: clinic closure" in text and "snow" not in text, text
    text = text_of(DayListDocument(sample_agenda(), DAY, discreet=False, clinic_name="City", printed_on=date(2026, 11, 21)))
    assert "closed" not in text, "an open day says nothing of it"


def test_a_patient_from_another_machine_says_which(qtbot):
    agenda = sample_agenda()
    linac2 = agenda.machines[1]
    moved = replace(linac2, entries=tuple(replace(e, moved_from="Linac 1") if e.patient == "Dora Mbeki" else e
                                          for e in linac2.entries))
    agenda = replace(agenda, machines=(agenda.machines[0], moved, agenda.machines[2]))
    text = text_of(DayListDocument(agenda, DAY, discreet=False, clinic_name="City", printed_on=date(2026, 11, 21)))
    assert "Dora Mbeki RCC-00005 2 / 20 Treatment From Linac 1, its usual machine" in text, text
    assert text.count("its usual machine") == 1, "said of the moved patient alone"
    text = text_of(DayListDocument(agenda, DAY, discreet=True, clinic_name="City", printed_on=date(2026, 11, 21)))
    assert "D. M. 2 / 20 From Linac 1, its usual machine" in text and "Dora" not in text, text
