"""Two fractions too close together are said so in words a coordinator reads at once, counted in time
elapsed: 'at the same time' and '40 minutes apart' (it said '0.0 hours apart'), and on the night the
clocks go forward two sessions 6 1/2 hours apart on the clock are 5 1/2 hours apart."""

from __future__ import annotations

from datetime import date, datetime, time

from planner.core.course import Adjustments, Move
from planner.core.kinds import AppointmentKey

from .helpers import plan

RULE = "two sessions need at least 6 hours between them."


def moved(catalogue, number: int, to: datetime, **extra: object) -> list[str]:
    return plan(catalogue, fractions=5, adjustments=Adjustments(moves=(Move(AppointmentKey.fraction(number), to),)), **extra).warnings


def test_sessions_at_one_time_or_minutes_apart_are_said_so(catalogue):
    assert f"Fractions 1 and 2 are at the same time; {RULE}" in moved(catalogue, 2, datetime(2026, 11, 2, 9, 0))
    assert f"Fractions 1 and 2 are 40 minutes apart; {RULE}" in moved(catalogue, 2, datetime(2026, 11, 2, 9, 40))
    assert f"Fractions 1 and 2 are 3.0 hours apart; {RULE}" in moved(catalogue, 2, datetime(2026, 11, 2, 12, 0))


def test_the_gap_is_the_time_elapsed_across_the_clock_change(catalogue):
    every_day = frozenset(range(7))
    night = dict(start=date(2027, 3, 13), at=time(0, 30), days=every_day)  # New York: 02:00 becomes 03:00 on 14 March
    assert f"Fractions 2 and 3 are 5.5 hours apart; {RULE}" in moved(catalogue, 3, datetime(2027, 3, 14, 7, 0), **night)
    assert not [w for w in moved(catalogue, 3, datetime(2027, 3, 14, 8, 0), **night) if "apart" in w]
