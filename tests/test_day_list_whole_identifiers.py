"""The day list shows each patient's name and hospital number whole, the two identifiers checked at
the treatment room's door: a ten-digit NHS number fits its column, and a longer number or name wraps
onto another line of the row (breaking anywhere when it has no space) instead of ending in "…"; the
rows that wrap take their room on the page."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtGui import QPageSize

from planner.core.agenda import Agenda, AgendaEntry, MachineAgenda, Period
from planner.core.kinds import AppointmentKind
from planner.ui.printing import pdf_bytes
from planner.ui.printing.day_list import DayListDocument
from tests.department_sample import DAY, TZ, at
from tests.test_day_list_print import pages_text

LONG_NAME = "Maximilian Alexander Fitzgerald-Worthington"


def agenda_of(people: list[tuple[str, str]]) -> Agenda:
    entries = tuple(AgendaEntry(f"c{i}", name, AppointmentKind.FRACTION, 1, 5, at(DAY, 8) + timedelta(minutes=12 * i),
                                at(DAY, 8, 12) + timedelta(minutes=12 * i), number)
                    for i, (name, number) in enumerate(people))
    return Agenda(DAY, 1, TZ, (MachineAgenda("Linac 1", (Period(at(DAY, 8), at(DAY, 20)),), (), entries),))


def printed(people: list[tuple[str, str]]) -> list[str]:
    document = DayListDocument(agenda_of(people), DAY, discreet=False, clinic_name="City", printed_on=date(2026, 11, 21))
    return pages_text(pdf_bytes(document, QPageSize.PageSizeId.A4, "Day list"))


def test_long_names_and_hospital_numbers_are_whole():
    text = " ".join(printed([("Zoë Ångström", "943 476 5919"), (LONG_NAME, "MRN-2026-00123456789")]))
    assert "…" not in text
    assert "Zoë Ångström 943 476 5919" in text, "a ten-digit NHS number on one line, beside the name"
    joined = "".join(text.split())  # a wrapped cell's lines, read in order
    assert "MRN-2026-00123456789" in joined and "".join(LONG_NAME.split()) in joined


def test_rows_that_wrap_take_their_room_on_the_page():
    short = printed([(f"Patient {i:02d}", f"H{i:04d}") for i in range(40)])
    long = printed([(f"{LONG_NAME} {i:02d}", f"MRN-2026-0012345678{i:02d}") for i in range(40)])
    assert len(long) > len(short)
    joined = "".join(" ".join(long).split())
    assert all(f"MRN-2026-0012345678{i:02d}" in joined for i in range(40))
