"""Why each re-booked fraction is where it is, read from the marks the re-booking left on its booking (`rebooked_notes`),
never from the department's downtime as it is recorded now, and the plain line the patient reads for it
(`rebooked_line`), full and discreet."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from planner.app.course_booking import rebooked_notes
from planner.core.department import (
    Booking,
    Department,
    Downtime,
    Machine,
    MakeUpCause,
    MakeUpMark,
    Rebooked,
    RebookedNote,
)
from planner.core.kinds import AppointmentKey, AppointmentKind
from planner.wording import rebooked_line

TZ = ZoneInfo("Europe/London")
MONDAY = date(2030, 3, 25)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=TZ)


def fraction(number: int, day: date, hour: int, minute: int = 0, machine: str = "Linac 1",
             make_up: MakeUpMark | None = None, moved: MakeUpCause | None = None) -> Booking:
    start = at(day, hour, minute)
    return Booking("c", AppointmentKind.FRACTION, number, machine, start, start + timedelta(minutes=20), make_up, moved)


def department(*downtime: Downtime) -> Department:
    hours = {d: (time(8, 0), time(18, 0)) for d in range(5)}
    machines = (Machine("Linac 1", "versa", hours=hours), Machine("Linac 2", "versa", hours=hours))
    return Department(name="Riverside", timezone="Europe/London", machines=machines, downtime=downtime)


def notes(held: list[Booking], *downtime: Downtime) -> dict[int, RebookedNote]:
    found = rebooked_notes(held, "Linac 1", time(8, 30), department(*downtime), TZ)
    return {key.number: note for key, note in found.items() if key.kind is AppointmentKind.FRACTION}


def test_each_way_a_re_booking_moves_a_session_is_told_apart():
    tuesday, wednesday, saturday = MONDAY + timedelta(days=1), MONDAY + timedelta(days=2), MONDAY + timedelta(days=5)
    down = Downtime("Linac 1", at(MONDAY, 8), at(tuesday, 12), "beam fault")
    lost = MakeUpMark(wednesday, MakeUpCause.DOWNTIME)
    downtime = MakeUpCause.DOWNTIME
    held = [fraction(1, MONDAY, 8, 30, machine="Linac 2", moved=downtime),  # the same time on the other linac
            fraction(2, tuesday, 13, moved=downtime),  # later that day
            fraction(3, wednesday, 8, 30),  # as booked
            fraction(4, MONDAY + timedelta(days=3), 8, 30), fraction(5, MONDAY + timedelta(days=3), 14, 30, make_up=lost),
            fraction(6, saturday, 10, make_up=lost),
            fraction(7, MONDAY + timedelta(days=7), 8, 30, make_up=MakeUpMark(wednesday, MakeUpCause.CLOSURE)),
            fraction(8, MONDAY + timedelta(days=8), 8, 30, make_up=MakeUpMark(wednesday, MakeUpCause.MISSED))]
    assert notes(held, down) == {
        1: RebookedNote(Rebooked.OTHER_MACHINE, MakeUpCause.DOWNTIME, MONDAY),
        2: RebookedNote(Rebooked.OTHER_TIME, MakeUpCause.DOWNTIME, tuesday),
        5: RebookedNote(Rebooked.SECOND_SESSION, MakeUpCause.DOWNTIME, wednesday),
        6: RebookedNote(Rebooked.WEEKEND, MakeUpCause.DOWNTIME, wednesday),
        7: RebookedNote(Rebooked.END, MakeUpCause.CLOSURE, wednesday)}  # a session the patient missed: its own words


def test_a_session_moved_by_hand_with_no_downtime_says_nothing():
    assert notes([fraction(1, MONDAY, 13)]) == {}
    other_machine = Downtime("Linac 2", at(MONDAY, 8), at(MONDAY, 12))
    assert notes([fraction(1, MONDAY, 13)], other_machine) == {}


def test_a_session_moved_by_hand_while_its_machine_is_down_is_not_said_moved_for_the_machine():
    """The coordinator moved Monday's session to 13:00 by hand; Linac 1 happens to be down at 08:30 that day. The
    booking carries no re-booking's mark: before, the downtime alone made it "Moved: the machine is unavailable"."""
    down = Downtime("Linac 1", at(MONDAY, 8), at(MONDAY, 12), "service")
    assert notes([fraction(1, MONDAY, 13)], down) == {}


def test_a_session_a_downtime_moved_keeps_its_line_when_the_downtime_is_shortened_or_gone():
    """What the re-booking recorded says why, whatever the department's downtime says now."""
    moved = [fraction(1, MONDAY, 13, moved=MakeUpCause.DOWNTIME), fraction(2, MONDAY + timedelta(days=1), 8, 30, machine="Linac 2",
                                                                             moved=MakeUpCause.DOWNTIME)]
    expected = {1: RebookedNote(Rebooked.OTHER_TIME, MakeUpCause.DOWNTIME, MONDAY),
                2: RebookedNote(Rebooked.OTHER_MACHINE, MakeUpCause.DOWNTIME, MONDAY + timedelta(days=1))}
    assert notes(moved, Downtime("Linac 1", at(MONDAY, 8), at(MONDAY + timedelta(days=1), 12))) == expected
    assert notes(moved, Downtime("Linac 1", at(MONDAY, 8), at(MONDAY, 8, 10))) == expected  # shortened to ten minutes
    assert notes(moved) == expected  # removed


def test_the_lines_name_no_treatment_and_a_discreet_one_no_cause():
    wednesday = MONDAY + timedelta(days=2)
    end = RebookedNote(Rebooked.END, MakeUpCause.DOWNTIME, wednesday)
    assert rebooked_line(end) == ("Added at the end of the course: the session of Wed 27 Mar 2030 could not go ahead "
                                  "(the machine was unavailable).")
    assert rebooked_line(RebookedNote(Rebooked.OTHER_TIME, MakeUpCause.DOWNTIME, MONDAY)) == (
        "Moved: the machine is unavailable at the usual time.")
    for how in Rebooked:
        for cause in (MakeUpCause.DOWNTIME, MakeUpCause.CLOSURE):
            full = rebooked_line(RebookedNote(how, cause, wednesday))
            discreet = rebooked_line(RebookedNote(how, cause, wednesday), discreet=True)
            assert full and not any(word in full.lower() for word in ("radiotherapy", "treatment", "linac", "cancer"))
            assert not any(word in discreet.lower() for word in ("machine", "closed", "radiotherapy", "treatment", "session"))
    assert rebooked_line(RebookedNote(Rebooked.OTHER_MACHINE, MakeUpCause.DOWNTIME, MONDAY), discreet=True) == ""
    assert AppointmentKey.fraction(1).kind is AppointmentKind.FRACTION


def test_a_course_put_off_before_it_began_starts_later_and_its_session_at_the_end_makes_nothing_up():
    """Monday was to be the first day; the department was closed, its session added at the end: none of the course
    came before, so the course starts later (said on its first session, Tuesday's) and the last is a session like any."""
    closed = MakeUpMark(MONDAY, MakeUpCause.CLOSURE)
    held = [fraction(1, MONDAY + timedelta(days=1), 8, 30), fraction(2, MONDAY + timedelta(days=2), 8, 30),
            fraction(3, MONDAY + timedelta(days=3), 8, 30, make_up=closed)]
    assert notes(held) == {1: RebookedNote(Rebooked.LATER_START, MakeUpCause.CLOSURE, MONDAY)}
    assert rebooked_line(notes(held)[1]) == ("Starts later: the course could not begin on Mon 25 Mar 2030 as planned "
                                            "(the department was closed).")
    # a single-fraction course's only session, put off to the next day
    assert notes([fraction(1, MONDAY + timedelta(days=1), 8, 30, make_up=closed)]) == {
        1: RebookedNote(Rebooked.LATER_START, MakeUpCause.CLOSURE, MONDAY)}
    # begun on Monday, Tuesday's session lost: that one is made up at the end, as before
    tuesday = MakeUpMark(MONDAY + timedelta(days=1), MakeUpCause.CLOSURE)
    begun = [fraction(1, MONDAY, 8, 30), fraction(2, MONDAY + timedelta(days=2), 8, 30, make_up=tuesday)]
    assert notes(begun) == {2: RebookedNote(Rebooked.END, MakeUpCause.CLOSURE, tuesday.day)}


def test_a_twice_daily_day_added_at_the_end_says_both_sessions():
    tuesday = MONDAY + timedelta(days=1)
    lost = MakeUpMark(tuesday, MakeUpCause.CLOSURE)
    held = [fraction(1, MONDAY, 8), fraction(2, MONDAY, 14), fraction(3, MONDAY + timedelta(days=2), 8),
            fraction(4, MONDAY + timedelta(days=2), 14), fraction(5, MONDAY + timedelta(days=3), 8, make_up=lost),
            fraction(6, MONDAY + timedelta(days=4), 8, make_up=lost)]
    both = RebookedNote(Rebooked.END, MakeUpCause.CLOSURE, tuesday, 2)
    assert notes(held) == {5: both, 6: both}
    assert rebooked_line(both) == ("Added at the end of the course: the 2 sessions of Tue 26 Mar 2030 could not go ahead "
                                   "(the department was closed).")
    assert rebooked_line(both, discreet=True) == "Added at the end: the 2 appointments of Tue 26 Mar 2030 could not go ahead."
