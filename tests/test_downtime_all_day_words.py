"""Downtime from one midnight to another reads 'all day Tue 24 Nov 2026' (or a run of days), not
'Tue 24 Nov 2026 00:00 to Wed 25 Nov 2026 00:00', in a refused move and in the settings' messages."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from planner.app.department_import import downtime_span
from planner.core.agenda import MachineAgenda, Period, check_slot
from planner.core.dates import whole_days_text
from planner.core.department import Downtime

LONDON = ZoneInfo("Europe/London")


def at(day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=LONDON)


def test_whole_days_are_said_as_days():
    assert whole_days_text(at(24), at(25)) == "all day Tue 24 Nov 2026"
    assert whole_days_text(at(24), at(27)) == "all day Tue 24 Nov 2026 to Thu 26 Nov 2026"
    assert whole_days_text(at(24), at(24, 13)) is None
    assert whole_days_text(at(24, 8), at(25)) is None
    assert whole_days_text(at(24), at(24)) is None


def test_a_refused_move_into_a_day_of_downtime_says_all_day():
    machine = MachineAgenda("Linac 3", (Period(at(24, 8), at(24, 18)),), (Period(at(24), at(25), "service"),), ())
    check = check_slot(machine, at(24, 9), at(24, 9, 15), tz=LONDON)
    assert [c.reason for c in check.conflicts] == ["Linac 3 is down all day Tue 24 Nov 2026: service"]
    part = MachineAgenda("Linac 3", (Period(at(24, 8), at(24, 18)),), (Period(at(24, 8), at(24, 13), "QA"),), ())
    assert [c.reason for c in check_slot(part, at(24, 9), at(24, 9, 15), tz=LONDON).conflicts] == ["Linac 3 is down 08:00–13:00: QA"]


def test_the_settings_say_a_day_of_downtime_as_a_day():
    assert downtime_span(Downtime("Linac 3", at(24), at(26))) == "all day Tue 24 Nov 2026 to Wed 25 Nov 2026"
    assert downtime_span(Downtime("Linac 3", at(24, 8), at(24, 13))) == "Tue 24 Nov 2026 08:00–13:00"
