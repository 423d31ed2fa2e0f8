"""The booking engine's plain building blocks, tested on plain values where a mutation run reaches
them: the department's booking settings and a machine's hours refused at their bounds, who holds a
machine-day (`MachineDay`, `Occupancy` reading stored time), and what a planned course asks the
engine to book (`needs`). Each test here was written for a change a mutation run found unnoticed."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.booking.model import DEFAULT_PLANNING_DAYS, BookableMachine, BookingPolicy, CourseNeed, ReviewNeed
from planner.booking.needs import daily_sessions, need_from_schedule, review_from_schedule, sessions_from_schedule
from planner.booking.occupancy import BLOCK_DAYS, MachineDay, Occupancy
from planner.core.catalogue import load_catalogue
from planner.core.course import Pattern, Phase
from planner.core.department import Booking, Machine
from planner.core.errors import Field, InputError
from planner.core.kinds import AppointmentKind
from planner.resources_path import default_catalogue_path

from .helpers import plan

CATALOGUE = load_catalogue(default_catalogue_path())
BASE = int(datetime(2030, 4, 2, tzinfo=UTC).timestamp())  # minute 0 of a local day (UTC here)


def refused(make: object, field: Field, message: str) -> None:
    with pytest.raises(InputError) as caught:
        make()  # type: ignore[operator]
    assert caught.value.field is field
    assert str(caught.value) == message or str(caught.value).endswith(message)


# ---------------------------------------------------------------- the department's settings
@pytest.mark.parametrize("name, good, bad, field, message", [
    ("urgent_within_days", (0, 30), (-1, 31), Field.URGENT_WITHIN, "must be 0 to 30 working days"),
    ("urgent_reserve", (0.0, 0.99), (-0.01, 1.0), Field.URGENT_RESERVE, "must be a share from 0 to below 1 (e.g. 0.10)"),
    ("reserve_release_days", (0, 60), (-1, 61), Field.RESERVE_RELEASE, "must be 0 to 60 working days"),
    ("slot_minutes", (1, 60), (0, 61), Field.SLOT_MINUTES, "must be 1 to 60 minutes"),
    ("max_extra_wait_days", (0, 30), (-1, 31), Field.EXTRA_WAIT, "must be 0 to 30 working days"),
])
def test_each_booking_setting_takes_its_bounds_and_refuses_one_beyond(name, good, bad, field, message):
    for value in good:
        assert getattr(BookingPolicy(**{name: value}), name) == value
    for value in bad:
        refused(lambda value=value: BookingPolicy(**{name: value}), field, message)


def test_a_machine_is_refused_without_a_name_with_a_slot_over_two_hours_or_with_odd_hours():
    hours = {0: (time(8), time(18))}
    refused(lambda: BookableMachine("  ", "A"), Field.MACHINE, "a machine needs a name")
    assert BookableMachine("L1", "A", slot_minutes=0).slot_minutes == 0
    assert BookableMachine("L1", "A", slot_minutes=120).slot_minutes == 120
    refused(lambda: BookableMachine("L1", "A", slot_minutes=121), Field.SLOT_MINUTES,
            "L1: a slot lasts 0 (the department's grid) to 120 minutes")
    refused(lambda: BookableMachine("L1", "A", slot_minutes=-1), Field.SLOT_MINUTES,
            "L1: a slot lasts 0 (the department's grid) to 120 minutes")
    assert BookableMachine("L1", "A", hours={6: (time(8), time(9))}).hours == {6: (time(8), time(9))}
    refused(lambda: BookableMachine("L1", "A", hours={7: (time(8), time(18))}), Field.HOURS,
            "L1: weekdays are numbered 0 (Monday) to 6 (Sunday)")
    refused(lambda: BookableMachine("L1", "A", hours={0: (time(8), time(8))}), Field.HOURS,
            "L1: closes at 08:00, not after it opens at 08:00")
    assert BookableMachine("L1", "A", hours=hours).hours == hours


def test_a_departments_machine_keeps_its_slot_and_is_a_group_of_its_own_without_one():
    machine = Machine("Linac 3", capabilities=frozenset({"vmat"}), hours={0: (time(8), time(18))})
    bookable = BookableMachine.from_machine(machine, slot_minutes=10)
    assert (bookable.name, bookable.group, bookable.slot_minutes) == ("Linac 3", "Linac 3", 10)
    assert bookable.capabilities == frozenset({"vmat"}) and bookable.hours == {0: (time(8), time(18))}
    assert BookableMachine.from_machine(replace(machine, group="TrueBeams")).group == "TrueBeams"


def test_a_review_day_is_a_weekday_from_monday_to_sunday():
    assert ReviewNeed(6, 15).weekday == 6
    refused(lambda: ReviewNeed(7, 15), Field.REVIEW_DAY, "weekdays are numbered 0 (Monday) to 6 (Sunday)")


# ---------------------------------------------------------------- who holds a machine-day
def booking(number: int, start: int, end: int) -> Booking:
    """Fraction `number` held from minute `start` to minute `end` of the day."""
    return Booking("c1", AppointmentKind.FRACTION, number, "L1",
                   datetime.fromtimestamp(BASE + start * 60, UTC), datetime.fromtimestamp(BASE + end * 60, UTC))


def hold(day: MachineDay, item: Booking | None, start: int, end: int) -> bool:
    return day.take(BASE + start * 60, BASE + end * 60, item)


def test_a_machine_day_holds_what_does_not_overlap_whatever_the_order_and_counts_booked_time():
    day = MachineDay()
    first, second, third = booking(1, 540, 560), booking(2, 480, 500), booking(3, 500, 520)
    assert hold(day, first, 540, 560)
    assert hold(day, second, 480, 500)  # before everything held
    assert hold(day, third, 500, 520)  # between: flush against both sides
    assert not hold(day, booking(4, 510, 530), 510, 530)  # meets the third
    assert day.owners == [second, third, first]
    assert day.starts == [BASE + m * 60 for m in (480, 500, 540)]
    assert day.booked_seconds == 60 * 60
    assert hold(day, None, 600, 660)  # downtime is held, but is not booked time
    assert day.booked_seconds == 60 * 60
    assert day.owners[-1] is None


def test_removing_takes_away_exactly_the_owner_named_and_its_booked_time():
    day = MachineDay()
    a, b = booking(1, 480, 500), booking(2, 500, 520)
    hold(day, a, 480, 500)
    hold(day, b, 500, 520)
    day.add(BASE + 600 * 60, BASE + 620 * 60, None)
    day.add(BASE + 600 * 60, BASE + 640 * 60, None)  # two downtimes from the same moment
    assert not day.remove(BASE + 480 * 60, b)  # b does not start there
    assert day.remove(BASE + 500 * 60, b)
    assert day.owners == [a, None, None] and day.booked_seconds == 20 * 60
    assert not day.remove(BASE + 500 * 60, b)  # gone already
    assert day.remove(BASE + 600 * 60, None)
    assert day.owners == [a, None] and day.booked_seconds == 20 * 60  # downtime never counted
    assert not day.remove(BASE + 600 * 60, a)  # the last start held, another owner: nothing removed
    assert day.remove(BASE + 480 * 60, replace(a))  # an equal booking read back is the same booking
    assert day.booked_seconds == 0
    assert day.free_windows(BASE, 480, 700) == [(480, 600), (640, 700)]  # the first of the two downtimes went


def test_removing_finds_its_owner_among_others_held_from_the_same_moment():
    day = MachineDay()
    item = booking(1, 600, 620)
    day.add(BASE + 600 * 60, BASE + 660 * 60, None)  # downtime added over it, from the same moment
    day.add(BASE + 600 * 60, BASE + 620 * 60, item)
    day.add(BASE + 600 * 60, BASE + 630 * 60, None)
    day.add(BASE + 700 * 60, BASE + 720 * 60, None)  # and later downtime
    assert day.remove(BASE + 600 * 60, item)
    assert day.owners == [None, None, None] and day.booked_seconds == 0


def test_what_clashes_with_a_period_is_everything_meeting_it_in_order_and_nothing_only_touching_it():
    day = MachineDay()
    held = [booking(n, 480 + 20 * n, 500 + 20 * n) for n in range(5)]  # 08:00-08:20 ... 09:20-09:40
    for item in held:
        hold(day, item, (item.start.timestamp() - BASE) // 60, (item.end.timestamp() - BASE) // 60)
    assert day.clashes(BASE + 500 * 60, BASE + 560 * 60) == held[1:4]  # 08:20-09:20: exactly three
    assert day.clashes(BASE + 420 * 60, BASE + 480 * 60) == []  # ends as the first starts
    assert day.clashes(BASE + 580 * 60, BASE + 600 * 60) == []  # starts as the last ends
    assert day.clashes(BASE + 400 * 60, BASE + 700 * 60) == held
    assert day.overlaps(BASE + 499 * 60, BASE + 501 * 60)
    assert not day.overlaps(BASE + 580 * 60, BASE + 590 * 60)


def test_free_windows_are_read_between_the_hours_asked_with_no_empty_window():
    day = MachineDay()
    hold(day, booking(1, 480, 500), 480, 500)
    hold(day, booking(2, 520, 540), 520, 540)
    day.take(BASE + 560 * 60 + 30, BASE + 580 * 60 + 30, booking(3, 560, 580))  # off the minute: a minute more is taken
    assert day.free_windows(BASE, 480, 600) == [(500, 520), (540, 560), (581, 600)]
    assert day.free_windows(BASE, 420, 700) == [(420, 480), (500, 520), (540, 560), (581, 700)]  # other hours, not the first answer
    assert day.free_windows(BASE, 500, 520) == [(500, 520)]
    assert day.free_windows(BASE, 480, 500) == []  # fully held: no (500, 500)
    assert day.free_windows(BASE, 530, 560) == [(540, 560)]
    hold(day, booking(4, 500, 520), 500, 520)
    assert day.free_windows(BASE, 480, 600) == [(540, 560), (581, 600)]  # a new booking is seen at once


def test_stored_time_is_read_once_per_block_every_booking_kept_on_its_local_day():
    tz = ZoneInfo("Europe/London")
    first_day = date.fromordinal(date(2030, 4, 2).toordinal() // BLOCK_DAYS * BLOCK_DAYS)
    midnights = [int(datetime.combine(first_day + timedelta(days=k), time(0), tz).timestamp()) for k in range(BLOCK_DAYS + 1)]
    day = date(2030, 4, 2)
    k = (day - first_day).days
    at = midnights[k]
    rows = [(11, at + 480 * 60, at + 500 * 60, "a"), (11, at + 500 * 60, at + 520 * 60, "b"),  # the store's row ids
            (12, at + 480 * 60, at + 500 * 60, "c"),
            (11, midnights[k + 1], midnights[k + 1] + 1200, "d")]  # at the next local midnight: the next day's
    calls: list[tuple[date, date]] = []

    def reader(first: date, last: date):
        calls.append((first, last))
        return midnights, rows

    occupancy = Occupancy()
    occupancy.read_from(reader, {11: 0, 12: 1}, {11: "L1", 12: "L2"})
    held = occupancy.peek(0, day)
    assert held is not None and held.owners == ["a", "b"] and held.booked_seconds == 40 * 60
    assert occupancy.peek(1, day).owners == ["c"]
    assert occupancy.peek(0, day + timedelta(days=1)).owners == ["d"]
    assert occupancy.day(1, day + timedelta(days=2)).owners == []
    assert calls == [(first_day, first_day + timedelta(days=BLOCK_DAYS))]  # one read for the block


def test_stored_time_read_around_downtime_keeps_what_does_not_meet_it_in_order_and_counts_it():
    day = date(2030, 4, 2)
    first_day = date.fromordinal(day.toordinal() // BLOCK_DAYS * BLOCK_DAYS)
    midnights = [BASE + 86400 * ((first_day - day).days + k) for k in range(BLOCK_DAYS + 1)]
    rows = [(11, BASE + 480 * 60, BASE + 500 * 60, "a"),  # before the downtime: kept, ahead of it
            (11, BASE + 590 * 60, BASE + 610 * 60, "b"),  # meets the downtime: left out
            (11, BASE + 600 * 60, BASE + 620 * 60, "c"),  # meets the downtime too: left out
            (11, BASE + 660 * 60, BASE + 680 * 60, "d"),  # after it: kept
            (11, BASE + 670 * 60, BASE + 690 * 60, "e"),  # meets "d": left out
            (12, BASE + 600 * 60, BASE + 615 * 60, "f")]  # another machine: kept
    occupancy = Occupancy()
    occupancy.read_from(lambda first, last: (midnights, rows), {11: 0, 12: 1}, {11: "L1", 12: "L2"})
    occupancy._days[(0, day)] = held = MachineDay()
    held.take(BASE + 540 * 60, BASE + 630 * 60, None)  # downtime 09:00-10:30, held before the read
    occupancy._days[(1, day)] = early = MachineDay()
    early.take(BASE + 420 * 60, BASE + 480 * 60, None)  # downtime 07:00-08:00 on the other machine
    assert held.free_windows(BASE, 480, 720) == [(480, 540), (630, 720)]  # cached before the read...
    assert early.free_windows(BASE, 420, 720) == [(480, 720)]
    assert occupancy.peek(0, day) is held
    assert held.owners == ["a", None, "d"] and held.starts == [BASE + 480 * 60, BASE + 540 * 60, BASE + 660 * 60]
    assert held.booked_seconds == 40 * 60  # the downtime is no booking
    assert held.free_windows(BASE, 480, 720) == [(500, 540), (630, 660), (680, 720)]  # ...and read anew after it
    assert occupancy.peek(1, day).owners == [None, "f"]
    assert early.free_windows(BASE, 420, 720) == [(480, 600), (615, 720)]  # read after everything held: seen too


def test_stored_time_on_a_machine_the_department_does_not_have_is_refused_naming_the_known_ones():
    day = date(2030, 4, 2)
    first_day = date.fromordinal(day.toordinal() // BLOCK_DAYS * BLOCK_DAYS)
    midnights = [BASE + 86400 * ((first_day - day).days + k) for k in range(BLOCK_DAYS + 1)]
    occupancy = Occupancy()
    occupancy.read_from(lambda first, last: (midnights, [(19, BASE + 3600, BASE + 4800, "a")]), {11: 0, 12: 1},
                        {11: "L1", 12: "L2", 19: "Linac 9"})
    refused(lambda: occupancy.peek(0, day), Field.MACHINE, "'Linac 9' is not a machine of this department (known: L1, L2)")


# ---------------------------------------------------------------- what a planned course asks for
def test_a_planned_course_passes_on_what_the_coordinator_chose():
    schedule = plan(CATALOGUE, site="prostate", fractions=5, start=date(2030, 4, 1), at=time(9, 30))
    need = need_from_schedule(schedule, CATALOGUE, "c-1", urgent=True, preferred_machine="Linac 2",
                              preferred_time=time(14, 0), patient="Ann Example")
    assert (need.course_id, need.urgent, need.preferred_machine, need.preferred_time, need.patient) == \
        ("c-1", True, "Linac 2", time(14, 0), "Ann Example")
    assert need.earliest == date(2030, 4, 1)  # no planning scan: the course's own start
    assert need.planning_days == 7
    plain = need_from_schedule(schedule, CATALOGUE, "c-2")
    assert (plain.urgent, plain.preferred_machine, plain.patient) == (False, None, "")
    assert plain.preferred_time == time(9, 30)  # the course's daily time
    assert need_from_schedule(schedule, CATALOGUE, "c-3", earliest=date(2030, 4, 8)).earliest == date(2030, 4, 8)


def test_a_planned_scan_leaves_the_start_to_the_scan_and_a_site_without_planning_days_takes_the_default():
    schedule = plan(CATALOGUE, site="prostate", fractions=5, start=date(2030, 4, 15),
                    simulation=datetime(2030, 4, 2, 10, 0))
    need = need_from_schedule(schedule, CATALOGUE, "c-1")
    assert need.earliest is None  # the wait counts from the scan plus the planning days
    assert need.simulation_minutes == CATALOGUE.simulation_minutes
    assert need.simulation_at is not None and need.simulation_at.date() == date(2030, 4, 2)
    bare = replace(schedule, site=replace(schedule.site, planning_days=None))
    assert need_from_schedule(bare, CATALOGUE, "c-2").planning_days == DEFAULT_PLANNING_DAYS


def test_reviews_keep_the_sites_minutes_after_the_session():
    schedule = plan(CATALOGUE, site="prostate", fractions=10, start=date(2030, 4, 1), review_weekday=2)
    assert review_from_schedule(schedule, CATALOGUE) == ReviewNeed(2, CATALOGUE.review_minutes, None)
    later = replace(schedule, site=replace(schedule.site, review_minutes_after=25))
    assert review_from_schedule(later, CATALOGUE) == ReviewNeed(2, CATALOGUE.review_minutes, 25)
    assert need_from_schedule(later, CATALOGUE, "c").reviews == ReviewNeed(2, CATALOGUE.review_minutes, 25)


def test_a_second_phase_keeps_the_days_left_free_between_phases():
    schedule = plan(CATALOGUE, site="breast", fractions=3, start=date(2030, 4, 1), minutes=15,
                    later_phases=(Phase(2, Pattern.DAILY, 20),), phase_gap_days=3)
    sessions = sessions_from_schedule(schedule, 10)
    assert [(s.number, s.minutes, s.min_days, s.phase) for s in sessions] == [
        (1, 25, 0, 1), (2, 15, 1, 1), (3, 15, 1, 1),
        (4, 20, 4, 2),  # three days left free: at least four days after the last of phase 1
        (5, 20, 1, 2)]
    days = [f.start.date() for f in schedule.fractions]
    assert (days[3] - days[2]).days >= 4  # the planner's own calendar agrees


def test_sessions_without_a_plan_are_spaced_by_their_pattern_or_paired_twice_daily():
    alternate = daily_sessions(3, 20, 10, min_days=2)
    assert [(s.number, s.minutes, s.min_days, s.same_day) for s in alternate] == [
        (1, 30, 0, False), (2, 20, 2, False), (3, 20, 2, False)]
    paired = daily_sessions(4, 15, 10, twice_daily=True)
    assert [(s.number, s.minutes, s.min_days, s.same_day) for s in paired] == [
        (1, 25, 0, False), (2, 15, 0, True), (3, 15, 1, False), (4, 15, 0, True)]


def test_a_course_to_book_has_fractions_numbered_in_order_and_starts_with_a_days_first_session():
    sessions = daily_sessions(3, 15, 10)
    assert len(CourseNeed("c", sessions).sessions) == 3
    refused(lambda: CourseNeed("c", ()), Field.FRACTIONS, "a course to book has at least one fraction")
    refused(lambda: CourseNeed("c", (sessions[0], sessions[2])), Field.FRACTIONS, "fractions are numbered 1 to N in order")
    refused(lambda: CourseNeed("c", (sessions[1], sessions[0])), Field.FRACTIONS, "fractions are numbered 1 to N in order")
    second_first = (replace(sessions[0], same_day=True), *sessions[1:])
    refused(lambda: CourseNeed("c", second_first), Field.FRACTIONS, "the first fraction cannot be a day's second session")


def test_a_sites_own_planning_days_its_calendar_when_kept_and_no_scan_minutes_without_a_scan():
    schedule = plan(CATALOGUE, site="prostate", fractions=5, start=date(2030, 4, 1))
    slow = replace(schedule, site=replace(schedule.site, planning_days=DEFAULT_PLANNING_DAYS + 3))
    need = need_from_schedule(slow, CATALOGUE, "c-1")
    assert need.planning_days == DEFAULT_PLANNING_DAYS + 3  # the site's, not the default that happens to equal prostate's
    assert need.simulation_minutes is None and need.simulation_at is None  # nothing to book on a CT simulator
    assert need.own_calendar is None  # the department's calendar unless the course keeps its own
    assert need_from_schedule(schedule, CATALOGUE, "c-2", own_calendar=True).own_calendar is schedule.request.calendar


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 1500 * 60), st.integers(1, 120 * 60), st.booleans()), max_size=12),
       st.integers(0, 1440), st.integers(0, 1440))
def test_free_windows_are_the_runs_of_minutes_nothing_held_touches(held, opens, length):
    """Every free window, whatever is held (seconds off the minute too, downtime among bookings, before opening and past
    closing): exactly the runs of whole minutes between opening and closing that nothing held meets."""
    day = MachineDay()
    for start, seconds, down in held:
        day.take(BASE + start, BASE + start + seconds, None if down else "c")
    closes = min(1440, opens + length)
    taken = [any(s < BASE + (m + 1) * 60 and BASE + m * 60 < e for s, e in zip(day.starts, day.ends, strict=True))
             for m in range(opens, closes)]
    runs: list[tuple[int, int]] = []
    for m, busy in zip(range(opens, closes), taken, strict=True):
        if busy:
            continue
        if runs and runs[-1][1] == m:
            runs[-1] = (runs[-1][0], m + 1)
        else:
            runs.append((m, m + 1))
    assert day.free_windows(BASE, opens, closes) == runs
