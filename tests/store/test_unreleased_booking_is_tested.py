"""A re-booking's write tests only the appointments written anew against the stored bookings: one written again where
it held its time kept it until the write dropped it. One that was released (a session marked missed ahead) held no
time, and another patient may have been booked into it since: written back as holding time, it is tested, and refused."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from planner.core.kinds import AppointmentKind
from planner.store.db import Store
from planner.store.db import bookings as db

from .booking_scenario import stock

LONDON = ZoneInfo("Europe/London")
START = datetime(2030, 3, 26, 9, 0, tzinfo=LONDON)


def fraction(course_id: str, released: bool = False) -> db.Booking:
    return db.Booking(course_id, AppointmentKind.FRACTION, 1, "Linac 1", START, START + timedelta(minutes=15), released=released)


def test_a_released_session_written_back_over_another_booking_is_refused(tmp_path):
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    with Store.open(url) as store:
        with db.writing(store.engine, store.display_url) as connection:
            db.place(connection, [fraction("course-prostate", released=True)])  # marked missed ahead: its time is free
        with db.writing(store.engine, store.display_url) as connection:
            db.place(connection, [fraction("course-breast")])  # another patient booked into it
        with pytest.raises(db.SlotTaken), db.writing(store.engine, store.display_url) as connection:
            db.place(connection, [fraction("course-prostate")], replacing=[("course-prostate", AppointmentKind.FRACTION, 1)])
        with store.engine.connect() as connection:  # nothing written
            assert [b.released for b in db.course_bookings(connection, "course-prostate")] == [True]


def test_a_session_written_again_where_it_held_its_time_is_kept(tmp_path):
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    with Store.open(url) as store:
        with db.writing(store.engine, store.display_url) as connection:
            db.place(connection, [fraction("course-prostate")])
        with db.writing(store.engine, store.display_url) as connection:  # rewritten in place, with a mark: no clash with itself
            db.place(connection, [replace(fraction("course-prostate"), moved=None)],
                     replacing=[("course-prostate", AppointmentKind.FRACTION, 1)])
        with store.engine.connect() as connection:
            assert [(b.machine, b.start) for b in db.course_bookings(connection, "course-prostate")] == [("Linac 1", START)]
