"""The engine's moving back (`BookingEngine.move_back`) checks a session's old slot with the course's own rules as a move
by hand does (`CourseRules`), and with the days the course marks missed, as booking does (`open_for`)."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from planner.core.department import Downtime

from .test_booking_closure import fractions
from .test_booking_engine import MONDAY, TZ, engine, linac, need


def test_a_session_does_not_go_back_to_a_day_the_course_now_marks_missed():
    """Tuesday's session went to the end of the course; the patient has since said they cannot come on Tuesday (the
    course marks it missed). The machine is back: the old slot is free, but the session stays, as booking would not put
    it there. Before, moving back did not read the missed days."""
    tuesday = MONDAY + timedelta(days=1)
    first = engine(linac("Linac 1"))
    first.book_best(need("a", preferred_machine="Linac 1", preferred_time=time(9, 0)), MONDAY)
    old = next(b for b in fractions(first, "a") if b.start.astimezone(TZ).date() == tuesday)
    first.add_downtime(Downtime("Linac 1", datetime.combine(tuesday, time(7, 0), tzinfo=TZ),
                                datetime.combine(tuesday, time(18, 0), tzinfo=TZ)), MONDAY)
    held = fractions(first, "a")
    current = max(held, key=lambda b: b.start)
    assert current.start.astimezone(TZ).date() > tuesday

    for missed, stays in ((frozenset(), False), (frozenset({tuesday}), True)):
        back = engine(linac("Linac 1"))  # the machine back, the course as it is now
        back.restore(need("a", preferred_machine="Linac 1", preferred_time=time(9, 0), missed_days=missed), held, "Linac 1", time(9, 0))
        result = back.move_back([(current, old)], MONDAY)
        if stays:
            assert result.back == () and [why for _, why in result.stayed] == [
                "the course marks Tue 3 Nov 2026 missed (the patient does not come that day)"]
            assert fractions(back, "a") == held
        else:
            assert [placed.start for _, placed in result.back] == [old.start] and result.stayed == ()
