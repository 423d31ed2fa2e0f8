"""The line a patient's calendar gives a re-booked session ("Moved: the machine is unavailable at the usual time") is
written with the booking when the re-booking happens, not worked out from the downtime as it is recorded now. So:
- a downtime shortened afterwards (`machine-up` without moving back, or Department settings), whose sessions stay
  moved, leaves their line as it was: the next calendar update does not change their description;
- a session moved by hand, with its usual machine down at its usual time, is not said to be moved for the machine.

The golden department: Zoë Ångström's prostate course is booked on Linac 1 at 08:30 from Mon 25 Mar 2030."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from planner.app.booking import Relocation
from planner.core.department import MakeUpCause
from planner.core.kinds import AppointmentKind
from planner.store.db import Store
from planner.store.db import bookings as db

from .booking_scenario import desk_on, place_bookings, stock
from .test_rebooked_session_explained import EXPORTED, MOVED, events_by_role

LONDON = ZoneInfo("Europe/London")
COURSE = "course-prostate"
TUESDAY, WEDNESDAY = date(2030, 3, 26), date(2030, 3, 27)


@pytest.fixture
def url(store_url: str) -> str:
    made = stock(store_url)
    place_bookings(made)
    return made


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=LONDON)


def fraction_on(url: str, day: date) -> db.Booking:
    with Store.open(url) as store, store.engine.connect() as connection:
        return next(b for b in db.course_bookings(connection, COURSE)
                    if b.kind is AppointmentKind.FRACTION and b.start.astimezone(LONDON).date() == day)


def down_tuesday_morning(desk) -> None:
    """Both beam-matched linacs down from 08:00 to 09:30: Tuesday's 08:30 session goes later that day."""
    desk.today = date(2030, 3, 25)
    for machine in ("Linac 1", "Linac 2"):
        desk.machine_down(machine, at(TUESDAY, 8), at(TUESDAY, 9, 30), "beam fault", now=at(date(2030, 3, 25), 7))


def test_a_shortened_downtime_leaves_the_line_of_a_session_that_stays_moved(url):
    with desk_on(url) as desk:
        desk.export_calendar(COURSE, now=EXPORTED)
        down_tuesday_morning(desk)
        moved = fraction_on(url, TUESDAY)
        assert moved.moved is MakeUpCause.DOWNTIME and moved.start >= at(TUESDAY, 9, 30)  # recorded with the booking
        [first] = desk.calendar_updates([COURSE])
        given = events_by_role(first.ics)["t2"]
        assert given[1].splitlines()[0] == MOVED
        # Linac 1 back at 08:05 (Linac 2 too), nothing moved back: the session stays at its later time
        for machine in ("Linac 1", "Linac 2"):
            desk.machine_up(machine, at(TUESDAY, 8, 5), move_back=False, now=at(date(2030, 3, 25), 7, 30))
        assert fraction_on(url, TUESDAY).start == moved.start
        [after] = desk.calendar_updates([COURSE])
    again = events_by_role(after.ics)["t2"]
    assert again[0] == given[0] and again[1] == given[1]  # the same time, the same words


def test_a_session_moved_by_hand_while_its_machine_is_down_says_nothing_of_the_machine(url):
    with desk_on(url) as desk:
        desk.export_calendar(COURSE, now=EXPORTED)
        wednesday = fraction_on(url, WEDNESDAY)
        assert (wednesday.machine, wednesday.start) == ("Linac 1", at(WEDNESDAY, 8, 30))
        desk.move(COURSE, [Relocation(AppointmentKind.FRACTION, wednesday.number, "Linac 1", at(WEDNESDAY, 13))])
        # then Linac 1 is taken down for its usual time (nothing of this course is there any more)
        desk.today = date(2030, 3, 25)
        desk.machine_down("Linac 1", at(WEDNESDAY, 8), at(WEDNESDAY, 9), "service", now=at(date(2030, 3, 25), 7))
        assert fraction_on(url, WEDNESDAY).moved is None
        [update] = desk.calendar_updates([COURSE])
    description = events_by_role(update.ics)["t3"][1]
    assert "Moved" not in description and "machine" not in description.lower()


def test_a_session_a_downtime_moved_then_moved_by_hand_loses_the_line(url):
    with desk_on(url) as desk:
        desk.export_calendar(COURSE, now=EXPORTED)
        down_tuesday_morning(desk)
        tuesday = fraction_on(url, TUESDAY)
        assert tuesday.moved is MakeUpCause.DOWNTIME
        desk.move(COURSE, [Relocation(AppointmentKind.FRACTION, tuesday.number, "Linac 1", at(TUESDAY, 15))])
        assert fraction_on(url, TUESDAY).moved is None
        [update] = desk.calendar_updates([COURSE])
    assert "Moved" not in events_by_role(update.ics)["t2"][1]


def test_an_upgraded_store_keeps_the_lines_it_showed(url):
    """Revision 0010: sessions a downtime re-booked before it get the mark the old reckoning gave them."""
    from alembic import command
    from sqlalchemy import create_engine

    from planner.store.db.migrate import _config, head_revision

    with desk_on(url) as desk:
        down_tuesday_morning(desk)
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            command.downgrade(_config(connection), "0009")
            connection.commit()
    finally:
        engine.dispose()
    with Store.open(url) as store:  # upgrades
        assert store.revision() == head_revision()
    assert fraction_on(url, TUESDAY).moved is MakeUpCause.DOWNTIME
    assert fraction_on(url, WEDNESDAY).moved is None
