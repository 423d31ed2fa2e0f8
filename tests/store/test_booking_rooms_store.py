"""A department that lists a clinic room: booking a stored course puts its weekly reviews in the
room, the course's schedule and .ics follow the booked review times, and a manual move never puts
an appointment on a machine that does not take its kind."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

import pytest

from planner.app.booking import Relocation, open_desk
from planner.core.catalogue import load_catalogue
from planner.core.department import Machine, load_department
from planner.core.kinds import AppointmentKey, AppointmentKind
from planner.ics import parse_export
from planner.resources_path import default_catalogue_path
from planner.store.db import Store

from .booking_scenario import DEPARTMENT_FILE, course_spec

LONDON = ZoneInfo("Europe/London")
ROOM = Machine("Review room", group="clinic", capabilities=frozenset({"room"}),
               hours={d: (time(9, 0), time(17, 0)) for d in range(5)})


@pytest.fixture
def desk(tmp_path):
    url = f"sqlite:///{tmp_path / 'department.db'}"
    with Store.open(url) as store:
        department = load_department(DEPARTMENT_FILE)
        store.set_department(replace(department, machines=(*department.machines, ROOM)))
        spec = course_spec("course-prostate", "Zoë Ångström", "H0001", "prostate", "20-daily", None)
        store.save_course(replace(spec, review_day=2))  # reviews on Wednesdays
    with open_desk(url, load_catalogue(default_catalogue_path())) as opened:
        yield opened


def test_booking_puts_the_reviews_in_the_room_and_the_course_follows_them(desk):
    answer = desk.propose("course-prostate", earliest=datetime(2030, 3, 25).date(), prefer_time=time(8, 0))
    best = answer.proposals[0]
    desk.commit(best)
    reviews = sorted((b for b in best.bookings if b.kind is AppointmentKind.REVIEW), key=lambda b: b.number)
    assert len(reviews) == 4 and {r.machine for r in reviews} == {"Review room"}
    # the room opens at 09:00: a review wanted right after an 08:00 session waits for it
    assert all(r.start.astimezone(LONDON).time() == time(9, 0) for r in reviews)
    assert all(r.start.astimezone(LONDON).weekday() == 2 for r in reviews)

    booked = desk.booked_course("course-prostate")
    planned = {a.key: a.start for a in booked.schedule.appointments}
    for review in reviews:
        assert planned[AppointmentKey(AppointmentKind.REVIEW, review.number)] == review.start.astimezone(LONDON)
    assert dict(booked.machines)[AppointmentKey(AppointmentKind.REVIEW, 1)] == "Review room"

    ics = parse_export(desk.export_calendar("course-prostate", now=datetime(2030, 3, 1, tzinfo=UTC)), "booked")
    review_events = [e for e in ics.events.values() if e.role.startswith("r")]
    assert review_events and all("Review room" in e.location for e in review_events)

    agenda = desk.agenda(reviews[0].start.astimezone(LONDON).date(), 1)
    room = agenda.machine("Review room")
    assert room is not None and [e.kind for e in room.entries] == [AppointmentKind.REVIEW]


def test_a_move_onto_a_machine_that_does_not_take_the_kind_is_refused(desk):
    best = desk.propose("course-prostate", earliest=datetime(2030, 3, 25).date(), prefer_time=time(10, 0)).proposals[0]
    desk.commit(best)
    free = datetime(2030, 3, 26, 12, 0, tzinfo=LONDON)
    fraction_to_room = desk.check_move("course-prostate", [Relocation(AppointmentKind.FRACTION, 2, "Review room", free)])
    assert fraction_to_room == ["Review room takes reviews, not treatment sessions"]
    fraction_to_ct = desk.check_move("course-prostate", [Relocation(AppointmentKind.FRACTION, 2, "CT simulator", free)])
    assert fraction_to_ct == ["CT simulator takes planning scans, not treatment sessions"]
    review_to_linac = desk.check_move("course-prostate", [Relocation(AppointmentKind.REVIEW, 1, "Linac 1", free)])
    assert review_to_linac == ["Linac 1 takes treatment sessions, not reviews"]
    assert desk.check_move("course-prostate", [Relocation(AppointmentKind.FRACTION, 2, "Linac 2", free)]) == []


def test_a_course_booked_a_day_later_than_planned_keeps_its_reviews_on_the_review_weekday(desk):
    """Planned from Monday 25 March with Wednesday reviews, booked from Tuesday 26 March."""
    best = desk.propose("course-prostate", earliest=datetime(2030, 3, 26).date(), prefer_time=time(10, 0)).proposals[0]
    desk.commit(best)
    reviews = sorted((b for b in best.bookings if b.kind is AppointmentKind.REVIEW), key=lambda b: b.number)
    # 20 fractions from Tuesday 26 March to Monday 22 April: Wednesdays, then that last week's only day
    assert [r.start.astimezone(LONDON).date().isoformat() for r in reviews] == [
        "2030-03-27", "2030-04-03", "2030-04-10", "2030-04-17", "2030-04-22"]
    booked = desk.booked_course("course-prostate")
    shown = [a for a in booked.schedule.appointments if a.kind is AppointmentKind.REVIEW]
    assert sorted(a.start for a in shown) == sorted(r.start.astimezone(LONDON) for r in reviews)
    assert not any(m.key.kind is AppointmentKind.REVIEW for m in booked.spec.adjustments.moves)  # right after the session: as planned
