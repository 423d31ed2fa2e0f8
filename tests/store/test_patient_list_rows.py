"""The Patients list asks the store where a course stands in the list, and where the first name starting with what was
typed stands, instead of reading every page before it: the answers agree with the list's own order (the patient's name,
then the first day), for a search too, on SQLite and PostgreSQL."""

from __future__ import annotations

from planner.store.db import CourseStatus, Store
from tests.store_fill import fill_store


def test_the_row_of_a_course_and_of_a_name_agree_with_the_list(store_url):
    with Store.open(store_url) as store:
        fill_store(store, 30)
        listed = store.list_courses()
        assert [store.course_row(course.course_id) for course in listed] == list(range(30))
        found = store.list_courses(None, "patient 002")
        assert [store.course_row(course.course_id, None, "patient 002") for course in found] == list(range(len(found)))
        assert store.course_row(listed[0].course_id, None, "patient 002") is None  # the search leaves it out
        assert store.course_row(listed[0].course_id, CourseStatus.CANCELLED) is None
        assert store.first_row_named("PATIENT 0017", 0) == 17  # case-insensitive, as typed
        assert store.first_row_named("patient 001", 12) == 12  # from the row given on
        assert store.first_row_named("patient 001", 25) == 10  # past the last match: from the top again
        assert store.first_row_named("patient 0021", 0, None, "patient 002") == 1
        assert store.first_row_named("nobody", 0) is None
        assert store.first_row_named("patient_", 0) is None  # typed text, not a pattern
