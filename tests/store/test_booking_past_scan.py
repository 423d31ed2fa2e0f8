"""A course whose planning scan is already past is booked without it: the scan was done (or missed) before
the booking, the engine does not hold the time of days gone by, and the store refuses an overlap there. Found
by a fresh-eyes coordinator: two courses scanned at the same time a week ago, and the second could never be
booked ("CT simulator was taken 2026-11-17 10:00–10:45 UTC by another booking. Find proposals again",
forever). A slot taken meanwhile is now told on the department's clock."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from planner.app.booking import BookingDesk
from planner.core.catalogue import load_catalogue
from planner.core.kinds import AppointmentKind
from planner.resources_path import default_catalogue_path
from planner.store.db import Store
from planner.store.db import bookings as db

from .booking_scenario import stock

CATALOGUE = load_catalogue(default_catalogue_path())
SCAN = datetime(2030, 3, 20, 10, 0)  # a Wednesday, London
FIRST = ("course-a", "Ann Example", "H0101", "rectum", "5-daily", SCAN)
SECOND = ("course-b", "Ben Example", "H0102", "rectum", "5-daily", SCAN)


def kinds(proposal) -> list[AppointmentKind]:
    return [b.kind for b in proposal.bookings]


def test_a_scan_already_past_is_not_booked_and_the_course_books(tmp_path):
    url = stock(f"sqlite:///{tmp_path / 'department.db'}", (FIRST, SECOND))
    with Store.open(url) as store:
        before = BookingDesk(store, CATALOGUE, today=date(2030, 3, 19))
        first = before.propose("course-a").best
        assert AppointmentKind.SIMULATION in kinds(first)  # still to come: booked on the CT simulator
        before.commit(first)
        after = BookingDesk(store, CATALOGUE, today=date(2030, 3, 22))
        second = after.propose("course-b").best
        assert AppointmentKind.SIMULATION not in kinds(second)  # its scan's day is gone: nothing to book for it
        after.commit(second)  # was refused: the past scan overlapped the first course's
        booked = {b.kind for b in store_bookings(store, "course-b")}
    assert booked == {AppointmentKind.FRACTION}


def store_bookings(store: Store, course_id: str) -> list[db.Booking]:
    with store.engine.connect() as connection:
        return list(db.course_bookings(connection, course_id))


def test_a_slot_taken_meanwhile_is_told_on_the_departments_clock(tmp_path):
    url = stock(f"sqlite:///{tmp_path / 'department.db'}", (FIRST, SECOND))
    with Store.open(url) as store:
        desk = BookingDesk(store, CATALOGUE, today=date(2030, 3, 19))
        first, second = desk.propose("course-a").best, desk.propose("course-b").best
        desk.commit(first)
        scan = next(b for b in second.bookings if b.kind is AppointmentKind.SIMULATION)
        taken = next(b for b in first.bookings if b.kind is AppointmentKind.SIMULATION)
        assert scan.start == taken.start  # both proposed the same free time before either was booked
        with pytest.raises(db.SlotTaken) as lost:
            desk.commit(second)
    assert str(lost.value) == "CT simulator was taken Wed 20 Mar 2030 10:00–10:45 by another booking"
