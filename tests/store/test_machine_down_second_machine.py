"""A second machine of a beam-matched pair taken down over the same morning re-books its patients into time the
re-booking frees (a course moved out of 09:00-09:40 on Linac 2 leaves room for another at 09:30): the store took each
course's new bookings one by one and refused the first that overlapped a row not yet replaced ('Linac 2 was taken
Tue 26 Mar 2030 09:30-09:50 by another booking'), so the downtime could not be recorded at all."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from planner.core.kinds import AppointmentKind
from planner.store.db import Store
from planner.store.db import bookings as db

from .booking_scenario import desk_on, place_bookings, stock

LONDON = ZoneInfo("Europe/London")
TUESDAY = date(2030, 3, 26)


def test_both_linacs_down_the_same_morning_re_books_everyone_without_a_clash(tmp_path: Path):
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    place_bookings(url)
    with desk_on(url) as desk:
        desk.today = date(2030, 3, 25)
        now = datetime(2030, 3, 25, 7, 0, tzinfo=LONDON)
        for machine in ("Linac 1", "Linac 2"):
            desk.machine_down(machine, datetime(2030, 3, 26, 8, 0, tzinfo=LONDON), datetime(2030, 3, 26, 9, 30, tzinfo=LONDON),
                              "beam fault", now=now)
    with Store.open(url) as store, store.engine.connect() as connection:
        held = db.bookings_between(connection, datetime(2030, 3, 26, 0, 0, tzinfo=LONDON), datetime(2030, 3, 27, 0, 0, tzinfo=LONDON))
    versa = [b for b in held if b.machine in ("Linac 1", "Linac 2")]
    assert versa and all(b.start.astimezone(LONDON).time() >= datetime(2030, 3, 26, 9, 30).time() for b in versa)
    for first in versa:  # no two sessions on one machine at once
        assert not any(o is not first and o.machine == first.machine and o.start < first.end and first.start < o.end for o in versa)
    assert {b.course_id for b in held if b.kind is AppointmentKind.FRACTION} >= {"course-prostate", "course-prostate-2", "course-lung"}
