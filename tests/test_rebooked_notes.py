"""Why each re-booked fraction is where it is, read from its booking and the department's downtime (`rebooked_notes`),
and the plain line the patient reads for it (`rebooked_line`), full and discreet."""

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
             make_up: MakeUpMark | None = None) -> Booking:
    start = at(day, hour, minute)
    return Booking("c", AppointmentKind.FRACTION, number, machine, start, start + timedelta(minutes=20), make_up)


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
    held = [fraction(1, MONDAY, 8, 30, machine="Linac 2"),  # the same time on the other linac
            fraction(2, tuesday, 13),  # later that day
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
