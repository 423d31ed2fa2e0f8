"""A booked course's daily time is the one most of its days begin at: a first session booked earlier (longer, for
set-up and imaging) is that session's move alone, not every other session's."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from planner.app.booking import booked_spec, daily_time_of
from planner.core.course import BOOKED_REASON
from planner.core.department import Booking
from planner.core.kinds import AppointmentKey, AppointmentKind
from planner.core.spec import CourseSpec

LONDON = ZoneInfo("Europe/London")


def fraction(number: int, day: date, at: time, minutes: int = 30) -> Booking:
    start = datetime.combine(day, at, LONDON)
    return Booking("c1", AppointmentKind.FRACTION, number, "Linac 2", start, start + timedelta(minutes=minutes))


def test_the_first_session_booked_earlier_is_its_own_move_and_the_course_keeps_the_others_time(catalogue):
    days = [date(2026, 11, 24) + timedelta(days=n) for n in range(4)]
    held = [fraction(1, days[0], time(8, 0), 40), *(fraction(n + 1, day, time(8, 10)) for n, day in enumerate(days[1:], start=1))]
    assert daily_time_of(held, LONDON) == time(8, 10)
    spec = booked_spec(CourseSpec(site="spine-bone", fractions=4, start=days[0], time=time(9, 0), tz="Europe/London"), held, catalogue)
    assert spec.time == time(8, 10) and spec.start == days[0]
    assert [(m.key, m.reason) for m in spec.adjustments.moves] == [(AppointmentKey.fraction(1), BOOKED_REASON)]


def test_a_tie_takes_the_first_days_time_and_a_days_second_session_does_not_count():
    day = date(2026, 11, 24)
    tie = [fraction(1, day, time(8, 0)), fraction(2, day + timedelta(days=1), time(9, 0))]
    assert daily_time_of(tie, LONDON) == time(8, 0)
    twice = [fraction(1, day, time(8, 0)), fraction(2, day, time(14, 30)), fraction(3, day + timedelta(days=1), time(8, 0)),
             fraction(4, day + timedelta(days=1), time(14, 30))]
    assert daily_time_of(twice, LONDON) == time(8, 0)
