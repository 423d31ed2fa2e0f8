"""A booked course's own rules for a manual move, on plain values (no store): which machine may treat
it, its own calendar, and what a move must keep (no two of the patient's appointments at once,
fractions in order, one a day or two at least 6 hours apart, the pattern's spacing and a new phase's
gap, the planning scan first). Each test was written for a change a mutation run of
planner/booking/course_rules.py found unnoticed by the store's tests of moves."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from planner.booking.course_rules import CourseRules
from planner.booking.model import SessionNeed
from planner.core.clinic import ClinicCalendar
from planner.core.department import Booking
from planner.core.kinds import AppointmentKind

TZ = ZoneInfo("Pacific/Auckland")  # far from UTC: a local day and a UTC day differ by 12-13 hours
FRACTION, SCAN, REVIEW = AppointmentKind.FRACTION, AppointmentKind.SIMULATION, AppointmentKind.REVIEW
MONDAY = date(2030, 4, 1)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), TZ)


def booking(kind: AppointmentKind, number: int, start: datetime, minutes: int = 20, machine: str = "Linac 1") -> Booking:
    return Booking("c1", kind, number, machine, start, start + timedelta(minutes=minutes))


def daily(count: int, days: int = 1) -> tuple[SessionNeed, ...]:
    return tuple(SessionNeed(n, 20, min_days=0 if n == 1 else days) for n in range(1, count + 1))


def rules(held: list[Booking], sessions: tuple[SessionNeed, ...], **extra: object) -> CourseRules:
    return CourseRules("c1", TZ, tuple(held), sessions, **extra)  # type: ignore[arg-type]


def week(count: int = 5, hour: int = 9) -> list[Booking]:
    return [booking(FRACTION, n, at(MONDAY + timedelta(days=n - 1), hour)) for n in range(1, count + 1)]


# ---------------------------------------------------------------- the machine and the calendar
def test_only_a_fraction_needs_a_machine_that_has_the_courses_capabilities():
    course = rules([], daily(1), requires=frozenset({"sbrt", "dibh"}),
                   capabilities={"Linac 3": frozenset({"vmat"}), "Linac 1": frozenset({"vmat", "sbrt", "dibh"}),
                                 "CT": frozenset({"ct"})})
    assert course.machine_reason(FRACTION, "Linac 3") == "Linac 3 cannot treat this course (it lacks dibh, sbrt)"
    assert course.machine_reason(FRACTION, "Linac 1") is None
    assert course.machine_reason(SCAN, "CT") is None  # a planning scan needs no treatment capability
    assert course.machine_reason(REVIEW, "Linac 3") is None
    assert course.machine_reason(FRACTION, "Linac 9") is None  # no such machine: the slot check says so


def test_the_courses_own_calendar_names_the_day_and_why_it_is_closed():
    own = ClinicCalendar(treatment_days=frozenset(range(5)), closures={MONDAY + timedelta(days=2): "Anzac Day"})
    course = rules([], daily(1), own_calendar=own)
    assert course.calendar_reason(FRACTION, 3, MONDAY + timedelta(days=2)) == (
        "fraction 3: the course keeps its own calendar, closed on Wed 3 Apr 2030: clinic closure (Anzac Day)")
    assert course.calendar_reason(FRACTION, 6, MONDAY + timedelta(days=5)) == (
        "fraction 6: the course keeps its own calendar, closed on Sat 6 Apr 2030: no treatment day")
    assert course.calendar_reason(FRACTION, 1, MONDAY) is None
    assert rules([], daily(1)).calendar_reason(FRACTION, 6, MONDAY + timedelta(days=5)) is None  # the department's calendar


# ---------------------------------------------------------------- what a move must keep
def test_a_move_of_nothing_booked_or_within_the_rules_is_no_conflict():
    course = rules(week(), daily(5))
    assert course.conflicts([(FRACTION, 9, "Linac 1", at(MONDAY, 9))]) == []  # not booked: the desk says so
    assert course.conflicts([(FRACTION, 9, "Linac 1", at(MONDAY, 9)), (FRACTION, 3, "Linac 2", at(MONDAY + timedelta(days=2), 14))]) == []


def test_a_moved_session_keeps_its_length_and_may_end_as_the_next_begins():
    held = [booking(FRACTION, 1, at(MONDAY, 9)), booking(REVIEW, 1, at(MONDAY, 10), minutes=15)]
    course = rules(held, daily(1))
    assert course.conflicts([(FRACTION, 1, "Linac 1", at(MONDAY, 9, 40))]) == []  # 09:40-10:00, the review at 10:00
    assert course.conflicts([(FRACTION, 1, "Linac 1", at(MONDAY, 9, 45))]) == [
        "fraction 1 would overlap review 1 (Mon 1 Apr 10:00–10:15)"]
    assert course.conflicts([(REVIEW, 1, "Room 1", at(MONDAY, 8, 50))]) == [
        "review 1 would overlap fraction 1 (Mon 1 Apr 09:00–09:20)"]


def test_an_overlap_between_two_appointments_that_did_not_move_blocks_no_move():
    held = [booking(FRACTION, 1, at(MONDAY, 9)), booking(REVIEW, 1, at(MONDAY, 9, 10)),  # an older oddity
            booking(FRACTION, 2, at(MONDAY + timedelta(days=1), 9)), booking(FRACTION, 3, at(MONDAY + timedelta(days=2), 9))]
    course = rules(held, daily(3))
    assert course.conflicts([(FRACTION, 3, "Linac 1", at(MONDAY + timedelta(days=2), 11))]) == []
    # a later moved appointment is still checked against every one before it
    assert course.conflicts([(FRACTION, 3, "Linac 1", at(MONDAY + timedelta(days=1), 9, 10))])


def test_a_fraction_moved_past_its_successor_is_refused_naming_both():
    course = rules(week(), daily(5))
    thursday = MONDAY + timedelta(days=3)
    assert course.conflicts([(FRACTION, 3, "Linac 1", at(thursday, 13))])[0] == \
        "fraction 3 would come after fraction 4 (Thu 4 Apr 09:00)"
    assert course.conflicts([(FRACTION, 4, "Linac 1", at(MONDAY + timedelta(days=1), 13))])[0] == \
        "fraction 4 would come before fraction 3 (Wed 3 Apr 09:00)"


def test_one_fraction_a_day_names_the_other_and_its_local_time():
    course = rules(week(), daily(5))
    assert course.conflicts([(FRACTION, 2, "Linac 1", at(MONDAY, 15))]) == [
        "fraction 2: one fraction a day for this course (fraction 1 is on Mon 1 Apr at 09:00)"]


def test_twice_daily_allows_two_sessions_six_hours_apart_and_never_three():
    sessions = tuple(SessionNeed(n, 20, min_days=0 if n == 1 else (0 if n % 2 == 0 else 1), same_day=n % 2 == 0)
                     for n in range(1, 7))
    tuesday, wednesday = MONDAY + timedelta(days=1), MONDAY + timedelta(days=2)
    held = [booking(FRACTION, 1, at(MONDAY, 8)), booking(FRACTION, 2, at(MONDAY, 14)),
            booking(FRACTION, 3, at(tuesday, 8)), booking(FRACTION, 4, at(tuesday, 14)),
            booking(FRACTION, 5, at(wednesday, 8)), booking(FRACTION, 6, at(wednesday, 14))]
    course = rules(held, sessions)
    assert course.twice_daily
    assert course.conflicts([(FRACTION, 4, "Linac 1", at(tuesday, 13, 55))]) == [
        "fraction 4: twice daily: at least 6 hours between the two sessions of a day (fraction 3 is at 08:00)"]
    assert course.conflicts([(FRACTION, 4, "Linac 1", at(tuesday, 14, 30))]) == []
    assert course.conflicts([(FRACTION, 2, "Linac 1", at(MONDAY, 20))]) == []
    three = course.conflicts([(FRACTION, 5, "Linac 1", at(tuesday, 20, 30))])
    assert three == ["fraction 5: at most two fractions a day (fractions 3 and 4 are on Tue 2 Apr)"]


def test_a_make_up_second_session_needs_six_hours_on_a_daily_course_that_may_take_one():
    course = rules(week(), daily(5), second_sessions=True)
    assert course.conflicts([(FRACTION, 2, "Linac 1", at(MONDAY, 15))]) == []
    assert course.conflicts([(FRACTION, 2, "Linac 1", at(MONDAY, 14, 55))]) == [
        "fraction 2: a second session on one day needs at least 6 hours between the two sessions of a day "
        "(fraction 1 is at 09:00)"]


def test_the_pattern_and_a_new_phase_keep_their_days_apart():
    # alternate days (fraction 1 Mon, 2 Wed, 3 Fri), then a weekly second phase (4 the Friday after)
    sessions = (SessionNeed(1, 20, 0), SessionNeed(2, 20, 2), SessionNeed(3, 20, 2), SessionNeed(4, 20, 7, phase=2),
                SessionNeed(5, 20, 7, phase=2))
    days = [MONDAY, MONDAY + timedelta(days=2), MONDAY + timedelta(days=4), MONDAY + timedelta(days=11),
            MONDAY + timedelta(days=18)]
    course = rules([booking(FRACTION, n, at(day, 9)) for n, day in enumerate(days, 1)], sessions)
    assert course.conflicts([(FRACTION, 2, "Linac 1", at(MONDAY + timedelta(days=1), 9))]) == [
        "fraction 2: alternate days: at least 2 days after fraction 1 (fraction 1 is on Mon 1 Apr)"]
    assert course.conflicts([(FRACTION, 2, "Linac 1", at(MONDAY + timedelta(days=3), 9))]) == [
        "fraction 2: alternate days: at least 2 days before fraction 3 (fraction 3 is on Fri 5 Apr)"]
    assert course.conflicts([(FRACTION, 4, "Linac 1", at(MONDAY + timedelta(days=7), 9))]) == [
        "fraction 4: a new phase: at least 7 days after fraction 3 (fraction 3 is on Fri 5 Apr)"]
    assert course.conflicts([(FRACTION, 5, "Linac 1", at(MONDAY + timedelta(days=17), 9))]) == [
        "fraction 5: weekly: at least 7 days after fraction 4 (fraction 4 is on Fri 12 Apr)"]
    assert course.conflicts([(FRACTION, 4, "Linac 1", at(MONDAY + timedelta(days=12), 9))]) == [
        "fraction 4: weekly: at least 7 days before fraction 5 (fraction 5 is on Fri 19 Apr)"]
    assert course.conflicts([(FRACTION, 5, "Linac 1", at(MONDAY + timedelta(days=25), 9))]) == []


def test_spacing_counts_local_days_not_utc_days():
    # 07:00 in Auckland is the day before in UTC: two fractions a local day apart are a UTC day apart too,
    # but 23:00 and the next morning's 07:00 are the same UTC day
    sessions = daily(2, days=1)
    course = rules([booking(FRACTION, 1, at(MONDAY, 23)), booking(FRACTION, 2, at(MONDAY + timedelta(days=2), 7))], sessions)
    assert course.conflicts([(FRACTION, 2, "Linac 1", at(MONDAY + timedelta(days=1), 7))]) == []


def test_the_planning_scan_comes_before_the_first_fraction_whichever_moves():
    held = [booking(SCAN, 1, at(MONDAY, 10), minutes=30, machine="CT"), *week()[1:]]
    held.insert(1, booking(FRACTION, 1, at(MONDAY + timedelta(days=1), 8)))
    course = rules([b for b in held if not (b.kind is FRACTION and b.number == 2)], daily(5))
    assert course.conflicts([(FRACTION, 1, "Linac 1", at(MONDAY, 10, 20))]) == [
        "fraction 1 would overlap the planning scan (Mon 1 Apr 10:00–10:30)",
        "fraction 1 would come before the planning scan (Mon 1 Apr 10:00)"]
    assert course.conflicts([(FRACTION, 1, "Linac 1", at(MONDAY, 10, 30))]) == []  # as the scan ends
    assert course.conflicts([(SCAN, 1, "CT", at(MONDAY + timedelta(days=1), 9))]) == [
        "the planning scan would come after fraction 1 (Tue 2 Apr 08:00)"]
    assert course.conflicts([(SCAN, 1, "CT", at(MONDAY, 7, 30))]) == []


def test_reasons_are_said_once_and_in_the_departments_zone_whatever_zone_the_move_is_given_in():
    course = rules(week(), daily(5))
    utc_move = at(MONDAY, 15).astimezone(UTC)
    assert course.conflicts([(FRACTION, 2, "Linac 1", utc_move)]) == [
        "fraction 2: one fraction a day for this course (fraction 1 is on Mon 1 Apr at 09:00)"]


def test_every_overlap_with_a_moved_appointment_is_found_past_older_oddities_and_long_sessions():
    # an older oddity (fraction 1 and a review at once) sorts between the moved scan and what it hits
    held = [booking(FRACTION, 1, at(MONDAY, 9), minutes=30), booking(REVIEW, 1, at(MONDAY, 9, 5), minutes=10),
            booking(SCAN, 1, at(MONDAY, 7), minutes=30, machine="CT")]
    course = rules(held, daily(1))
    assert course.conflicts([(SCAN, 1, "CT", at(MONDAY, 9, 20))]) == [
        "the planning scan would overlap fraction 1 (Mon 1 Apr 09:00–09:30)",
        "the planning scan would come after fraction 1 (Mon 1 Apr 09:00)"]
    # a long session sorted before a short one ending earlier: both overlaps are said
    held = [booking(FRACTION, 1, at(MONDAY, 9)), booking(REVIEW, 1, at(MONDAY, 9, 30), minutes=10),
            booking(SCAN, 1, at(MONDAY, 7), minutes=50, machine="CT")]
    found = rules(held, daily(1)).conflicts([(SCAN, 1, "CT", at(MONDAY, 9, 10))])
    assert "the planning scan would overlap fraction 1 (Mon 1 Apr 09:00–09:20)" in found
    assert "the planning scan would overlap review 1 (Mon 1 Apr 09:30–09:40)" in found


def test_two_moved_appointments_at_once_are_named_earlier_first():
    course = rules(week(), daily(5))
    tuesday = MONDAY + timedelta(days=1)
    found = course.conflicts([(FRACTION, 2, "Linac 1", at(tuesday, 10)), (REVIEW, 1, "Room", at(tuesday, 10, 10))])
    assert found == []  # the review is not booked: nothing moved but fraction 2, alone that day
    held = [*week(), booking(REVIEW, 1, at(MONDAY + timedelta(days=4), 11), minutes=15)]
    found = rules(held, daily(5)).conflicts([(FRACTION, 2, "Linac 1", at(tuesday, 10)), (REVIEW, 1, "Room", at(tuesday, 9, 55))])
    assert found == ["review 1 would overlap fraction 2 (Tue 2 Apr 10:00–10:20)"]


def test_each_day_and_each_moved_fraction_is_checked_not_only_the_first():
    course = rules(week(), daily(5))
    wednesday = MONDAY + timedelta(days=2)
    assert course.conflicts([(FRACTION, 4, "Linac 1", at(wednesday, 15))]) == [
        "fraction 4: one fraction a day for this course (fraction 3 is on Wed 3 Apr at 09:00)"]
    assert course.conflicts([(FRACTION, 2, "Linac 1", at(MONDAY, 15)), (FRACTION, 4, "Linac 1", at(wednesday, 15))]) == [
        "fraction 2: one fraction a day for this course (fraction 1 is on Mon 1 Apr at 09:00)",
        "fraction 4: one fraction a day for this course (fraction 3 is on Wed 3 Apr at 09:00)"]


def test_spacing_is_checked_after_a_pair_on_one_day():
    sessions = (SessionNeed(1, 20, 0), SessionNeed(2, 20, 2), SessionNeed(3, 20, 2), SessionNeed(4, 20, 2))
    days = [MONDAY, MONDAY + timedelta(days=2), MONDAY + timedelta(days=4), MONDAY + timedelta(days=7)]
    course = rules([booking(FRACTION, n, at(day, 9)) for n, day in enumerate(days, 1)], sessions)
    found = course.conflicts([(FRACTION, 2, "Linac 1", at(MONDAY, 15)), (FRACTION, 4, "Linac 1", at(MONDAY + timedelta(days=5), 9))])
    assert "fraction 4: alternate days: at least 2 days after fraction 3 (fraction 3 is on Fri 5 Apr)" in found


def test_a_one_fraction_first_phase_still_reads_as_a_new_phase():
    sessions = (SessionNeed(1, 20, 0), SessionNeed(2, 20, 7, phase=2), SessionNeed(3, 20, 7, phase=2))
    days = [MONDAY, MONDAY + timedelta(days=7), MONDAY + timedelta(days=14)]
    course = rules([booking(FRACTION, n, at(day, 9)) for n, day in enumerate(days, 1)], sessions)
    assert course.conflicts([(FRACTION, 2, "Linac 1", at(MONDAY + timedelta(days=3), 9))]) == [
        "fraction 2: a new phase: at least 7 days after fraction 1 (fraction 1 is on Mon 1 Apr)"]


def test_an_older_fraction_before_the_scan_blocks_no_other_move():
    held = [booking(FRACTION, 1, at(MONDAY, 9)), booking(SCAN, 1, at(MONDAY, 10), minutes=30, machine="CT"), *week()[1:]]
    course = rules(held, daily(5))
    assert course.conflicts([(FRACTION, 3, "Linac 1", at(MONDAY + timedelta(days=2), 11))]) == []


def test_each_moved_fraction_on_a_crowded_day_is_named():
    course = rules(week(), daily(5))
    found = course.conflicts([(FRACTION, 2, "Linac 1", at(MONDAY, 13)), (FRACTION, 3, "Linac 1", at(MONDAY, 15))])
    assert "fraction 2: one fraction a day for this course (fraction 1 is on Mon 1 Apr at 09:00)" in found
    assert "fraction 3: one fraction a day for this course (fraction 1 is on Mon 1 Apr at 09:00)" in found
    sessions = tuple(SessionNeed(n, 20, min_days=0 if n == 1 else (0 if n % 2 == 0 else 1), same_day=n % 2 == 0)
                     for n in range(1, 7))
    tuesday, wednesday = MONDAY + timedelta(days=1), MONDAY + timedelta(days=2)
    held = [booking(FRACTION, 1, at(MONDAY, 8)), booking(FRACTION, 2, at(MONDAY, 14)),
            booking(FRACTION, 3, at(tuesday, 8)), booking(FRACTION, 4, at(tuesday, 14)),
            booking(FRACTION, 5, at(wednesday, 8)), booking(FRACTION, 6, at(wednesday, 14))]
    found = rules(held, sessions).conflicts([(FRACTION, 5, "Linac 1", at(tuesday, 20, 30)), (FRACTION, 6, "Linac 1", at(tuesday, 21))])
    assert "fraction 5: at most two fractions a day (fractions 3 and 4 and 6 are on Tue 2 Apr)" in found
    assert "fraction 6: at most two fractions a day (fractions 3 and 4 and 5 are on Tue 2 Apr)" in found
