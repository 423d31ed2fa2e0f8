"""The day list prints a machine's downtime within its opening hours that day, as the day view hatches it:
'all day' reads 08:00–18:00, not 00:00–24:00; a machine closed that day keeps the day's whole span."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from planner.core.agenda import Agenda, MachineAgenda, Period
from planner.ui.printing.day_list import down_on, down_texts

LONDON = ZoneInfo("Europe/London")
DAY = date(2026, 11, 24)


def at(hour: int, day: date = DAY) -> datetime:
    return datetime.combine(day, time(hour), LONDON) if hour < 24 else datetime.combine(date(2026, 11, 25), time(0), LONDON)


def test_all_day_downtime_reads_as_the_machines_hours():
    agenda = Agenda(DAY, 1, LONDON)
    machine = MachineAgenda("Linac 1", open_hours=(Period(at(8), at(18)),), downtime=(Period(at(0), at(24), "beam fault"),))
    (period,) = down_on(machine, DAY, agenda)
    assert down_texts(period, agenda) == ("08:00–18:00", "Machine down: beam fault")
    morning = MachineAgenda("Linac 1", open_hours=(Period(at(8), at(18)),), downtime=(Period(at(6), at(10), "QA"),))
    assert [down_texts(p, agenda)[0] for p in down_on(morning, DAY, agenda)] == ["08:00–10:00"]


def test_a_closed_day_keeps_the_whole_span():
    agenda = Agenda(DAY, 1, LONDON)
    machine = MachineAgenda("Linac 1", downtime=(Period(at(0), at(24), "service"),))
    (period,) = down_on(machine, DAY, agenda)
    assert down_texts(period, agenda)[0] == "All day"  # not '00:00–24:00'
    evening = MachineAgenda("Linac 1", downtime=(Period(at(20), at(24), "service"),))
    assert [down_texts(p, agenda)[0] for p in down_on(evening, DAY, agenda)] == ["20:00–24:00"]
