"""The nightly re-optimisation on hand-built departments: a course the greedy booking made wait
starts on its ready day once another unstarted course moves aside; a started course never moves;
nothing starts later; a course that gains nothing keeps its times; the engine changes all or nothing."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from planner.booking.engine import BookingConflict, BookingEngine
from planner.booking.model import BookableMachine, BookingPolicy, CourseNeed, ReviewNeed, SessionNeed
from planner.booking.reoptimise import reoptimise
from planner.core.clinic import ClinicCalendar
from planner.core.kinds import AppointmentKind

TZ = ZoneInfo("Europe/London")
FRIDAY = date(2027, 3, 5)
MONDAY = date(2027, 3, 8)
TUESDAY = date(2027, 3, 9)
HALF_HOUR = {d: (time(8, 0), time(8, 30)) for d in range(5)}


def department() -> BookingEngine:
    """Two matched linacs open half an hour a day on a 15-minute grid; only Linac 1 treats SBRT."""
    machines = [BookableMachine("Linac 1", "A", frozenset({"sbrt"}), HALF_HOUR, 15),
                BookableMachine("Linac 2", "A", frozenset(), HALF_HOUR, 15)]
    return BookingEngine(machines, ClinicCalendar(), TZ, BookingPolicy(urgent_reserve=0.0))


def course(course_id: str, minutes: int, earliest: date, fractions: int = 1, requires: frozenset[str] = frozenset(),
           machine: str | None = None) -> CourseNeed:
    sessions = tuple(SessionNeed(n, minutes, 0 if n == 1 else 1) for n in range(1, fractions + 1))
    return CourseNeed(course_id, sessions, requires=requires, earliest=earliest, preferred_machine=machine)


def first(engine: BookingEngine, course_id: str) -> tuple[str, datetime]:
    fraction = min((b for b in engine.bookings(course_id) if b.kind is AppointmentKind.FRACTION), key=lambda b: b.start)
    return fraction.machine, fraction.start


def booked_with_a_wait(engine: BookingEngine) -> None:
    """Booked on Friday for Monday: a 15-minute course takes Linac 1 first, so the SBRT course that
    needs Linac 1's whole half hour waits for Tuesday, though Linac 2 had room for the first one."""
    engine.book_best(course("short", 15, MONDAY), FRIDAY)
    assert first(engine, "short") == ("Linac 1", datetime(2027, 3, 8, 8, 0, tzinfo=TZ))
    waited = engine.book_best(course("sbrt", 30, MONDAY, requires=frozenset({"sbrt"})), FRIDAY)
    assert waited.wait_days == 1 and waited.first == TUESDAY


def test_the_waiting_course_starts_on_its_ready_day_once_another_moves_aside():
    engine = department()
    booked_with_a_wait(engine)
    result = reoptimise(engine, FRIDAY)
    assert first(engine, "sbrt") == ("Linac 1", datetime(2027, 3, 8, 8, 0, tzinfo=TZ))
    assert first(engine, "short") == ("Linac 2", datetime(2027, 3, 8, 8, 0, tzinfo=TZ))
    assert result.status == "OPTIMAL" and result.waiting == 1 and result.days_saved == 1
    changes = {c.course_id: c for c in result.changes}
    assert set(changes) == {"sbrt", "short"} and result.unchanged == 0
    assert (changes["sbrt"].from_first, changes["sbrt"].to_first) == (TUESDAY, MONDAY)
    assert (changes["sbrt"].wait_before, changes["sbrt"].wait_after) == (1, 0)
    assert (changes["short"].from_machine, changes["short"].to_machine) == ("Linac 1", "Linac 2")
    assert {(m.course_id, m.number, m.from_machine, m.to_machine, m.how) for m in result.moved} == {
        ("sbrt", 1, "Linac 1", "Linac 1", "re-optimised"), ("short", 1, "Linac 1", "Linac 2", "re-optimised")}
    assert engine.placement("short") == ("Linac 2", time(8, 0))
    assert reoptimise(engine, FRIDAY).changes == ()  # nothing waits any more: a second run changes nothing


def test_a_dry_run_reports_the_same_answer_and_changes_nothing():
    engine = department()
    booked_with_a_wait(engine)
    before = {c: engine.bookings(c) for c in engine.booked_courses()}
    dry = reoptimise(engine, FRIDAY, apply=False)
    assert {c: engine.bookings(c) for c in engine.booked_courses()} == before
    applied = reoptimise(engine, FRIDAY)
    assert dry.changes == applied.changes and dry.moved == applied.moved


def test_the_same_bookings_give_the_same_answer_every_run():
    answers = []
    for _ in range(2):
        engine = department()
        booked_with_a_wait(engine)
        engine.book_best(course("other", 15, TUESDAY, fractions=3), FRIDAY)
        answers.append((reoptimise(engine, FRIDAY).changes, {c: engine.bookings(c) for c in engine.booked_courses()}))
    assert answers[0] == answers[1]


def test_a_started_course_never_moves_even_where_moving_it_would_make_room():
    engine = department()
    # Started on Thursday: Linac 2's whole half hour on Thursday, Friday and Monday.
    engine.book_best(course("started", 30, date(2027, 3, 4), fractions=3, machine="Linac 2"), date(2027, 3, 3))
    assert first(engine, "started") == ("Linac 2", datetime(2027, 3, 4, 8, 0, tzinfo=TZ))
    held = engine.bookings("started")
    booked_with_a_wait(engine)
    result = reoptimise(engine, FRIDAY)
    assert engine.bookings("started") == held
    assert result.changes == () and result.waiting == 1
    assert first(engine, "sbrt")[1].date() == TUESDAY


def test_a_course_that_gains_nothing_keeps_the_times_its_patient_was_told():
    engine = department()
    booked_with_a_wait(engine)
    engine.book_best(course("later", 15, date(2027, 3, 10), fractions=3), FRIDAY)  # on its ready day already
    told = engine.bookings("later")
    result = reoptimise(engine, FRIDAY)
    assert engine.bookings("later") == told
    assert "later" not in result.updated_courses


def test_nothing_waits_so_nothing_runs():
    engine = department()
    engine.book_best(course("short", 15, MONDAY), FRIDAY)
    result = reoptimise(engine, FRIDAY)
    assert result.status == "nothing waits" and result.changes == () and result.waiting == 0


def test_a_course_beyond_the_horizon_is_left_alone():
    engine = department()
    later = MONDAY + timedelta(days=21)
    engine.book_best(course("short", 15, later), FRIDAY)
    engine.book_best(course("sbrt", 30, later, requires=frozenset({"sbrt"})), FRIDAY)
    assert reoptimise(engine, FRIDAY, days=5).status == "nothing waits"
    assert reoptimise(engine, FRIDAY, days=20).days_saved == 1


def test_re_booking_courses_is_all_or_nothing():
    engine = department()
    booked_with_a_wait(engine)
    engine.book_best(course("blocker", 15, date(2027, 3, 10)), FRIDAY)
    before = {c: engine.bookings(c) for c in engine.booked_courses()}
    placements = dict(reoptimise(engine, FRIDAY, apply=False).placements)
    clash = engine.bookings("blocker")[0]  # the move of "short" is fine; one onto the blocker's time is not
    moved = [b if b.kind is not AppointmentKind.FRACTION else type(b)(b.course_id, b.kind, b.number, clash.machine, clash.start,
                                                                      clash.end)
             for b in placements["sbrt"].bookings]
    placements["sbrt"] = replace(placements["sbrt"], bookings=tuple(moved))
    with pytest.raises(BookingConflict):
        engine.rebook_courses(placements)
    assert {c: engine.bookings(c) for c in engine.booked_courses()} == before


def test_a_course_placed_anew_has_its_reviews_booked_again_in_a_clinic_room():
    machines = [BookableMachine("Linac 1", "A", frozenset({"sbrt"}), HALF_HOUR, 15),
                BookableMachine("Linac 2", "A", frozenset(), HALF_HOUR, 15),
                BookableMachine("Room 1", "rooms", frozenset({"room"}), {d: (time(8, 0), time(17, 0)) for d in range(5)}, 15)]
    engine = BookingEngine(machines, ClinicCalendar(), TZ, BookingPolicy(urgent_reserve=0.0))
    engine.book_best(course("short", 15, MONDAY), FRIDAY)
    sessions = tuple(SessionNeed(n, 30, 0 if n == 1 else 1) for n in range(1, 4))
    engine.book_best(CourseNeed("sbrt", sessions, requires=frozenset({"sbrt"}), earliest=MONDAY,
                                reviews=ReviewNeed(weekday=0, minutes=15)), FRIDAY)
    assert first(engine, "sbrt")[1].date() == TUESDAY
    reoptimise(engine, FRIDAY)
    held = engine.bookings("sbrt")
    fractions = [b for b in held if b.kind is AppointmentKind.FRACTION]
    reviews = [b for b in held if b.kind is AppointmentKind.REVIEW]
    assert fractions[0].start.date() == MONDAY
    assert len(reviews) == 1 and reviews[0].machine == "Room 1"
    assert reviews[0].start == fractions[0].end  # right after Monday's fraction, the review weekday


def test_room_opened_since_booking_is_taken_without_moving_anyone_else():
    """The urgent reserve (here the second half hour of a one-hour day) is held for urgent starts
    until two working days ahead: a course booked on Monday for Friday waits for the next Monday.
    On Wednesday night Friday's reserve is open to it: it starts on Friday in that half hour, and
    the course holding Friday's first half hour keeps the time its patient was told."""
    hour = {d: (time(8, 0), time(9, 0)) for d in range(5)}
    engine = BookingEngine([BookableMachine("Linac 1", "A", frozenset(), hour, 15)], ClinicCalendar(), TZ,
                           BookingPolicy(urgent_reserve=0.5, reserve_release_days=2))
    monday, wednesday, friday, next_monday = date(2027, 3, 1), date(2027, 3, 3), date(2027, 3, 5), date(2027, 3, 8)
    engine.book_best(course("told", 30, friday), monday)
    assert first(engine, "told") == ("Linac 1", datetime(2027, 3, 5, 8, 0, tzinfo=TZ))
    assert engine.book_best(course("waiting", 30, friday), monday).first == next_monday
    result = reoptimise(engine, wednesday)
    assert first(engine, "waiting") == ("Linac 1", datetime(2027, 3, 5, 8, 30, tzinfo=TZ))
    assert first(engine, "told") == ("Linac 1", datetime(2027, 3, 5, 8, 0, tzinfo=TZ))
    assert [c.course_id for c in result.changes] == ["waiting"] and result.days_saved == 1
