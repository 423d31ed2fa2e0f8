"""Which courses the nightly re-optimisation looks at, and from which day their wait counts: the
day after tonight, the horizon's last day, a course starting today, a course missing a fraction, a
wait counted from the planning scan, the start days tried one by one and the courses in a waiting
course's way. In Sydney, eleven hours ahead of UTC: a morning session is the day before in UTC."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from planner.booking.engine import BookingEngine
from planner.booking.model import BookableMachine, BookingPolicy, CourseNeed, ReviewNeed, SessionNeed
from planner.booking.reoptimise import CourseChange, reoptimise
from planner.core.clinic import ClinicCalendar
from planner.core.department import CT_CAPABILITY, ROOM_CAPABILITY, Booking, Downtime
from planner.core.kinds import AppointmentKind

TZ = ZoneInfo("Australia/Sydney")
WEDNESDAY = date(2027, 3, 3)
THURSDAY = date(2027, 3, 4)
FRIDAY = date(2027, 3, 5)
MONDAY = date(2027, 3, 8)
TUESDAY = date(2027, 3, 9)
NEXT_WEDNESDAY = date(2027, 3, 10)
HALF_HOUR = {d: (time(8, 0), time(8, 30)) for d in range(5)}
SBRT = frozenset({"sbrt"})


def department(*more: BookableMachine) -> BookingEngine:
    """Two matched linacs open 08:00-08:30 on a 15-minute grid; only Linac 1 treats SBRT."""
    machines = [BookableMachine("Linac 1", "A", SBRT, HALF_HOUR, 15), BookableMachine("Linac 2", "A", frozenset(), HALF_HOUR, 15),
                *more]
    return BookingEngine(machines, ClinicCalendar(), TZ, BookingPolicy(urgent_reserve=0.0))


def course(course_id: str, minutes: int, earliest: date | None, fractions: int = 1, requires: frozenset[str] = frozenset(),
           machine: str | None = None, **more: object) -> CourseNeed:
    sessions = tuple(SessionNeed(n, minutes, 0 if n == 1 else 1) for n in range(1, fractions + 1))
    return CourseNeed(course_id, sessions, requires=requires, earliest=earliest, preferred_machine=machine, **more)  # type: ignore[arg-type]


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=TZ)


def first(engine: BookingEngine, course_id: str) -> tuple[str, datetime]:
    fraction = min((b for b in engine.bookings(course_id) if b.kind is AppointmentKind.FRACTION), key=lambda b: b.start)
    return fraction.machine, fraction.start.astimezone(TZ)


def down(engine: BookingEngine, machine: str, day: date) -> None:
    """The machine down all of its half hour on `day` (recorded a week before)."""
    engine.add_downtime(Downtime(machine, at(day, 8), at(day, 8, 30), "service"), date(2027, 2, 26))


def sbrt_waits(engine: BookingEngine, earliest: date | None = MONDAY, **more: object) -> None:
    """The SBRT course (Linac 1's whole half hour) booked on Friday for Monday."""
    engine.book_best(course("sbrt", 30, earliest, requires=SBRT, **more), FRIDAY)


def test_a_change_of_single_appointments_only_says_so():
    same = CourseChange("kim", MONDAY, "Linac 1", time(8), MONDAY, "Linac 1", time(8), 0, 0)
    assert same.what_changed() == "same start, daily time and machine; single appointments moved"


def test_nothing_waits_reports_an_empty_run():
    engine = department()
    engine.book_best(course("short", 15, MONDAY), FRIDAY)
    result = reoptimise(engine, FRIDAY)
    assert (result.status, result.waiting, result.unchanged, result.changes, result.moved, result.placements) == (
        "nothing waits", 0, 0, (), (), ())


def test_a_course_booked_for_the_next_working_day_does_not_wait_though_its_ready_day_has_passed():
    engine = department()
    engine.book_best(course("short", 15, WEDNESDAY), WEDNESDAY)
    engine.unbook("short")
    engine.restore(course("short", 15, WEDNESDAY), (Booking("short", AppointmentKind.FRACTION, 1, "Linac 1", at(MONDAY, 8),
                                                            at(MONDAY, 8, 15)),), "Linac 1", time(8))
    result = reoptimise(engine, FRIDAY)  # Friday night: Monday is the soonest it could start
    assert (result.status, result.waiting, result.changes) == ("nothing waits", 0, ())
    assert first(engine, "short") == ("Linac 1", at(MONDAY, 8))


def test_room_freed_for_tomorrow_is_taken_by_a_course_ready_tomorrow():
    engine = department()
    for name in ("Linac 1", "Linac 2"):
        engine.book_best(course(f"full {name}", 30, FRIDAY, machine=name), WEDNESDAY)
    engine.book_best(course("late", 30, FRIDAY), WEDNESDAY)
    assert first(engine, "late")[1] == at(MONDAY, 8)
    engine.unbook("full Linac 2")  # cancelled on Thursday
    result = reoptimise(engine, THURSDAY)
    assert first(engine, "late") == ("Linac 2", at(FRIDAY, 8))
    assert [(c.course_id, c.wait_before, c.wait_after) for c in result.changes] == [("late", 1, 0)]


def test_a_course_starting_on_the_horizons_last_day_is_looked_at():
    engine = department()
    engine.book_best(course("short", 15, MONDAY), FRIDAY)
    sbrt_waits(engine)
    assert first(engine, "sbrt")[1] == at(TUESDAY, 8)
    result = reoptimise(engine, FRIDAY, days=2)  # Monday and Tuesday
    assert result.last_day == TUESDAY
    assert first(engine, "sbrt") == ("Linac 1", at(MONDAY, 8)) and result.days_saved == 1


def test_a_course_that_started_today_keeps_every_session():
    engine = department()
    # Started on Friday morning: Linac 1's first quarter hour on Friday, Monday and Tuesday.
    started = course("started", 15, FRIDAY, fractions=3, machine="Linac 1")
    engine.restore(started, [Booking("started", AppointmentKind.FRACTION, n, "Linac 1", at(day, 8), at(day, 8, 15))
                             for n, day in enumerate((FRIDAY, MONDAY, TUESDAY), start=1)], "Linac 1", time(8))
    held = engine.bookings("started")
    sbrt_waits(engine)
    assert first(engine, "sbrt")[1] == at(NEXT_WEDNESDAY, 8)
    result = reoptimise(engine, FRIDAY)
    assert engine.bookings("started") == held
    assert result.changes == () and first(engine, "sbrt")[1] == at(NEXT_WEDNESDAY, 8)


def test_a_course_missing_a_fraction_stays_as_it_is_and_the_others_are_still_placed_anew():
    engine = department()
    # Two fractions needed, one left unplaced by a breakdown: the coordinator places it by hand.
    partial = course("partial", 15, MONDAY, fractions=2, machine="Linac 2")
    engine.restore(partial, [Booking("partial", AppointmentKind.FRACTION, 1, "Linac 2", at(NEXT_WEDNESDAY, 8),
                                     at(NEXT_WEDNESDAY, 8, 15))], "Linac 2", time(8))
    held = engine.bookings("partial")
    engine.book_best(course("short", 15, MONDAY), FRIDAY)
    sbrt_waits(engine)
    result = reoptimise(engine, FRIDAY)
    assert engine.bookings("partial") == held
    assert first(engine, "sbrt") == ("Linac 1", at(MONDAY, 8))
    assert sorted(c.course_id for c in result.changes) == ["sbrt", "short"]


def test_a_course_that_cannot_start_earlier_does_not_stop_the_others():
    tbi = BookableMachine("Linac 3", "B", frozenset({"tbi"}), {d: (time(8), time(8, 30)) for d in range(1, 5)}, 15)
    engine = department(tbi)
    engine.book_best(course("a-stuck", 30, MONDAY, requires=frozenset({"tbi"})), FRIDAY)  # Linac 3 is closed on Mondays
    assert first(engine, "a-stuck")[1] == at(TUESDAY, 8)
    engine.book_best(course("short", 15, MONDAY), FRIDAY)
    sbrt_waits(engine)
    result = reoptimise(engine, FRIDAY)
    assert result.waiting == 2
    assert first(engine, "a-stuck")[1] == at(TUESDAY, 8)
    assert first(engine, "sbrt") == ("Linac 1", at(MONDAY, 8))
    assert sorted(c.course_id for c in result.changes) == ["sbrt", "short"]


def test_a_wait_counts_from_the_planning_scan_plus_the_planning_days():
    ct = BookableMachine("CT", "CT", frozenset({CT_CAPABILITY}), {d: (time(8), time(17)) for d in range(5)}, 15)
    engine = department(ct)
    engine.book_best(course("short", 15, MONDAY), FRIDAY)
    # Scanned on Wednesday morning, two working days to plan: ready on Friday, booked from Tuesday.
    need = course("sbrt", 30, None, requires=SBRT, planning_days=2)
    scan = Booking("sbrt", AppointmentKind.SIMULATION, 1, "CT", at(WEDNESDAY, 8), at(WEDNESDAY, 8, 30))
    engine.restore(need, [scan, Booking("sbrt", AppointmentKind.FRACTION, 1, "Linac 1", at(TUESDAY, 8), at(TUESDAY, 8, 30))],
                   "Linac 1", time(8))
    result = reoptimise(engine, THURSDAY)
    assert [(c.course_id, c.wait_before, c.wait_after) for c in result.changes if c.course_id == "sbrt"] == [("sbrt", 2, 0)]
    assert first(engine, "sbrt") == ("Linac 1", at(FRIDAY, 8))
    assert scan in engine.bookings("sbrt")  # the scan is kept as booked


def test_without_a_ct_simulator_the_wait_counts_from_the_wanted_scan_time():
    engine = department()
    engine.book_best(course("short", 15, MONDAY), FRIDAY)
    sbrt_waits(engine, None, planning_days=2, simulation_at=at(THURSDAY, 8))  # ready on Monday
    assert first(engine, "sbrt")[1] == at(TUESDAY, 8)
    result = reoptimise(engine, FRIDAY)
    assert [(c.course_id, c.wait_before, c.wait_after) for c in result.changes if c.course_id == "sbrt"] == [("sbrt", 1, 0)]
    assert first(engine, "sbrt") == ("Linac 1", at(MONDAY, 8))


def test_every_day_between_the_ready_day_and_the_booked_one_is_tried():
    engine = department()
    down(engine, "Linac 1", MONDAY)
    engine.book_best(course("tuesday", 15, TUESDAY, machine="Linac 1"), FRIDAY)
    sbrt_waits(engine)
    assert first(engine, "sbrt")[1] == at(NEXT_WEDNESDAY, 8)
    result = reoptimise(engine, FRIDAY)
    assert first(engine, "sbrt") == ("Linac 1", at(TUESDAY, 8))
    assert first(engine, "tuesday") == ("Linac 2", at(TUESDAY, 8))
    assert result.days_saved == 1


def test_a_course_in_the_way_on_the_ready_day_moves_though_the_next_day_holds_none():
    engine = department()
    engine.book_best(course("monday", 15, MONDAY, machine="Linac 1"), FRIDAY)
    down(engine, "Linac 1", TUESDAY)
    sbrt_waits(engine)
    assert first(engine, "sbrt")[1] == at(NEXT_WEDNESDAY, 8)
    reoptimise(engine, FRIDAY)
    assert first(engine, "sbrt") == ("Linac 1", at(MONDAY, 8))
    assert first(engine, "monday") == ("Linac 2", at(MONDAY, 8))


def test_a_course_in_the_way_on_two_days_is_placed_anew_once():
    engine = department()
    engine.book_best(course("twice", 15, MONDAY, fractions=2, machine="Linac 1"), FRIDAY)
    sbrt_waits(engine)
    assert first(engine, "sbrt")[1] == at(NEXT_WEDNESDAY, 8)
    result = reoptimise(engine, FRIDAY)
    assert first(engine, "sbrt") == ("Linac 1", at(MONDAY, 8))
    assert sorted(c.course_id for c in result.changes) == ["sbrt", "twice"] and result.unchanged == 0
    assert sorted((m.course_id, m.number) for m in result.moved) == [("sbrt", 1), ("twice", 1), ("twice", 2)]



def scanned_with_reviews() -> CourseNeed:
    """Three SBRT fractions from Monday, scanned on Thursday, reviewed in a clinic room each Monday."""
    sessions = tuple(SessionNeed(n, 30, 0 if n == 1 else 1) for n in range(1, 4))
    return CourseNeed("sbrt", sessions, requires=SBRT, earliest=MONDAY, simulation_minutes=15, simulation_at=at(THURSDAY, 8),
                      reviews=ReviewNeed(weekday=0, minutes=15))


def ct_and_room() -> BookingEngine:
    every_day = {d: (time(8), time(17)) for d in range(5)}
    return department(BookableMachine("CT", "CT", frozenset({CT_CAPABILITY}), every_day, 15),
                      BookableMachine("Room 1", "rooms", frozenset({ROOM_CAPABILITY}), every_day, 15))


def test_a_course_placed_anew_keeps_its_planning_scan_and_reports_its_review_moved_as_a_review():
    engine = ct_and_room()
    engine.book_best(course("short", 15, MONDAY), FRIDAY)
    engine.book_best(scanned_with_reviews(), WEDNESDAY)
    scan = next(b for b in engine.bookings("sbrt") if b.kind is AppointmentKind.SIMULATION)
    assert first(engine, "sbrt")[1] == at(TUESDAY, 8) and scan.start == at(THURSDAY, 8)
    result = reoptimise(engine, FRIDAY)
    held = engine.bookings("sbrt")
    assert [b for b in held if b.kind is AppointmentKind.SIMULATION] == [scan]
    assert [(b.kind, b.machine, b.start) for b in held if b.kind is AppointmentKind.REVIEW] == [
        (AppointmentKind.REVIEW, "Room 1", at(MONDAY, 8, 30))]
    assert sorted((m.kind.value, m.number, m.from_start, m.to_start) for m in result.moved if m.course_id == "sbrt") == [
        ("fraction", 1, at(TUESDAY, 8), at(MONDAY, 8)), ("fraction", 2, at(NEXT_WEDNESDAY, 8), at(TUESDAY, 8)),
        ("fraction", 3, at(date(2027, 3, 11), 8), at(NEXT_WEDNESDAY, 8)), ("review", 1, at(TUESDAY, 8, 30), at(MONDAY, 8, 30))]


def test_a_review_no_room_could_take_before_is_booked_but_not_reported_as_moved():
    engine = ct_and_room()
    engine.book_best(course("short", 15, MONDAY), FRIDAY)
    engine.book_best(scanned_with_reviews(), WEDNESDAY)
    without_review = [b for b in engine.bookings("sbrt") if b.kind is not AppointmentKind.REVIEW]
    engine.unbook("sbrt")
    engine.restore(scanned_with_reviews(), without_review, "Linac 1", time(8))
    result = reoptimise(engine, FRIDAY)
    assert [b.start for b in engine.bookings("sbrt") if b.kind is AppointmentKind.REVIEW] == [at(MONDAY, 8, 30)]
    assert sorted((m.kind.value, m.number) for m in result.moved if m.course_id == "sbrt") == [
        ("fraction", 1), ("fraction", 2), ("fraction", 3)]


@pytest.mark.parametrize("prefer", [None, time(8, 15)])
def test_a_course_in_the_way_moves_to_a_free_time_later_that_day_on_its_only_machine(prefer: time | None):
    """Linac 1 (the only SBRT linac) is open 08:00-08:45: the quarter hour booked at 08:15 leaves no
    half hour on Monday, so the SBRT course waits for Tuesday. Moved to 08:30, the quarter-hour
    course (scanned on Thursday) makes room for it at 08:00 on its ready day, and keeps its scan,
    whether or not it asked for 08:15."""
    hours = {d: (time(8, 0), time(8, 45)) for d in range(5)}
    engine = BookingEngine([BookableMachine("Linac 1", "A", SBRT, hours, 15), BookableMachine("Linac 2", "A", frozenset(), hours, 15),
                            BookableMachine("CT", "CT", frozenset({CT_CAPABILITY}), hours, 15)],
                           ClinicCalendar(), TZ, BookingPolicy(urgent_reserve=0.0))
    scan = Booking("quarter", AppointmentKind.SIMULATION, 1, "CT", at(THURSDAY, 8), at(THURSDAY, 8, 15))
    engine.restore(course("quarter", 15, MONDAY, requires=SBRT, simulation_minutes=15, preferred_time=prefer),
                   [scan, Booking("quarter", AppointmentKind.FRACTION, 1, "Linac 1", at(MONDAY, 8, 15), at(MONDAY, 8, 30))],
                   "Linac 1", time(8, 15))
    sbrt_waits(engine)
    assert first(engine, "sbrt") == ("Linac 1", at(TUESDAY, 8))
    result = reoptimise(engine, FRIDAY)
    assert first(engine, "sbrt") == ("Linac 1", at(MONDAY, 8))
    assert first(engine, "quarter") == ("Linac 1", at(MONDAY, 8, 30)) and scan in engine.bookings("quarter")
    assert [(c.course_id, c.to_time) for c in result.changes] == [("sbrt", time(8)), ("quarter", time(8, 30))]


def test_a_course_is_not_split_over_two_machines_to_start_a_day_earlier():
    """Ready on Monday and booked on Linac 2 from Tuesday: starting on Monday would put one of its
    two fractions on each linac (Linac 2 is down on Monday, Linac 1 on Tuesday). A change of machine
    costs the patient more than a day's wait: it keeps its booking."""
    engine = department()
    down(engine, "Linac 2", MONDAY)
    down(engine, "Linac 1", TUESDAY)
    two = course("two", 30, MONDAY, fractions=2)
    engine.restore(two, [Booking("two", AppointmentKind.FRACTION, n, "Linac 2", at(day, 8), at(day, 8, 30))
                         for n, day in ((1, TUESDAY), (2, NEXT_WEDNESDAY))], "Linac 2", time(8))
    held = engine.bookings("two")
    result = reoptimise(engine, FRIDAY)
    assert result.waiting == 1 and result.changes == ()
    assert engine.bookings("two") == held


def test_no_course_starts_later_than_booked_even_to_let_another_start_two_days_earlier():
    engine = department()
    engine.book_best(course("first", 30, MONDAY, fractions=2, requires=SBRT), FRIDAY)  # Linac 1 on Monday and Tuesday
    sbrt_waits(engine)
    assert first(engine, "sbrt")[1] == at(NEXT_WEDNESDAY, 8)
    held = {c: engine.bookings(c) for c in ("first", "sbrt")}
    result = reoptimise(engine, FRIDAY)
    assert result.waiting == 1 and result.changes == ()
    assert {c: engine.bookings(c) for c in ("first", "sbrt")} == held
