"""On the night the clocks go back, a time the clocks show twice names its zone's abbreviation in the
treatment room's day list, in `agenda`'s text and in a slot's refusal ('01:10 GMT', the second run),
so that two sessions at '01:10' an hour apart never read as one; every other time stays '01:10'."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from planner.cli_booking import agenda_text
from planner.core.agenda import AgendaEntry, MachineAgenda, check_slot
from planner.core.kinds import AppointmentKind
from planner.core.wall_clock import clock_text
from planner.ui.printing.day_list import row_texts
from tests.department_sample import TZ, sample_agenda

FIRST_RUN = datetime(2026, 10, 25, 0, 10, tzinfo=UTC)  # 01:10 BST
SECOND_RUN = datetime(2026, 10, 25, 1, 10, tzinfo=UTC)  # 01:10 GMT, an hour later


def night_entry(start: datetime) -> AgendaEntry:
    return AgendaEntry("c-1", "Zoë Ångström", AppointmentKind.FRACTION, 3, 20, start, start.replace(minute=30),
                       "RCC-00001")


def test_the_clock_names_the_run_only_when_the_time_happens_twice():
    assert clock_text(FIRST_RUN.astimezone(TZ)) == "01:10 BST"
    assert clock_text(SECOND_RUN.astimezone(TZ)) == "01:10 GMT"
    assert clock_text(datetime(2026, 10, 25, 9, 0, tzinfo=TZ)) == "09:00"
    assert clock_text(datetime(2026, 10, 24, 1, 10, tzinfo=TZ)) == "01:10"


def test_the_day_list_and_the_agenda_text_say_which_run():
    agenda = sample_agenda()
    machine = MachineAgenda("Night linac", (), (), (night_entry(FIRST_RUN), night_entry(SECOND_RUN)))
    night = replace(agenda, machines=(machine,))
    assert row_texts(night_entry(FIRST_RUN), night, False)[0] == "01:10–01:30 BST"
    assert row_texts(night_entry(SECOND_RUN), night, False)[0] == "01:10–01:30 GMT"
    text = agenda_text(night)
    assert "Sun 2026-10-25 01:10 BST-01:30 BST  Zoë Ångström (RCC-00001)" in text
    assert "Sun 2026-10-25 01:10 GMT-01:30 GMT  Zoë Ångström (RCC-00001)" in text


def test_a_refused_slot_names_the_run_of_the_booking_in_the_way():
    machine = MachineAgenda("Night linac", (), (), (night_entry(SECOND_RUN),))
    check = check_slot(machine, SECOND_RUN, SECOND_RUN.replace(minute=20), tz=TZ)
    assert "(01:10 GMT–01:30 GMT)" in check.reason()
