"""A small department day as plain agenda data: three machines, a morning downtime, a dozen
bookings. Shared by the view tests and the screenshots."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from planner.core.agenda import Agenda, AgendaEntry, MachineAgenda, Period
from planner.core.kinds import AppointmentKind

TZ = ZoneInfo("Europe/London")
DAY = date(2026, 11, 24)  # a Tuesday
PATIENTS = ("Zoë Ångström", "Amir Haddad", "Bea Lindqvist", "Chen Wei", "Dora Mbeki", "Eamon O'Neill", "Fatima Zahra Idrissi")
NUMBERS = tuple(f"RCC-{k + 1:05d}" for k in range(len(PATIENTS)))  # each patient's hospital number


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=TZ)


def machine_week(name: str, first: date, days: int, rows: list[tuple[int, int, int, int, int]],
                 down: tuple[Period, ...] = ()) -> MachineAgenda:
    """Open 08:00–18:00 on weekdays; `rows` are (patient index, number, total, hour, minute) on every open day."""
    opened = []
    entries = []
    for offset in range(days):
        day = first + timedelta(days=offset)
        if day.weekday() >= 5:
            continue
        opened.append(Period(at(day, 8), at(day, 18)))
        for patient, number, total, hour, minute in rows:
            n = number + offset if total > 1 else number
            if n > total:
                continue
            minutes = 30 if n == 1 else 15
            start = at(day, hour, minute)
            entries.append(AgendaEntry(f"course-{name[-1]}-{patient}", PATIENTS[patient], AppointmentKind.FRACTION,
                                       n, total, start, start + timedelta(minutes=minutes), NUMBERS[patient]))
    return MachineAgenda(name, tuple(opened), down, tuple(entries))


def sample_agenda(days: int = 1, first: date = DAY) -> Agenda:
    linac1 = machine_week("Linac 1", first, days, [(0, 3, 20, 8, 30), (1, 11, 15, 9, 0), (2, 1, 5, 9, 30), (3, 7, 30, 10, 15)])
    linac2 = machine_week("Linac 2", first, days, [(4, 2, 20, 13, 15), (5, 18, 25, 14, 0)],
                          down=(Period(at(DAY, 8), at(DAY, 13), "beam fault"),))
    simulation = AgendaEntry("course-3-6", PATIENTS[6], AppointmentKind.SIMULATION, 1, 1, at(DAY, 11), at(DAY, 11, 30), NUMBERS[6])
    ct = MachineAgenda("CT simulator", tuple(Period(at(first + timedelta(days=i), 8), at(first + timedelta(days=i), 16))
                                             for i in range(days) if (first + timedelta(days=i)).weekday() < 5),
                       (), (simulation,) if first <= DAY < first + timedelta(days=days) else ())
    return Agenda(first, days, TZ, (linac1, linac2, ct))


BUSY_NAMES = ("Patient 0042", "Patient 0043", "Jane Alice Smith", "Maria Garcia Lopez", "Maria Garcia Lozano",
         "Christopher Montgomery", "Christine Montgomery", "Zoë Ångström")


def busy_day() -> Agenda:
    """Twelve linacs open 08:00-18:00, each with the same eight patients a quarter hour apart from 08:00; Linac 3 down
    08:00-11:00 for a beam fault (its patients from 11:00), Linac 7 down 13:00-13:10 without a reason given."""
    machines = []
    for number in range(1, 13):
        first = at(DAY, 11) if number == 3 else at(DAY, 8)
        entries = tuple(AgendaEntry(f"course-{number}-{k}", name, AppointmentKind.FRACTION, 7, 20,
                                    first + timedelta(minutes=15 * k), first + timedelta(minutes=15 * k + 12), f"H{number:02d}{k}")
                        for k, name in enumerate(BUSY_NAMES))
        down = {3: (Period(at(DAY, 8), at(DAY, 11), "beam fault"),),
                7: (Period(at(DAY, 13), at(DAY, 13, 10), "no reason given"),)}.get(number, ())
        machines.append(MachineAgenda(f"Linac {number}", (Period(at(DAY, 8), at(DAY, 18)),), down, entries))
    return Agenda(DAY, 1, TZ, tuple(machines))


def drawn_day(qtbot: Any, palette: Any) -> tuple[Any, Any]:
    """The sample day as the department's day view draws it in `palette`, 900 px wide: the view
    and its picture (for tests that measure what a person would see)."""
    from planner.ui.department_views import DayView

    view = DayView()
    qtbot.addWidget(view)
    view.setPalette(palette)
    view.set_agenda(sample_agenda(), DAY)
    view.resize(900, view.sizeHint().height())
    return view, view.grab().toImage()
