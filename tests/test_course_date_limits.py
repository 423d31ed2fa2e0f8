"""Every date of a course request within the planner's calendar, the refusal naming the field that holds it."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from planner.core.course import Adjustments, MakeUp, MissedSession
from planner.core.errors import Field, InputError

from .helpers import plan


def test_a_make_up_slot_outside_the_calendar_is_refused_as_the_missed_sessions(catalogue):
    missed = MissedSession(date(2026, 11, 4), MakeUp.WEEKEND, make_up_at=datetime(2300, 11, 7, 9, 0))
    with pytest.raises(InputError) as caught:
        plan(catalogue, adjustments=Adjustments(missed=(missed,)))
    assert caught.value.field is Field.MISSED
    assert str(caught.value) == "missed: Wed 7 Nov 2300 is outside the planner's calendar (Mon 1 Jan 1900 to Wed 31 Dec 2200)"
