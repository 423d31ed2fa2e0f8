"""After its first day a course stays in its machine's beam-matched group unless it is
gap-sensitive: a day the group has no room moves on, as after a closure, with the reason said,
rather than going to a machine of another group (issue 13: preference 1, the same machine or at
least the same beam-matched group for the whole course; the downtime rule already works so)."""

from __future__ import annotations

from datetime import date, time, timedelta
from zoneinfo import ZoneInfo

from planner.booking.engine import BookingEngine
from planner.booking.model import NO_GROUP_ROOM, NO_ROOM, BookableMachine, BookingPolicy, CourseNeed, Proposal
from planner.booking.needs import daily_sessions
from planner.core.clinic import ClinicCalendar

from .helpers import leave_free

TZ = ZoneInfo("Europe/London")
MONDAY = date(2026, 11, 2)
WEDNESDAY = MONDAY + timedelta(days=2)
HOURS = {d: (time(8, 0), time(18, 0)) for d in range(5)}


def engine(groups: dict[str, str]) -> BookingEngine:
    machines = tuple(BookableMachine(name, group, frozenset(), HOURS) for name, group in groups.items())
    return BookingEngine(machines, ClinicCalendar(), TZ, BookingPolicy(urgent_reserve=0.0))


def course(gap_sensitive: bool = False) -> CourseNeed:
    return CourseNeed("a", daily_sessions(5, 15, 10), earliest=MONDAY, gap_sensitive=gap_sensitive)


def placed(proposal: Proposal) -> list[tuple[date, str]]:
    return [(b.start.astimezone(TZ).date(), b.machine) for b in proposal.fractions]


def group_full_on_wednesday(eng: BookingEngine, *group: str) -> None:
    """The group's machines have no room on Wednesday."""
    for name in group:
        leave_free(eng, name, WEDNESDAY)


def free_on_wednesday_only(eng: BookingEngine, name: str) -> None:
    """The machine has room on the Wednesday alone in the three weeks from MONDAY."""
    for k in range(21):
        day = MONDAY + timedelta(days=k)
        if day != WEDNESDAY and day.weekday() < 5:
            leave_free(eng, name, day)


def test_a_course_that_is_not_gap_sensitive_moves_on_a_day_rather_than_leave_its_group():
    eng = engine({"Linac 1": "Versa", "Linac 2": "Versa", "Halcyon": "Halcyon"})
    group_full_on_wednesday(eng, "Linac 1", "Linac 2")
    free_on_wednesday_only(eng, "Halcyon")
    best = eng.book_best(course(), MONDAY)
    assert best.machine == "Linac 1" and best.first == MONDAY
    days = [MONDAY, MONDAY + timedelta(days=1), MONDAY + timedelta(days=3), MONDAY + timedelta(days=4),
            MONDAY + timedelta(days=7)]
    assert placed(best) == [(day, "Linac 1") for day in days]
    assert best.off_group == 0 and best.off_machine == 0
    assert [(p.day, p.reason) for p in best.pushed] == [(WEDNESDAY, NO_GROUP_ROOM)]
    assert eng.agenda(WEDNESDAY)["Halcyon"] == ()


def test_a_gap_sensitive_course_takes_the_other_group_that_day_instead():
    eng = engine({"Linac 1": "Versa", "Linac 2": "Versa", "Halcyon": "Halcyon"})
    group_full_on_wednesday(eng, "Linac 1", "Linac 2")
    free_on_wednesday_only(eng, "Halcyon")
    best = eng.book_best(course(gap_sensitive=True), MONDAY)
    assert best.machine == "Linac 1"
    assert placed(best)[2] == (WEDNESDAY, "Halcyon")
    assert best.off_group == 1 and best.pushed == ()


def test_a_day_no_machine_has_room_for_keeps_the_reason_it_always_had():
    eng = engine({"Linac 1": "Versa", "Halcyon": "Halcyon"})
    group_full_on_wednesday(eng, "Linac 1", "Halcyon")
    best = eng.book_best(course(), MONDAY)
    assert [(p.day, p.reason) for p in best.pushed] == [(WEDNESDAY, NO_ROOM)]


def test_a_day_on_a_matched_machine_beats_a_course_a_day_longer():
    # Linac 1 (a group of one) has no room on Wednesday, nor has Linac 5, whose matched Linac 6 has
    # room that day only. On Linac 1 the course would run a day longer; on Linac 5 it keeps its
    # days with one fraction on Linac 6.
    eng = engine({"Linac 1": "Versa", "Linac 5": "TrueBeam", "Linac 6": "TrueBeam"})
    group_full_on_wednesday(eng, "Linac 1", "Linac 5")
    free_on_wednesday_only(eng, "Linac 6")
    answer = eng.propose(course(), MONDAY)
    best = answer.best
    assert best is not None and best.machine == "Linac 5" and best.pushed == ()
    assert placed(best)[2] == (WEDNESDAY, "Linac 6") and best.off_machine == 1
    longer = [p for p in answer.proposals if p.machine == "Linac 1"]
    assert len(longer) == 1 and [(p.day, p.reason) for p in longer[0].pushed] == [(WEDNESDAY, NO_GROUP_ROOM)]
