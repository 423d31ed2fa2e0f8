"""The printed day list uses its paper: rows laid out by the height they take (a long name wrapped onto four lines
left a page a third empty, each line counted as a whole row), and a page each for every machine gathers the machines
with nothing booked on one line instead of a page each saying 'Nothing booked.'."""

from __future__ import annotations

import io
from datetime import UTC, date, timedelta

import pytest
from pypdf import PdfReader
from PySide6.QtGui import QPageSize

from planner.core.agenda import Agenda, AgendaEntry, MachineAgenda, Period
from planner.core.kinds import AppointmentKind
from planner.ui.printing import pdf_bytes
from planner.ui.printing.day_list import DayListDocument
from tests.department_sample import DAY, TZ, at, sample_agenda

LONG_NAME = "Maximiliana Alexandrina Konstantinopoulou-Wolfeschlegelsteinhausenbergerdorff von Hohenzollern-Sigmaringen"


def pages_text(data: bytes) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(data)).pages]


def runs(data: bytes, index: int) -> list[tuple[float, str]]:
    """(height above the page's bottom edge, text) of each text run of page `index`."""
    found: list[tuple[float, str]] = []

    def visit(text, cm, tm, font_dict, font_size):
        if text.strip():
            found.append((cm[5] + tm[5] * cm[3], " ".join(text.split())))

    PdfReader(io.BytesIO(data)).pages[index].extract_text(visitor_text=visit)
    return found


def long_day(day: date, count: int) -> Agenda:
    """`count` bookings of 12 minutes from midnight, one after the other in real time (through the hour the clocks
    repeat or skip), each for a patient whose name wraps onto several lines."""
    midnight = at(day, 0).astimezone(UTC)
    entries = tuple(AgendaEntry(f"c{i}", f"{LONG_NAME} {i:02d}", AppointmentKind.FRACTION, 1, 5,
                                (midnight + timedelta(minutes=12 * i)).astimezone(TZ),
                                (midnight + timedelta(minutes=12 * i + 12)).astimezone(TZ), f"H{i:04d}")
                    for i in range(count))
    return Agenda(day, 1, TZ, (MachineAgenda("Linac 7", (Period(at(day, 0), at(day, 23)),), (), entries),))


SUMMER_TIME_STARTS, SUMMER_TIME_ENDS = date(2026, 3, 29), date(2026, 10, 25)  # London's clocks skip, then repeat, an hour


@pytest.mark.parametrize("day", [DAY, SUMMER_TIME_STARTS, SUMMER_TIME_ENDS])
@pytest.mark.parametrize("discreet", [False, True])  # a discreet list's initials do not wrap: its rows are one line high
def test_a_page_of_long_names_is_filled_to_its_footer(qtbot, day, discreet):
    data = pdf_bytes(DayListDocument(long_day(day, 40), day, discreet=discreet, clinic_name="", printed_on=DAY),
                     QPageSize.PageSizeId.A4, "Day list")
    pages = pages_text(data)
    for page in range(len(pages) - 1):
        found = runs(data, page)
        footer = min(y for y, text in found if text.startswith("Printed on"))
        lowest = min(y for y, text in found if not text.startswith("Printed on"))
        times = sorted((y for y, text in found if text[:2].isdigit() and "–" in text), reverse=True)
        pitch = times[0] - times[1]  # a row's height on paper, its wrapped name's lines and the gap to the next
        assert lowest > footer  # nothing printed over or under the footer
        assert lowest - footer < pitch + 30, (discreet, page)  # ... and no room left for another row
    assert all(page.count("Linac 7") == 1 for page in pages)  # the machine's heading on every page
    joined = " ".join(pages)
    assert all(f"H{i:04d}" in joined or discreet for i in range(40))


def department(machines: int) -> tuple[MachineAgenda, ...]:
    """Linac 1 busy (the sample day's), and `machines - 1` more with nothing booked and no downtime."""
    busy = sample_agenda().machines[0]
    return (busy, *(MachineAgenda(f"Linac {k}", (Period(at(DAY, 8), at(DAY, 18)),), (), ()) for k in range(2, machines + 1)))


@pytest.mark.parametrize("discreet", [False, True])
def test_a_page_each_lists_the_machines_with_nothing_booked_together(qtbot, discreet):
    document = DayListDocument(Agenda(DAY, 1, TZ, department(6)), DAY, discreet=discreet, clinic_name="City",
                               printed_on=DAY, page_per_machine=True)
    pages = pages_text(pdf_bytes(document, QPageSize.PageSizeId.A4, "Day list"))
    assert len(pages) == 2  # it printed six: five saying only "Nothing booked."
    assert "Linac 1" in pages[0] and "08:30–08:45" in pages[0] and "Linac 2" not in pages[0]
    assert "Nothing booked on: Linac 2, Linac 3, Linac 4, Linac 5, Linac 6." in pages[1]
    assert "Nothing booked." not in " ".join(pages) and "Time" not in pages[1]  # no empty table
    assert ("Zoë" in pages[0]) is not discreet


def test_a_quiet_machine_that_is_down_keeps_its_page_and_one_machine_asked_for_keeps_its_own(qtbot):
    down = MachineAgenda("Linac 4", (Period(at(DAY, 8), at(DAY, 18)),), (Period(at(DAY, 8), at(DAY, 13), "service"),), ())
    machines = tuple(down if m.name == "Linac 4" else m for m in department(5))
    pages = pages_text(pdf_bytes(DayListDocument(Agenda(DAY, 1, TZ, machines), DAY, discreet=False, clinic_name="",
                                                 printed_on=DAY, page_per_machine=True), QPageSize.PageSizeId.A4, "Day list"))
    assert len(pages) == 3
    assert "Linac 4" in pages[1] and "Machine down: service" in pages[1] and "Nothing booked." in pages[1]
    assert "Nothing booked on: Linac 2, Linac 3, Linac 5." in pages[2]
    # the coordinator asked for that one machine: its page says so, as before
    (alone,) = pages_text(pdf_bytes(DayListDocument(Agenda(DAY, 1, TZ, department(3)[2:]), DAY, discreet=False, clinic_name="",
                                                    printed_on=DAY, page_per_machine=True), QPageSize.PageSizeId.A4, "Day list"))
    assert "Linac 3" in alone and "Nothing booked." in alone and "Nothing booked on" not in alone


def test_run_on_the_machines_with_nothing_booked_still_show_under_their_headings(qtbot):
    (page,) = pages_text(pdf_bytes(DayListDocument(Agenda(DAY, 1, TZ, department(3)), DAY, discreet=False, clinic_name="",
                                                   printed_on=DAY), QPageSize.PageSizeId.A4, "Day list"))
    assert page.count("Nothing booked.") == 2 and "Nothing booked on" not in page
