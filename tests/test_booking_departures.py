"""A course starts on the earliest day its first fraction fits, departing from its machine or daily
time on the few days they are taken, and reports how far (issue 13: wait no worse than
first-fit); the later start on one machine at one time stays among the proposals."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from planner.booking.engine import BookingEngine
from planner.booking.model import BookableMachine, BookingPolicy, CourseNeed, Proposal, ReviewNeed
from planner.booking.needs import daily_sessions
from planner.core.clinic import ClinicCalendar
from planner.core.department import Booking
from planner.core.kinds import AppointmentKind

from .helpers import leave_free

TZ = ZoneInfo("Europe/London")
MONDAY = date(2026, 11, 2)
HOURS = {d: (time(8, 0), time(18, 0)) for d in range(5)}


def engine(*names: str, policy: BookingPolicy | None = None) -> BookingEngine:
    machines = tuple(BookableMachine(name, "A", frozenset({"room"} if name.startswith("Room") else ()), HOURS) for name in names)
    return BookingEngine(machines, ClinicCalendar(), TZ, policy or BookingPolicy(urgent_reserve=0.0))


def week(first: date = MONDAY) -> list[date]:
    return [first + timedelta(days=k) for k in range(5)]


def placed(proposal: Proposal) -> list[tuple[date, time, str]]:
    return [(b.start.astimezone(TZ).date(), b.start.astimezone(TZ).time(), b.machine) for b in proposal.fractions]


def course(fractions: int = 5, extra: int = 10) -> CourseNeed:
    return CourseNeed("a", daily_sessions(fractions, 15, extra), earliest=MONDAY)


def taken_on_wednesday(eng: BookingEngine) -> None:
    """Monday has room for the 25-minute first fraction at 09:00; Tuesday, Thursday and Friday for
    15 minutes at 09:00; Wednesday only at 10:00. The week after is free."""
    leave_free(eng, "Linac 1", MONDAY, (time(9, 0), time(9, 25)))
    for day in week()[1:]:
        leave_free(eng, "Linac 1", day, (time(10, 0), time(10, 15)) if day.weekday() == 2 else (time(9, 0), time(9, 15)))


def test_a_course_whose_slot_is_taken_on_one_day_starts_on_the_earliest_day_anyway():
    eng = engine("Linac 1")
    taken_on_wednesday(eng)
    best = eng.book_best(course(), MONDAY)
    assert best.first == MONDAY and best.wait_days == 0
    assert best.machine == "Linac 1" and best.time == time(9, 0)
    wednesday = MONDAY + timedelta(days=2)
    assert placed(best) == [(day, time(10, 0) if day == wednesday else time(9, 0), "Linac 1") for day in week()]
    assert (best.off_time, best.off_machine, best.off_group) == (1, 0, 0)


def test_the_start_on_one_machine_at_one_time_is_still_offered_later():
    eng = engine("Linac 1")
    taken_on_wednesday(eng)
    answer = eng.propose(course(), MONDAY)
    assert answer.best is not None and answer.best.first == MONDAY and answer.best.off_time == 1
    consistent = [p for p in answer.proposals if p.off_time == 0 and p.off_machine == 0]
    assert len(consistent) == 1
    later = consistent[0]
    assert later.first == MONDAY + timedelta(days=7) and later.wait_days == 5
    assert {t for _, t, _ in placed(later)} == {later.time}
    assert answer.proposals.index(later) > 0  # the coordinator may choose it; the earlier start comes first


def test_the_later_start_offered_books_its_review_in_a_clinic_room_too():
    eng = engine("Linac 1", "Room 1")
    taken_on_wednesday(eng)
    need = replace(course(), reviews=ReviewNeed(2, 15, 15))  # Wednesdays, 15 minutes after the session starts
    answer = eng.propose(need, MONDAY)
    later = [p for p in answer.proposals if p.off_time == 0 and p.off_machine == 0]
    assert len(later) == 1 and later[0].first == MONDAY + timedelta(days=7)
    reviews = [b for b in later[0].bookings if b.machine == "Room 1"]
    third = later[0].fractions[2].start
    assert len(reviews) == 1 and reviews[0].start == third + timedelta(minutes=15)


def test_a_day_on_the_matched_machine_beats_waiting_for_the_same_machine():
    # Linac 1 has no room on Wednesday at all; Linac 2 (same group) has 09:00 that day only. A start
    # on Linac 1 alone is possible on Thursday (three days' wait, which the department would allow).
    eng = engine("Linac 1", "Linac 2", policy=BookingPolicy(urgent_reserve=0.0, max_extra_wait_days=3))
    leave_free(eng, "Linac 1", MONDAY, (time(9, 0), time(9, 25)))
    for day in week()[1:]:
        room = {2: (), 3: ((time(9, 0), time(9, 25)),)}.get(day.weekday(), ((time(9, 0), time(9, 15)),))
        leave_free(eng, "Linac 1", day, *room)
        leave_free(eng, "Linac 2", day, *(((time(9, 0), time(9, 15)),) if day.weekday() == 2 else ()))
    leave_free(eng, "Linac 2", MONDAY)
    answer = eng.propose(course(), MONDAY)
    best = answer.best
    assert best is not None and best.first == MONDAY and best.wait_days == 0
    assert (best.machine, best.off_machine, best.off_group, best.off_time) == ("Linac 1", 1, 0, 0)
    assert [m for _, _, m in placed(best)] == ["Linac 1", "Linac 1", "Linac 2", "Linac 1", "Linac 1"]
    thursday = MONDAY + timedelta(days=3)
    assert [(p.first, p.machine, p.wait_days) for p in answer.proposals if p.off_machine == 0 and p.off_time == 0] \
        == [(thursday, "Linac 1", 3)]


def test_a_long_departure_still_waits_for_the_same_machine_when_the_department_allows_it():
    # Linac 1 is free on Monday only; Linac 2 all week from Tuesday. Starting Monday would put four
    # of five fractions on another machine; with one day of extra wait allowed, the course starts
    # Tuesday on Linac 2 and stays there.
    eng = engine("Linac 1", "Linac 2", policy=BookingPolicy(urgent_reserve=0.0, max_extra_wait_days=1))
    leave_free(eng, "Linac 2", MONDAY)
    for day in week()[1:] + [MONDAY + timedelta(days=7)]:
        leave_free(eng, "Linac 1", day)
    best = eng.book_best(course(), MONDAY)
    assert (best.first, best.machine, best.off_machine) == (MONDAY + timedelta(days=1), "Linac 2", 0)


def test_one_day_off_the_time_beats_a_time_that_leaves_gaps_too_short_to_start_a_course_every_day():
    # Every day 09:00-09:40 is free (a course at 09:00 would leave 25 minutes, too short for a new
    # course's longer first fraction); 12:00-12:15 is free on four days, Wednesday has 12:30 instead.
    eng = engine("Linac 1")
    for day in week():
        leave_free(eng, "Linac 1", day, (time(9, 0), time(9, 40)),
                   (time(12, 30), time(12, 45)) if day.weekday() == 2 else (time(12, 0), time(12, 15)))
    best = eng.book_best(course(extra=0), MONDAY)
    assert best.time == time(12, 0) and best.wait_days == 0
    wednesday = MONDAY + timedelta(days=2)
    assert placed(best) == [(day, time(12, 30) if day == wednesday else time(12, 0), "Linac 1") for day in week()]
    assert best.off_time == 1


def fraction(number: int, day: date, at: time, machine: str, minutes: int = 15) -> Booking:
    start = datetime.combine(day, at, TZ)
    return Booking("b", AppointmentKind.FRACTION, number, machine, start, start + timedelta(minutes=minutes))


def test_a_booked_courses_departures_count_fractions_off_its_time_its_machine_and_its_group():
    machines = (BookableMachine("L1", "A", frozenset(), HOURS), BookableMachine("L2", "A", frozenset(), HOURS),
                BookableMachine("T1", "T", frozenset(), HOURS))
    eng = BookingEngine(machines, ClinicCalendar(), TZ, BookingPolicy(urgent_reserve=0.0))
    days = week()
    held = [fraction(1, days[0], time(8, 0), "L1", 25),
            fraction(2, days[1], time(8, 0), "L2"),  # another machine of the group
            fraction(3, days[2], time(8, 30), "L1"),  # half an hour off: more than the 15 minutes that count as the same
            fraction(4, days[3], time(8, 10), "T1"),  # another group, ten minutes off (the same time)
            fraction(5, days[4], time(8, 15), "L1"),  # fifteen minutes off: still the same time
            fraction(6, days[0] + timedelta(days=7), time(8, 16), "L1")]  # sixteen: off
    eng.restore(CourseNeed("b", daily_sessions(6, 15, 10), earliest=MONDAY), held, "L1", time(8, 0))
    assert eng.departures("b") == (2, 2, 1)


def test_a_twice_daily_courses_second_sessions_are_measured_against_its_first_second_session():
    machines = (BookableMachine("L1", "A", frozenset(), HOURS),)
    eng = BookingEngine(machines, ClinicCalendar(), TZ, BookingPolicy(urgent_reserve=0.0))
    held = [fraction(1, MONDAY, time(8, 0), "L1"), fraction(2, MONDAY, time(14, 0), "L1"),
            fraction(3, MONDAY + timedelta(days=1), time(8, 0), "L1"), fraction(4, MONDAY + timedelta(days=1), time(14, 30), "L1")]
    eng.restore(CourseNeed("b", daily_sessions(4, 15, 0, twice_daily=True), earliest=MONDAY), held, "L1", time(8, 0))
    assert eng.departures("b") == (1, 0, 0)  # only Tuesday's 14:30, half an hour after Monday's 14:00
