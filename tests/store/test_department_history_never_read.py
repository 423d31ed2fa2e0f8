"""A department's store keeps every course it ever treated: after a few years, thousands of courses whose bookings all
lie in the past. The waiting list (the Bookings window reads it at every activation) and the engine every re-booking
starts from (machine down, a move, the re-optimisation) read only the courses still to treat: a store with two years
of history took 2.7 s for the waiting list and 2.4 s for the engine, where 400 courses on treatment need 0.07 and 0.5
(benchmark: docs/PERFORMANCE.md, session 24)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from planner.app.booking import open_desk
from planner.core.catalogue import load_catalogue
from planner.core.spec import CourseSpec
from planner.resources_path import default_catalogue_path
from planner.store.db import Store
from planner.store.db import bookings as db
from tests.store_fill import book_filled

TODAY = date(2026, 2, 23)  # a Monday: the first courses (from 5 January) are over, the last ones go on


@pytest.fixture
def department(store_url):
    url = store_url  # SQLite and PostgreSQL
    starts = [day for day in (date(2026, 1, 5) + timedelta(days=n) for n in range(49)) if day.weekday() < 5]
    courses = [CourseSpec(patient_name=f"Patient {n:04d}", patient_id=f"H{n:05d}", site="prostate", fractions=20, start=first,
                          tz="Europe/London") for n, first in enumerate(starts)]  # 20 weekday fractions from each start
    later = CourseSpec(patient_name="Nia Later", patient_id="H09999", site="prostate", fractions=20, start=date(2026, 3, 9),
                       tz="Europe/London")
    with Store.open(url) as store:
        book_filled(store, store.add_courses([(spec, (spec.start, spec.start + timedelta(days=27))) for spec in courses]))
        store.add_courses([(later, (later.start, later.start + timedelta(days=27)))])
    return url, later.course_id


def test_the_waiting_list_and_the_engine_read_only_the_courses_still_to_treat(department, monkeypatch):
    url, later = department
    parsed: list[set[str] | None] = []
    read_rows = db.course_rows

    def course_rows(connection, course_ids=None, **kwargs):  # noqa: ANN001, ANN202 - the store's own signature
        wanted = None if course_ids is None else set(course_ids)
        parsed.append(wanted)
        return read_rows(connection, wanted, **kwargs)

    monkeypatch.setattr(db, "course_rows", course_rows)
    with open_desk(url, load_catalogue(default_catalogue_path())) as desk:
        desk.today = TODAY
        with desk.store.engine.connect() as connection:
            held = db.bookings_of_courses(connection, [f"{c}" for c in db.course_bookings_of(connection)])
        over = {course_id for course_id, bookings in held.items() if max(b.start for b in bookings).date() < TODAY}
        going_on = set(held) - over
        assert over and going_on  # the store holds both
        parsed.clear()
        waiting = desk.waiting()
        engine = desk.engine()
    assert [w.course_id for w in waiting] == [later]  # every booked course has begun; the one not booked waits
    assert set(engine.booked_courses()) == going_on  # the engine holds the time of every course going on
    assert parsed and None not in parsed  # never "every course"
    assert all(not (ids & over) for ids in parsed if ids is not None), "a course over was read"


def test_the_engine_plans_a_course_going_on_only_when_it_is_wanted(department, monkeypatch):
    """A machine down for a day re-books a few courses; planning all the others first took most of its time. The
    engine holds every course's time at once and works out a course's need when it is first wanted, once."""
    import planner.app.booking as booking

    url, _ = department
    planned: list[object] = []
    build = booking.build_schedule
    monkeypatch.setattr(booking, "build_schedule", lambda *args, **kwargs: planned.append(args) or build(*args, **kwargs))
    with open_desk(url, load_catalogue(default_catalogue_path())) as desk:
        desk.today = TODAY
        engine = desk.engine()
        going_on = engine.booked_courses()
        assert going_on and planned == []  # every course's time held, none planned
        first = engine.need(going_on[0])
        assert first is not None and first.course_id == going_on[0] and len(planned) == 1
        assert engine.need(going_on[0]) is first and len(planned) == 1  # once
