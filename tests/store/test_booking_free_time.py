"""Proposing one course reads the store's bookings as occupied time only: no stored course is planned
again (that made `book` take seconds with 400 courses on treatment), yet every stored booking and
every downtime is still booked around."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

import planner.app.booking as app_booking
from planner.app.booking import open_desk
from planner.booking.engine import BookingEngine
from planner.booking.model import BookableMachine
from planner.core.catalogue import load_catalogue
from planner.core.clinic import ClinicCalendar
from planner.core.department import Booking, Downtime
from planner.core.kinds import AppointmentKind
from planner.resources_path import default_catalogue_path

from .booking_scenario import place_bookings, stock

LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def desk(tmp_path):
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    place_bookings(url, skip=("course-prostate-2",))
    with open_desk(url, load_catalogue(default_catalogue_path())) as opened:
        opened.today = date(2030, 3, 1)
        yield opened


def test_proposing_plans_only_the_course_asked_for(desk, monkeypatch):
    planned = []
    real = app_booking.build_schedule

    def counting(request, catalogue):
        planned.append(request)
        return real(request, catalogue)

    monkeypatch.setattr(app_booking, "build_schedule", counting)
    answer = desk.propose("course-prostate-2", earliest=date(2030, 3, 25), prefer_time=None)
    assert answer.best is not None
    assert len(planned) == 1  # before: once more for each of the five stored courses


def test_proposals_keep_clear_of_every_stored_booking(desk):
    with desk.store.engine.connect() as connection:
        stored = app_booking.db.all_bookings(connection)
    assert stored
    answer = desk.propose("course-prostate-2", earliest=date(2030, 3, 25))
    for proposal in answer.proposals:
        for new in proposal.bookings:
            assert not any(b.machine == new.machine and b.start < new.end and new.start < b.end for b in stored)


def test_an_already_booked_course_is_refused(desk):
    with pytest.raises(app_booking.InputError, match="already booked"):
        desk.propose("course-prostate", earliest=date(2030, 3, 25))


def test_occupy_holds_time_but_leaves_out_what_downtime_already_covers():
    machine = BookableMachine(name="Linac 1", group="a", capabilities=frozenset({"vmat"}), hours={d: (time(8), time(18)) for d in range(5)})
    engine = BookingEngine([machine], ClinicCalendar(), LONDON)
    day = date(2030, 4, 2)

    def at(hour: int, minute: int = 0) -> datetime:
        return datetime(2030, 4, 2, hour, minute, tzinfo=LONDON)

    engine.add_downtime(Downtime("Linac 1", at(8), at(10), "fault"), day)
    held = engine.occupy([Booking("c1", AppointmentKind.FRACTION, 1, "Linac 1", at(9), at(9, 15)),
                          Booking("c2", AppointmentKind.FRACTION, 1, "Linac 1", at(11), at(11, 15))])
    assert held == 1
    assert engine.booked_courses() == ()  # nothing to re-book: the time is only held
    assert [b.course_id for b in engine.agenda(day)["Linac 1"]] == ["c2"]
    assert engine.booked_minutes("Linac 1", day) == 15
