"""A moved appointment or a planning scan more than six months from the course is most likely a mistyped year:
the schedule warns of it (so the window's warnings and the command line both say it), as the window already did of a
first fraction that far away. `plan --move 1=1900-01-01T00:00` gave an overall time of 46,373 days without a word."""

from __future__ import annotations

import json
from datetime import date, datetime

from planner.cli import main
from planner.core.course import Adjustments
from planner.core.kinds import AppointmentKey, AppointmentKind

from .helpers import plan

COURSE = ["plan", "--site", "prostate", "--preset", "20-daily", "--tz", "UTC", "--start", "2026-11-23",
          "--holidays", "none", "--json"]


def _warnings(capsys, *extra: str) -> list[str]:
    assert main([*COURSE, *extra]) == 0
    return json.loads(capsys.readouterr().out)["warnings"]


def test_a_fraction_moved_years_away_is_warned_of(capsys):
    warnings = _warnings(capsys, "--move", "1=1900-01-01T00:00")
    assert "Fraction 1 was moved to Mon 1 Jan 1900, more than six months from its planned day (Mon 23 Nov 2026): " \
           "check the year." in warnings


def test_a_follow_up_moved_years_later_is_warned_of(catalogue):
    adjustments = Adjustments().with_move(AppointmentKey(AppointmentKind.FOLLOW_UP), datetime(2062, 1, 16, 9, 0))
    schedule = plan(catalogue, site="prostate", fractions=20, start=date(2026, 11, 23), tz="UTC", follow_up_weeks=4,
                    adjustments=adjustments)
    assert [w for w in schedule.warnings if "check the year" in w] == [
        "Follow-up was moved to Mon 16 Jan 2062, more than six months from its planned day (Fri 15 Jan 2027): "
        "check the year."]


def test_a_planning_scan_years_before_the_course_is_warned_of(capsys):
    warnings = _warnings(capsys, "--simulation", "1900-01-01T00:00")
    assert "The planning scan (Mon 1 Jan 1900) is more than six months before the first fraction (Mon 23 Nov 2026): " \
           "check the year." in warnings


def test_a_move_and_a_scan_near_the_course_are_not_warned_of(capsys):
    warnings = _warnings(capsys, "--move", "1=2026-11-20T09:00", "--simulation", "2026-06-01T09:00")
    assert not [w for w in warnings if "check the year" in w]
