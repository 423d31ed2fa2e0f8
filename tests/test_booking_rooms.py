"""Clinic rooms: when the department lists rooms (machines with the capability `room`), each
on-treatment review is booked in one, on its fraction's day, clear of the patient's own session;
without rooms reviews stay unconstrained. Rooms and CT simulators never take fractions."""

from __future__ import annotations

import tomllib
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from planner.booking.engine import BookingEngine
from planner.booking.model import BookableMachine, BookingPolicy, CourseNeed, ReviewNeed
from planner.booking.needs import daily_sessions, need_from_schedule
from planner.core.clinic import ClinicCalendar
from planner.core.department import DepartmentFileError, Downtime, Machine, department_from_data, held_kind
from planner.core.errors import Field, InputError
from planner.core.kinds import AppointmentKind

from .helpers import plan

TZ = ZoneInfo("Europe/London")
WEEKDAYS = {d: (time(8, 0), time(18, 0)) for d in range(5)}
MONDAY = date(2026, 11, 2)


def machine(name: str, *caps: str, group: str = "A") -> BookableMachine:
    return BookableMachine(name, group, frozenset(caps), WEEKDAYS)


def engine(*machines: BookableMachine) -> BookingEngine:
    return BookingEngine(machines, ClinicCalendar(closures={}), TZ, BookingPolicy(urgent_reserve=0.0))


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=TZ)


def course(course_id: str, count: int = 10, reviews: ReviewNeed | None = None, earliest: date = MONDAY,
           **extra: object) -> CourseNeed:
    return CourseNeed(course_id, daily_sessions(count, 15, 10), earliest=earliest, reviews=reviews,
                      **extra)  # type: ignore[arg-type]


WEEKLY = ReviewNeed(2, 15, 15)  # Wednesdays (fractions 3 and 8 of a course from Monday), 15 min after it starts


def test_what_a_machine_is_booked_for_follows_its_capabilities():
    assert held_kind(frozenset({"vmat", "sbrt"})) is AppointmentKind.FRACTION
    assert held_kind(frozenset({"ct"})) is AppointmentKind.SIMULATION
    assert held_kind(frozenset({"room"})) is AppointmentKind.REVIEW
    assert Machine("Review room 1", capabilities=frozenset({"room"})).holds is AppointmentKind.REVIEW
    with pytest.raises(InputError) as refused:
        Machine("Odd", capabilities=frozenset({"ct", "room"}))
    assert refused.value.field is Field.CAPABILITIES and "not both" in str(refused.value)


def test_a_department_file_naming_a_simulator_that_is_also_a_room_names_the_entry():
    text = ('[department]\nname = "X"\ntimezone = "Europe/London"\n'
            '[[machines]]\nname = "CT"\ncapabilities = ["ct", "room"]\nhours = { mon = "08:00-17:00" }\n')
    with pytest.raises(DepartmentFileError) as refused:
        department_from_data(tomllib.loads(text), "d.toml")
    assert str(refused.value) == ("d.toml: [[machines]] #1 (CT): 'capabilities': a machine is a CT simulator ('ct') "
                                  "or a clinic room ('room'), not both")


def test_reviews_are_booked_in_a_clinic_room_on_their_fraction_s_day_right_after_the_session():
    eng = engine(machine("Linac 1"), machine("Room 1", "room", group="rooms"))
    proposal = eng.book_best(course("a", preferred_time=time(9, 0), reviews=WEEKLY), MONDAY)
    fractions = {b.number: b for b in proposal.fractions}
    reviews = sorted((b for b in proposal.bookings if b.kind is AppointmentKind.REVIEW), key=lambda b: b.number)
    assert [r.number for r in reviews] == [1, 2] and {r.machine for r in reviews} == {"Room 1"}
    for review, after in zip(reviews, (3, 8), strict=True):
        session = fractions[after]
        assert review.start.astimezone(TZ).date() == session.start.astimezone(TZ).date()
        # wanted 09:15, inside the 15-minute session that ends 09:15 -> the first free time after it
        assert review.start == session.end and review.end - review.start == timedelta(minutes=15)
    assert all(b.machine == "Linac 1" for b in proposal.fractions)  # a room never takes a fraction
    assert eng.agenda(MONDAY + timedelta(days=2))["Room 1"] == (reviews[0],)


def test_without_rooms_reviews_are_not_booked():
    eng = engine(machine("Linac 1"))
    proposal = eng.book_best(course("a", reviews=WEEKLY), MONDAY)
    assert {b.kind for b in proposal.bookings} == {AppointmentKind.FRACTION}


def test_a_busy_room_takes_the_review_at_its_nearest_free_time_and_another_room_first():
    eng = engine(machine("Linac 1"), machine("Room 1", "room", group="rooms"), machine("Room 2", "room", group="rooms"))
    wednesday = MONDAY + timedelta(days=2)
    # Room 1 busy all morning on Wednesday (a downtime stands in for other reviews); Room 2 free
    eng.add_downtime(Downtime("Room 1", at(wednesday, 8), at(wednesday, 13)), MONDAY)
    proposal = eng.book_best(course("a", count=5, preferred_time=time(9, 0), reviews=WEEKLY), MONDAY)
    review = next(b for b in proposal.bookings if b.kind is AppointmentKind.REVIEW)
    assert review.machine == "Room 2" and review.start.astimezone(TZ) == at(wednesday, 9, 15)
    eng.add_downtime(Downtime("Room 2", at(wednesday, 8), at(wednesday, 10)), MONDAY)
    moved = eng.bookings("a")
    again = next(b for b in moved if b.kind is AppointmentKind.REVIEW)
    assert (again.machine, again.start.astimezone(TZ)) == ("Room 2", at(wednesday, 10, 0))  # nearer than Room 1 at 13:00


def test_a_review_no_room_can_take_is_left_unbooked_with_a_warning_and_the_fractions_still_book():
    eng = engine(machine("Linac 1"), machine("Room 1", "room", group="rooms"))
    wednesday = MONDAY + timedelta(days=2)
    eng.add_downtime(Downtime("Room 1", at(wednesday, 0), at(wednesday + timedelta(days=1), 0)), MONDAY)
    proposal = eng.book_best(course("a", preferred_time=time(9, 0), reviews=WEEKLY), MONDAY)
    reviews = [b for b in proposal.bookings if b.kind is AppointmentKind.REVIEW]
    assert [r.number for r in reviews] == [2]
    assert any("review 1 on Wed 4 Nov 2026: no free time in a clinic room" in w for w in proposal.warnings)
    assert len(proposal.fractions) == 10


def test_a_room_going_down_with_no_other_room_leaves_the_review_unplaced_with_the_reason():
    eng = engine(machine("Linac 1"), machine("Room 1", "room", group="rooms"))
    eng.book_best(course("a", count=5, preferred_time=time(9, 0), reviews=WEEKLY), MONDAY)
    wednesday = MONDAY + timedelta(days=2)
    report = eng.add_downtime(Downtime("Room 1", at(wednesday, 8), at(wednesday, 18)), MONDAY)
    assert [(u.course_id, u.number, u.reason) for u in report.unplaced] == [("a", 1, "no free time in a clinic room that day")]
    assert report.moved == () and all(b.kind is AppointmentKind.FRACTION for b in eng.bookings("a"))


def test_a_department_of_only_rooms_and_simulators_has_no_machine_for_fractions():
    eng = engine(machine("CT", "ct", group="ct"), machine("Room 1", "room", group="rooms"))
    with pytest.raises(InputError, match="no machine of the department"):
        eng.propose(course("a"), MONDAY)


def test_a_planned_schedule_s_review_day_is_what_the_engine_books(catalogue):
    schedule = plan(catalogue, site="prostate", fractions=10, start=MONDAY, review_weekday=2, tz="Europe/London")
    need = need_from_schedule(schedule, catalogue, "p-1")
    assert need.reviews == ReviewNeed(2, catalogue.review_minutes, catalogue.site("prostate").review_minutes_after)
    assert need_from_schedule(plan(catalogue, site="prostate", fractions=10, start=MONDAY), catalogue, "p-2").reviews is None


def test_a_course_booked_to_start_later_keeps_its_review_weekday():
    """Planned from Monday with reviews on Wednesdays, but booked from Tuesday: the reviews follow
    the booked Wednesday fractions (4th and 9th), not the 3rd and 8th (now on Thursdays)."""
    eng = engine(machine("Linac 1"), machine("Room 1", "room", group="rooms"))
    tuesday = MONDAY + timedelta(days=1)
    proposal = eng.book_best(course("a", preferred_time=time(9, 0), reviews=WEEKLY, earliest=tuesday), MONDAY)
    reviews = sorted((b for b in proposal.bookings if b.kind is AppointmentKind.REVIEW), key=lambda b: b.number)
    # 10 fractions from Tuesday 3 to Monday 16 November: the third week has only its Monday, the last day before Wednesday
    assert [r.start.astimezone(TZ).date() for r in reviews] == [date(2026, 11, 4), date(2026, 11, 11), date(2026, 11, 16)]
    # a week whose fractions start after Wednesday: its next fraction day (Thursday), then Wednesday again
    short = eng.propose(course("b", count=6, preferred_time=time(11, 0), reviews=WEEKLY, earliest=date(2026, 11, 12)), MONDAY)
    days = [b.start.astimezone(TZ).date() for b in short.proposals[0].bookings if b.kind is AppointmentKind.REVIEW]
    assert days == [date(2026, 11, 12), date(2026, 11, 18)]
