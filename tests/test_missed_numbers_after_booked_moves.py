"""A booked course's missed session is numbered as the session that day would have given, counting the sessions its
bookings put before it. A closure's session booked on the weekend before a missed day made the patient's calendar read
'Radiotherapy 5 of 10' on Saturday and 'Missed: Radiotherapy 5 of 10' on Tuesday after it: the missed day was numbered
by the plan, which had no weekend session."""

from __future__ import annotations

from datetime import date, datetime

from planner.core.course import BOOKED_REASON, Adjustments, MissedSession, Move
from planner.core.kinds import AppointmentKey

from .helpers import plan

FRIDAY = date(2026, 12, 11)  # the department closed; its session booked on Saturday instead
MISSED = date(2026, 12, 15)  # Tuesday: the patient was unwell


def _course(catalogue, reason: str):
    booked = {5: datetime(2026, 12, 12, 9, 0), 6: datetime(2026, 12, 14, 9, 0), 7: datetime(2026, 12, 16, 9, 0),
              8: datetime(2026, 12, 17, 9, 0), 9: datetime(2026, 12, 18, 9, 0)}
    moves = tuple(Move(AppointmentKey.fraction(n), at, reason) for n, at in booked.items())
    return plan(catalogue, fractions=10, start=date(2026, 12, 7), tz="Europe/London", closures={FRIDAY: "power cut"},
                adjustments=Adjustments(moves=moves, missed=(MissedSession(MISSED),)))


def test_a_missed_day_after_a_booked_weekend_session_reads_as_the_next_session(catalogue):
    schedule = _course(catalogue, BOOKED_REASON)
    given = sorted((f.start, f.number) for f in schedule.fractions if not f.missed)
    before = [number for start, number in given if start.date() < MISSED]
    assert before == [1, 2, 3, 4, 5, 6]  # Saturday's 5 and Monday's 6 before the missed Tuesday
    [missed] = schedule.missed
    assert missed.start.date() == MISSED
    assert missed.number == 7  # the plan alone, with no Saturday session, numbered it 6, as Monday's given session
    assert [number for start, number in given if start.date() > MISSED][0] == 7  # given the next day: the convention


def test_a_course_without_booked_moves_numbers_its_missed_day_as_the_plan_does(catalogue):
    schedule = plan(catalogue, fractions=10, start=date(2026, 12, 7), tz="Europe/London", closures={FRIDAY: "power cut"},
                    adjustments=Adjustments(missed=(MissedSession(MISSED),)))
    [missed] = schedule.missed
    assert missed.number == 6  # Mon 7-Thu 10 (1-4), Friday closed, Monday 14 (5): Tuesday's was the sixth
