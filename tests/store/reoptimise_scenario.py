"""A stored department with a course booked to start later than it is ready, for the tests of the
nightly re-optimisation (command line and window)."""

from __future__ import annotations

from datetime import date

from planner.cli import main
from planner.store.db import Store
from planner.store.db import bookings as db

from .booking_scenario import stock

READY = date(2030, 3, 25)  # a Monday
BOOKED_FROM = "2030-04-08"  # two weeks later: booked when the machines were full
NIGHT = "2030-03-22"  # the Friday before


def waiting_store(url: str) -> str:
    """The prostate course booked from 8 April though it has been ready since 25 March (the room it
    lacked then has since been freed), and the lung course booked on its ready day; returns `url`."""
    stock(url)
    for course_id, earliest in (("course-prostate", BOOKED_FROM), ("course-lung", "2030-03-26")):
        assert main(["book", "--db", url, "--course-id", course_id, "--earliest", earliest, "--prefer-time", "08:30"]) == 0
    with Store.open(url) as store, db.writing(store.engine, store.display_url) as connection:
        course = db.course_bookings_of(connection, ["course-prostate"])["course-prostate"]
        db.set_course_booking(connection, "course-prostate", course.machine, course.daily_time, course.urgent, "test", READY)
    return url
