"""A course's wait counts from its ready-to-treat date (given, or its planning scan plus the site's
planning days), not from the day it is booked: booking later than that date starts the course
today at the soonest, keeps the ready date in the store, and shows the real wait, in the window's
proposals (BookingDesk.propose) and in `book --json` alike. The waiting list's due dates fall on
treatment days of the department's calendar, and an urgent course is due a set number of working
days after it was ready, or after the department learnt of it when that was later."""

from __future__ import annotations

import contextlib
import io
import json
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import update

from planner.app import booking as app_booking
from planner.app.booking import BookingDesk
from planner.booking.model import BookingPolicy
from planner.cli import main
from planner.core.catalogue import load_catalogue
from planner.core.department import load_department
from planner.resources_path import default_catalogue_path
from planner.store.db import Store, schema
from planner.store.db import bookings as db

from .booking_scenario import DEPARTMENT_FILE, course_spec, stock

CATALOGUE = load_catalogue(default_catalogue_path())
BOOKED_ON = date(2030, 4, 3)  # a Wednesday, well after the courses' ready dates
GIVEN = date(2030, 3, 25)  # a Monday: the ready date the coordinator gives
URGENT_DAYS = BookingPolicy().urgent_within_days


@pytest.fixture
def url(tmp_path) -> str:
    return stock(f"sqlite:///{tmp_path / 'department.db'}")


def desk_on(store: Store, today: date = BOOKED_ON) -> BookingDesk:
    return BookingDesk(store, CATALOGUE, today=today)


def working_days(desk: BookingDesk, start: date, end: date) -> int:
    """Open days of the department after `start` up to and including `end`."""
    return desk.engine().working_days(start, end)


def stored_ready(store: Store, course_id: str) -> date | None:
    with store.engine.connect() as connection:
        return db.course_bookings_of(connection, [course_id])[course_id].ready


def test_a_given_ready_date_in_the_past_is_kept_and_the_wait_counts_from_it(url):
    with Store.open(url) as store:
        desk = desk_on(store)
        answer = desk.propose("course-prostate", earliest=GIVEN)
        best = answer.best
        assert best is not None
        assert answer.earliest == GIVEN
        assert best.first >= BOOKED_ON  # never started in the past
        assert best.wait_days == working_days(desk, GIVEN, best.first) >= 7  # Tue 26 Mar .. Wed 3 Apr at least
        for proposal in answer.proposals:
            assert proposal.wait_days == working_days(desk, GIVEN, proposal.first)
        desk.commit(best, ready=answer.earliest)
        assert stored_ready(store, "course-prostate") == GIVEN
        waiting = {w.course_id: w for w in desk_on(store, date(2030, 4, 1)).waiting()}
        assert waiting["course-prostate"].ready == GIVEN


def test_a_ready_date_from_a_past_planning_scan_is_kept_and_the_course_starts_today_at_the_soonest(url):
    with Store.open(url) as store:
        desk = desk_on(store)
        planning = CATALOGUE.site("rectum").planning_days or 7
        engine = desk.engine()
        ready = engine.add_working_days(date(2030, 3, 20), planning)  # the scan (Wed 20 Mar) plus the planning days
        assert ready < BOOKED_ON
        answer = desk.propose("course-rectum")
        best = answer.best
        assert best is not None
        assert answer.earliest == ready
        assert best.first >= BOOKED_ON  # the fractions were proposed in the past before
        assert best.wait_days == engine.working_days(ready, best.first) > 0
        desk.commit(best, ready=answer.earliest)
        assert stored_ready(store, "course-rectum") == ready
        unbooked = {w.course_id: w for w in desk_on(store, date(2030, 3, 1)).waiting()}
        assert unbooked["course-rectum"].ready == ready


def test_a_future_ready_date_still_counts_from_itself(url):
    with Store.open(url) as store:
        desk = desk_on(store, date(2030, 3, 18))
        answer = desk.propose("course-prostate", earliest=GIVEN)
        assert answer.earliest == GIVEN
        assert answer.best is not None and answer.best.first == GIVEN and answer.best.wait_days == 0


def test_book_json_counts_the_wait_from_the_ready_date_and_stores_it(url, monkeypatch):
    opened = app_booking.open_desk

    def open_on_booking_day(*args, **kwargs) -> BookingDesk:
        desk = opened(*args, **kwargs)
        desk.today = BOOKED_ON
        return desk

    monkeypatch.setattr(app_booking, "open_desk", open_on_booking_day)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["book", "--db", url, "--course-id", "course-prostate", "--earliest", GIVEN.isoformat(),
                     "--prefer-time", "08:30", "--json"]) == 0
    answer = json.loads(out.getvalue())
    assert answer["booked"] is True
    with Store.open(url) as store:
        desk = desk_on(store)
        assert stored_ready(store, "course-prostate") == GIVEN
        for alternative in answer["alternatives"]:
            first = date.fromisoformat(alternative["first"])
            assert first >= BOOKED_ON
            assert alternative["wait_days"] == working_days(desk, GIVEN, first) >= 7


def test_routine_due_dates_fall_on_treatment_days_never_a_weekend_or_christmas_day(tmp_path):
    url = f"sqlite:///{tmp_path / 'department.db'}"
    department = load_department(DEPARTMENT_FILE)
    with Store.open(url) as store:
        store.set_department(replace(department, closures=(*department.closures, (date(2030, 12, 25), "Christmas Day"))))
        # ready 24 Nov: 31 days on is Christmas Day; ready 27 Mar: 31 days on is Saturday 27 April
        store.save_course(course_spec("course-christmas", "Ada Byrne", "H0010", "prostate", "20-daily", None,
                                      start=date(2030, 11, 24)))
        store.save_course(course_spec("course-weekend", "Ben Osei", "H0011", "prostate", "20-daily", None,
                                      start=date(2030, 3, 27)))
        desk = desk_on(store, date(2030, 3, 1))
        calendar = desk.department.clinic_calendar(desk.holidays)
        waiting = {w.course_id: w for w in desk.waiting()}
    assert waiting["course-christmas"].due == date(2030, 12, 24)  # Tuesday, the treatment day before the target
    assert waiting["course-weekend"].due == date(2030, 4, 26)  # Friday
    for course in waiting.values():
        assert calendar.is_open(course.due)
        assert (course.due - course.ready).days <= app_booking.ROUTINE_DUE_DAYS


def test_an_urgent_course_is_due_working_days_after_it_was_ready(url):
    with Store.open(url) as store:
        desk = desk_on(store)
        answer = desk.propose("course-spine", earliest=GIVEN, urgent=True)
        assert answer.best is not None
        desk.commit(answer.best, urgent=True, ready=answer.earliest)
        course = {w.course_id: w for w in desk_on(store, date(2030, 3, 26)).waiting()}["course-spine"]
    due = desk.engine().add_working_days(GIVEN, URGENT_DAYS)  # Wed 27 Mar
    assert course.ready == GIVEN and course.due == due
    assert course.late  # booked from 3 April at the soonest
    assert any("urgent" in warning for warning in answer.warnings)


def test_an_urgent_course_the_department_learnt_of_after_its_ready_date_is_due_from_then(url):
    known = date(2030, 4, 2)  # entered on Tuesday 2 April, a week after the date it was ready
    with Store.open(url) as store:
        with store.engine.begin() as connection:
            connection.execute(update(schema.courses).where(schema.courses.c.id == "course-spine")
                               .values(created_at=datetime(2030, 4, 2, 9, 0, tzinfo=UTC)))
        desk = desk_on(store)
        answer = desk.propose("course-spine", earliest=GIVEN, urgent=True)
        assert answer.best is not None and answer.best.first == BOOKED_ON
        assert answer.earliest == GIVEN and answer.best.wait_days == working_days(desk, GIVEN, BOOKED_ON)
        assert answer.warnings == ()
        desk.commit(answer.best, urgent=True, ready=answer.earliest)
        course = {w.course_id: w for w in desk_on(store, date(2030, 4, 2)).waiting()}["course-spine"]
    assert course.due == desk.engine().add_working_days(known, URGENT_DAYS)  # Thu 4 April
    assert not course.late


def test_a_planning_scan_still_to_come_makes_the_course_ready_after_it(url):
    with Store.open(url) as store:
        answer = desk_on(store, date(2030, 3, 19)).propose("course-rectum", earliest=date(2030, 3, 11))
    assert answer.earliest == date(2030, 3, 21)  # the day after the scan of Wed 20 March, not the past day given
    assert answer.best is not None and answer.best.wait_days == 0
