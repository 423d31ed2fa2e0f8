"""The booking engine: placement, eligibility, capacity, preferences, urgency, proposals, downtime."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from planner.booking.engine import BookingConflict, BookingEngine
from planner.booking.model import (
    NO_ROOM,
    BookableMachine,
    BookingPolicy,
    CourseNeed,
    SessionNeed,
)
from planner.booking.needs import daily_sessions, need_from_schedule
from planner.core.catalogue import parse_catalogue
from planner.core.clinic import ClinicCalendar
from planner.core.department import Downtime
from planner.core.errors import CatalogueError, InputError
from planner.core.kinds import AppointmentKind, Pattern

from .helpers import plan

TZ = ZoneInfo("Europe/London")
WEEKDAYS = {d: (time(8, 0), time(18, 0)) for d in range(5)}
MONDAY = date(2026, 11, 2)


def linac(name: str, group: str = "A", caps: tuple[str, ...] = (), hours: dict[int, tuple[time, time]] | None = None) -> BookableMachine:
    return BookableMachine(name, group, frozenset(caps), hours or WEEKDAYS)


def engine(*machines: BookableMachine, closures: dict[date, str] | None = None, **policy: object) -> BookingEngine:
    return BookingEngine(machines or (linac("Linac 1"), linac("Linac 2")), ClinicCalendar(closures=closures or {}), TZ,
                         BookingPolicy(**policy))  # type: ignore[arg-type]


def need(course_id: str, count: int = 5, minutes: int = 15, earliest: date = MONDAY, **extra: object) -> CourseNeed:
    return CourseNeed(course_id, daily_sessions(count, minutes, 10), earliest=earliest, **extra)  # type: ignore[arg-type]


def local(b_start: datetime) -> datetime:
    return b_start.astimezone(TZ)


def test_a_course_is_booked_whole_on_one_machine_at_one_time_and_the_first_fraction_is_longer():
    eng = engine()
    proposal = eng.book_best(need("a", count=10), MONDAY)
    fractions = proposal.fractions
    assert [f.number for f in fractions] == list(range(1, 11))
    assert {f.machine for f in fractions} == {"Linac 1"}
    assert {local(f.start).time() for f in fractions} == {time(8, 0)}
    assert (fractions[0].end - fractions[0].start) == timedelta(minutes=25)
    assert all(f.end - f.start == timedelta(minutes=15) for f in fractions[1:])
    days = [local(f.start).date() for f in fractions]
    assert all(d.weekday() < 5 for d in days) and len(set(days)) == 10
    assert (proposal.off_time, proposal.off_machine, proposal.wait_days) == (0, 0, 0)


def test_eligibility_puts_a_course_only_on_machines_with_the_capabilities_it_needs():
    eng = engine(linac("Linac 1"), linac("Linac 2", caps=("sbrt",)), linac("Tomo", group="T"))
    proposal = eng.book_best(need("s", count=3, requires=frozenset({"sbrt"})), MONDAY)
    assert {b.machine for b in proposal.bookings} == {"Linac 2"}
    with pytest.raises(InputError, match="dibh"):
        eng.propose(need("d", requires=frozenset({"dibh"})), MONDAY)


def test_a_preferred_machine_and_time_are_kept():
    eng = engine()
    proposal = eng.book_best(need("p", preferred_machine="Linac 2", preferred_time=time(14, 30)), MONDAY)
    assert {b.machine for b in proposal.bookings} == {"Linac 2"}
    assert {local(b.start).time() for b in proposal.bookings} == {time(14, 30)}


def test_nothing_is_booked_outside_hours_or_over_another_booking():
    short = {d: (time(8, 0), time(9, 0)) for d in range(5)}
    eng = engine(linac("Linac 1", hours=short))
    for k in range(4):
        eng.book_best(need(f"c{k}", count=5, minutes=10, earliest=MONDAY), MONDAY)
    for day_offset in range(14):
        agenda = eng.agenda(MONDAY + timedelta(days=day_offset))["Linac 1"]
        for before, after in zip(agenda, agenda[1:], strict=False):
            assert before.end <= after.start
        for b in agenda:
            assert time(8, 0) <= local(b.start).time() and local(b.end).time() <= time(9, 0)


def test_a_full_day_pushes_a_daily_course_with_the_reason():
    eng = engine(linac("Linac 1", hours={d: (time(8, 0), time(8, 30)) for d in range(5)}), urgent_reserve=0.0)
    # Someone holds Wednesday's only time already.
    blocker = CourseNeed("blocker", (SessionNeed(1, 30),), earliest=MONDAY + timedelta(days=2))
    eng.book_best(blocker, MONDAY)
    proposal = eng.book_best(CourseNeed("d", daily_sessions(3, 20, 0), earliest=MONDAY), MONDAY)
    days = [local(b.start).date() for b in proposal.fractions]
    assert days == [MONDAY, MONDAY + timedelta(days=1), MONDAY + timedelta(days=3)]
    assert [(p.day, p.reason) for p in proposal.pushed] == [(MONDAY + timedelta(days=2), NO_ROOM)]


def test_a_closure_pushes_with_its_own_reason():
    eng = engine(closures={MONDAY + timedelta(days=1): "staff training"})
    proposal = eng.book_best(need("c", count=3), MONDAY)
    assert [local(b.start).date() for b in proposal.fractions] == [MONDAY, MONDAY + timedelta(days=2), MONDAY + timedelta(days=3)]
    assert proposal.pushed[0].reason == "clinic closure (staff training)"


def test_spaced_patterns_keep_their_gap():
    eng = engine()
    sessions = tuple(SessionNeed(n, 30, 0 if n == 1 else 2) for n in range(1, 6))
    proposal = eng.book_best(CourseNeed("alt", sessions, earliest=MONDAY), MONDAY)
    days = [local(b.start).date() for b in proposal.fractions]
    assert all((b - a).days >= 2 for a, b in zip(days, days[1:], strict=False))


def test_twice_daily_sessions_are_at_least_six_hours_apart():
    eng = engine()
    proposal = eng.book_best(CourseNeed("bd", daily_sessions(6, 15, 10, twice_daily=True), earliest=MONDAY), MONDAY)
    starts = [local(b.start) for b in proposal.fractions]
    for first, second in zip(starts[::2], starts[1::2], strict=True):
        assert first.date() == second.date()
        assert second - first >= timedelta(hours=6)


def test_the_daily_time_stays_on_the_wall_clock_across_a_daylight_saving_change():
    eng = engine()
    proposal = eng.book_best(need("dst", count=10, earliest=date(2026, 10, 19), preferred_time=time(8, 30)), date(2026, 10, 19))
    local_times = {local(b.start).time() for b in proposal.fractions}
    assert local_times == {time(8, 30)}
    offsets = {local(b.start).utcoffset() for b in proposal.fractions}
    assert len(offsets) == 2  # BST before 25 October, GMT after


def test_the_preferred_machine_at_another_time_beats_another_machine_at_the_preferred_time():
    eng = engine(linac("Linac 1"), linac("Tomo", group="T"), linac("Linac 2"))
    taken = eng.book_best(need("x", count=5, preferred_time=time(9, 0)), MONDAY)
    assert taken.machine == "Linac 1"
    best = eng.propose(need("y", count=5, preferred_time=time(9, 0), preferred_machine="Linac 1"), MONDAY).proposals[0]
    assert best.machine == "Linac 1" and best.time != time(9, 0) and best.off_machine == 0


def test_a_day_the_machine_is_down_goes_to_its_beam_matched_group_before_other_machines():
    eng = engine(linac("Linac 1"), linac("Tomo", group="T"), linac("Linac 2"), max_extra_wait_days=0)
    wednesday = MONDAY + timedelta(days=2)

    def down(machine: str, first: int, last: int) -> None:
        eng.add_downtime(Downtime(machine, datetime(2026, 11, first, 0, 0, tzinfo=TZ), datetime(2026, 11, last, 0, 0, tzinfo=TZ)), MONDAY)

    down("Linac 1", 4, 5)  # Wednesday
    down("Linac 2", 2, 4)  # Monday and Tuesday: the course cannot start there
    down("Tomo", 2, 3)  # Monday
    best = eng.book_best(need("y", count=5, preferred_time=time(9, 0)), MONDAY)
    by_day = {local(b.start).date(): b.machine for b in best.fractions}
    assert by_day[wednesday] == "Linac 2" and {m for d, m in by_day.items() if d != wednesday} == {"Linac 1"}
    assert (best.off_machine, best.off_group, best.off_time) == (1, 0, 0)


def test_proposals_are_at_most_three_distinct_and_deterministic():
    def build() -> BookingEngine:
        eng = engine(linac("Linac 1"), linac("Linac 2"), linac("Linac 3"), urgent_reserve=0.0)
        for k in range(30):
            eng.book_best(need(f"c{k}", count=15, earliest=MONDAY + timedelta(days=k % 3)), MONDAY)
        return eng

    first = build().propose(need("new", count=20), MONDAY)
    second = build().propose(need("new", count=20), MONDAY)
    assert 1 <= len(first.proposals) <= 3
    assert [(p.first, p.machine, p.time) for p in first.proposals] == [(p.first, p.machine, p.time) for p in second.proposals]
    assert len({(p.first, p.machine) for p in first.proposals}) == len(first.proposals)
    for proposal in first.proposals:
        assert proposal.wait_days == build().working_days(first.earliest, proposal.first)


def test_the_urgent_reserve_holds_back_capacity_from_routine_bookings_until_released():
    hours = {d: (time(8, 0), time(9, 40)) for d in range(5)}  # 100 minutes; 10 % = 10 minutes reserved
    eng = engine(linac("Linac 1", hours=hours), urgent_reserve=0.10, reserve_release_days=2)
    far = MONDAY + timedelta(days=14)
    for k in range(9):
        eng.book_best(CourseNeed(f"r{k}", (SessionNeed(1, 10),), earliest=far), MONDAY)
    routine = eng.propose(CourseNeed("r9", (SessionNeed(1, 10),), earliest=far), MONDAY)
    assert routine.proposals[0].first > far  # the last 10 minutes of `far` are held for urgent starts
    urgent = eng.propose(CourseNeed("u", (SessionNeed(1, 10),), earliest=far, urgent=True), MONDAY)
    assert urgent.proposals[0].first == far
    released = eng.propose(CourseNeed("r9", (SessionNeed(1, 10),), earliest=far), far - timedelta(days=1))
    assert released.proposals[0].first == far  # within the release days the reserve is open to all


def test_an_urgent_course_starts_within_the_limit_or_says_it_cannot():
    eng = engine(linac("Linac 1", hours={d: (time(8, 0), time(8, 20)) for d in range(5)}), urgent_within_days=2)
    for k in range(5):
        eng.book_best(CourseNeed(f"full{k}", (SessionNeed(1, 20),), earliest=MONDAY + timedelta(days=k), urgent=True), MONDAY)
    answer = eng.propose(CourseNeed("late", (SessionNeed(1, 20),), earliest=MONDAY, urgent=True), MONDAY)
    assert answer.proposals[0].first == MONDAY + timedelta(days=7)
    assert any("urgent course cannot start within 2 working days" in w for w in answer.warnings)
    first = answer.proposals[0].first
    assert any(w.endswith(f"(first possible {first:%a} {first.day} {first:%b %Y})") for w in answer.warnings), "in the app's words for a day"


def test_booking_a_taken_slot_is_refused_whole_and_unbook_releases():
    eng = engine(linac("Linac 1"))
    proposal = eng.propose(need("a"), MONDAY).proposals[0]
    eng.book(need("a"), proposal)
    with pytest.raises(BookingConflict):
        eng.book(need("b"), proposal)
    assert eng.bookings("b") == ()
    released = eng.unbook("a")
    assert len(released) == 5 and eng.agenda(MONDAY)["Linac 1"] == ()
    eng.book(need("b"), proposal)


def test_the_planning_scan_is_booked_on_the_ct_simulator_and_starts_the_planning_time():
    ct = BookableMachine("CT Sim", "CT", frozenset({"ct"}), WEEKDAYS)
    eng = engine(linac("Linac 1"), ct)
    course = CourseNeed("s", daily_sessions(3, 15, 10), planning_days=5, simulation_minutes=45,
                        simulation_at=datetime(2026, 11, 2, 10, 0, tzinfo=TZ))
    proposal = eng.book_best(course, MONDAY)
    scan = next(b for b in proposal.bookings if b.kind is AppointmentKind.SIMULATION)
    assert scan.machine == "CT Sim" and local(scan.start) == datetime(2026, 11, 2, 10, 0, tzinfo=TZ)
    assert local(proposal.fractions[0].start).date() == MONDAY + timedelta(days=7)  # five working days later
    assert all(b.machine != "CT Sim" for b in proposal.fractions)


def test_downtime_moves_fractions_the_same_day_to_the_group_nearest_the_usual_time():
    eng = engine(linac("Linac 1"), linac("Linac 2"), linac("Tomo", group="T"))
    eng.book_best(need("a", count=5, preferred_machine="Linac 1", preferred_time=time(10, 0)), MONDAY)
    tuesday = MONDAY + timedelta(days=1)
    report = eng.add_downtime(Downtime("Linac 1", datetime(2026, 11, 3, 8, 0, tzinfo=TZ), datetime(2026, 11, 3, 13, 0, tzinfo=TZ)),
                              MONDAY)
    assert len(report.moved) == 1 and report.appended == () and report.unplaced == ()
    move = report.moved[0]
    assert (move.course_id, move.number, move.how) == ("a", 2, "same day")
    assert move.to_machine == "Linac 2" and local(move.to_start) == datetime(2026, 11, 3, 10, 0, tzinfo=TZ)
    assert report.updated_courses == ("a",)
    assert all(b.machine == "Linac 2" for b in eng.bookings("a") if local(b.start).date() == tuesday)


def test_downtime_without_a_group_machine_adds_the_fraction_at_the_end_and_renumbers():
    eng = engine(linac("Linac 1"), linac("Tomo", group="T"))
    eng.book_best(need("a", count=5, preferred_machine="Linac 1"), MONDAY)
    report = eng.add_downtime(Downtime("Linac 1", datetime(2026, 11, 3, 0, 0, tzinfo=TZ), datetime(2026, 11, 4, 0, 0, tzinfo=TZ)),
                              MONDAY)
    assert report.moved == () and len(report.appended) == 1
    appended = report.appended[0]
    assert appended.number == 5 and local(appended.to_start).date() == MONDAY + timedelta(days=7)
    fractions = [b for b in eng.bookings("a") if b.kind is AppointmentKind.FRACTION]
    assert [b.number for b in fractions] == [1, 2, 3, 4, 5]
    assert all(local(b.start).date() != MONDAY + timedelta(days=1) for b in fractions)
    assert eng.open_minutes("Linac 1", MONDAY + timedelta(days=1)) == 0


def test_downtime_gives_a_gap_sensitive_course_a_weekend_session_when_the_department_allows_it():
    eng = engine(linac("Linac 1"), linac("Tomo", group="T"), weekend_hours=(time(9, 0), time(13, 0)))
    course = need("hn", count=10, preferred_machine="Linac 1", preferred_time=time(11, 0), gap_sensitive=True)
    eng.book_best(course, MONDAY)
    report = eng.add_downtime(Downtime("Linac 1", datetime(2026, 11, 4, 0, 0, tzinfo=TZ), datetime(2026, 11, 5, 0, 0, tzinfo=TZ)),
                              MONDAY)
    assert [m.how for m in report.moved] == ["weekend"]
    assert local(report.moved[0].to_start) == datetime(2026, 11, 7, 11, 0, tzinfo=TZ)
    fractions = [b for b in eng.bookings("hn") if b.kind is AppointmentKind.FRACTION]
    assert [b.number for b in fractions] == list(range(1, 11))
    assert local(fractions[-1].start).date() == date(2026, 11, 13)  # overall time kept


def test_downtime_gives_a_second_session_six_hours_apart_when_no_weekend():
    eng = engine(linac("Linac 1"), linac("Tomo", group="T"), second_session=True)
    course = need("hn", count=10, preferred_machine="Linac 1", preferred_time=time(8, 0), gap_sensitive=True)
    eng.book_best(course, MONDAY)
    report = eng.add_downtime(Downtime("Linac 1", datetime(2026, 11, 4, 0, 0, tzinfo=TZ), datetime(2026, 11, 5, 0, 0, tzinfo=TZ)),
                              MONDAY)
    assert [m.how for m in report.moved] == ["second session"]
    moved = local(report.moved[0].to_start)
    assert moved == datetime(2026, 11, 5, 14, 0, tzinfo=TZ)


def test_need_from_a_planned_schedule_keeps_lengths_gaps_requirements_and_planning_days(catalogue):
    schedule = plan(catalogue, site="lung", fractions=3, pattern=Pattern.ALTERNATE, minutes=30, tz="Europe/London")
    site = catalogue.site("lung")
    course = need_from_schedule(schedule, catalogue, "lung-1", preset=site.preset("sbrt-3-alternate"))
    assert course.requires == frozenset({"sbrt"})
    assert [s.minutes for s in course.sessions] == [30 + catalogue.first_fraction_extra_minutes, 30, 30]
    assert [s.min_days for s in course.sessions] == [0, 2, 2]
    assert course.planning_days == 7 and course.gap_sensitive


def test_the_catalogue_reads_requirements_planning_days_and_the_first_fraction_extra(catalogue):
    assert catalogue.first_fraction_extra_minutes == 10
    breast = catalogue.site("breast")
    assert breast.requirements(breast.preset("left-15-daily-dibh")) == frozenset({"dibh"})
    assert breast.requirements(breast.preset("15-daily")) == frozenset()
    text = ('schema = 1\nfirst_fraction_extra_minutes = 15\n'
            '[[site]]\nid = "x"\nname = "X"\nsession_minutes = 20\nrequires = ["dibh"]\nplanning_days = 4\n')
    parsed = parse_catalogue(text, "test.toml")
    assert parsed.first_fraction_extra_minutes == 15
    assert parsed.sites[0].requires == frozenset({"dibh"}) and parsed.sites[0].planning_days == 4
    with pytest.raises(CatalogueError, match="field 'requires' must list lowercase names"):
        parse_catalogue(text.replace('["dibh"]', '"dibh"'), "test.toml")
    with pytest.raises(CatalogueError, match="first_fraction_extra_minutes"):
        parse_catalogue(text.replace("= 15", "= -1"), "test.toml")


def test_an_engine_for_a_department_uses_its_machines_calendar_zone_and_downtime():
    from planner.core.department import Department, Machine

    hours = {d: (time(8, 0), time(12, 0)) for d in range(5)}
    department = Department(
        name="Test", timezone="Europe/London", closures=((MONDAY, "inventory"),),
        machines=(Machine("L1", "", frozenset({"sbrt"}), hours), Machine("L2", "A", frozenset(), hours)),
        downtime=(Downtime("L1", datetime(2026, 11, 3, 8, 0, tzinfo=TZ), datetime(2026, 11, 3, 12, 0, tzinfo=TZ)),),
    )
    eng = BookingEngine.for_department(department, slot_minutes={"L1": 20})
    assert [m.group for m in eng.machines] == ["L1", "A"]
    proposal = eng.book_best(CourseNeed("s", daily_sessions(2, 20, 0), requires=frozenset({"sbrt"}), earliest=MONDAY), MONDAY)
    # Monday is closed, Tuesday L1 is down: the SBRT course starts on Wednesday at a 20-minute slot.
    assert [local(b.start) for b in proposal.fractions] == [datetime(2026, 11, 4, 8, 0, tzinfo=TZ), datetime(2026, 11, 5, 8, 0, tzinfo=TZ)]
    assert eng.open_minutes("L1", MONDAY + timedelta(days=1)) == 0


def test_need_from_a_phased_twice_daily_schedule_keeps_each_phase_s_rules_and_books_them(catalogue):
    from planner.core.course import Phase

    schedule = plan(catalogue, site="head-neck", fractions=6, pattern=Pattern.TWICE_DAILY, at=time(8, 0), second_time=time(14, 0),
                    tz="Europe/London", later_phases=(Phase(3, Pattern.WEEKLY, 15),), phase_gap_days=2)
    course = need_from_schedule(schedule, catalogue, "hn-1")
    assert [s.same_day for s in course.sessions] == [False, True, False, True, False, True, False, False, False]
    assert [s.phase for s in course.sessions] == [1] * 6 + [2] * 3
    assert [s.min_days for s in course.sessions][6:] == [7, 7, 7]
    eng = engine()
    proposal = eng.book_best(course, MONDAY)
    starts = [local(b.start) for b in proposal.fractions]
    for first, second in zip(starts[0:6:2], starts[1:6:2], strict=True):
        assert first.date() == second.date() and second - first >= timedelta(hours=6)
    assert all((later.date() - earlier.date()).days >= 7 for earlier, later in zip(starts[5:], starts[6:], strict=False))
