"""A booked course's last day after its last booked fraction is a make-up not booked yet only where a session was
missed: nothing else leaves a make-up waiting. `course list` said so only of a course with a missed session, while the
Patients list said it of any course whose stored last day was later (a store filled by another tool, the benchmark's
year of history): the finished courses of two years read as waiting for a make-up. Both lists now say the same."""

from __future__ import annotations

import json
from datetime import date, timedelta

from planner.store.db import Store
from planner.store.db import bookings as db
from tests.store_fill import book_filled, fill_store

TODAY = date(2026, 11, 24)


def test_a_later_stored_last_day_without_a_missed_session_is_no_make_up(store_url):
    with Store.open(store_url) as store:
        ids = fill_store(store, 3)
        book_filled(store, ids)
        with db.writing(store.engine, store.display_url) as connection:  # the last day a week after the last booking
            last = max(b.start for b in db.course_bookings(connection, ids[0])).date()
            db.set_course_days(connection, ids[0], date(2026, 1, 5), last + timedelta(days=7))
        listed = {row.course_id: row for row in store.list_courses(today=TODAY)}
        printed = {row["course_id"]: row for row in json.loads(store.list_course_json_text(today=TODAY))}
    assert listed[ids[0]].last == last + timedelta(days=7)
    assert listed[ids[0]].last_not_booked is False
    assert printed[ids[0]]["last_not_booked"] is False
