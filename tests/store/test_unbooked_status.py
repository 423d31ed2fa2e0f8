"""A course not booked on a machine is not "on treatment" once its planned first day has passed:
in a department with machines nobody treats it until it is booked, so the list (and its status
filter, and the command line's `course list --status`) says "planned" until its planned last day, and past
it when it was stored before its first day (nobody booked it: not "finished")."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from planner.store.db import CourseStatus, Store

from .booking_scenario import COURSES, course_spec, stock

PLANNED_FIRST = date(2030, 3, 25)  # every course of the scenario is planned from Monday 25 March 2030
PLANNED_LAST = date(2030, 4, 19)  # the prostate course's 20th weekday


@pytest.fixture
def url(tmp_path) -> str:
    url = stock(f"sqlite:///{tmp_path / 'department.db'}", courses=())  # the golden department: three linacs and more
    with Store.open(url) as store:
        store.save_course(course_spec(*COURSES[0]), span=(PLANNED_FIRST, PLANNED_LAST))
    return url


def test_an_unbooked_course_past_its_planned_first_day_is_planned_not_on_treatment(url):
    during = PLANNED_FIRST + timedelta(days=3)
    with Store.open(url) as store:
        row = next(r for r in store.list_courses(today=during) if r.course_id == "course-prostate")
        assert (row.first, row.last) == (PLANNED_FIRST, PLANNED_LAST)
        assert row.status is CourseStatus.PLANNED
        assert store.course_status(store.load_course("course-prostate"), during) is CourseStatus.PLANNED
        assert store.list_courses(CourseStatus.ON_TREATMENT, today=during) == []
        assert "course-prostate" in [r.course_id for r in store.list_courses(CourseStatus.PLANNED, today=during)]
        assert store.list_course_json("on treatment", today=during) == []
        after = PLANNED_LAST + timedelta(days=1)  # stored before its first day and never booked: still waiting, not finished
        assert store.course_status(store.load_course("course-prostate"), after) is CourseStatus.PLANNED
        assert "course-prostate" in [r.course_id for r in store.list_courses(CourseStatus.PLANNED, today=after)]
        assert store.list_courses(CourseStatus.FINISHED, today=after) == []


def test_a_course_stored_after_its_days_is_finished_once_they_are_over(tmp_path):
    """An old course imported into a department that books was treated before the store knew of it."""
    url = stock(f"sqlite:///{tmp_path / 'department.db'}", courses=())
    old_first, old_last = date(2021, 3, 1), date(2021, 3, 26)
    with Store.open(url) as store:
        store.save_course(course_spec(*COURSES[0], start=old_first), span=(old_first, old_last))
        after = old_last + timedelta(days=1)
        assert store.course_status(store.load_course("course-prostate"), after) is CourseStatus.FINISHED
        assert [r.status for r in store.list_courses(today=after)] == [CourseStatus.FINISHED]
        during = old_first + timedelta(days=3)  # past its first day, not over: not booked, so planned, as before
        assert [r.status for r in store.list_courses(today=during)] == [CourseStatus.PLANNED]


def test_the_waiting_list_keeps_a_course_nobody_booked_past_its_planned_days(url, tmp_path):
    """Found by a fresh-eyes coordinator: a course saved for booking and never booked left the list once its
    planned days were over, and read "finished": a patient lost. An old course imported stays out of it."""
    from planner.app.booking import BookingDesk
    from planner.core.catalogue import load_catalogue
    from planner.resources_path import default_catalogue_path

    catalogue = load_catalogue(default_catalogue_path())
    with Store.open(url) as store:
        old_first = date(2021, 3, 1)
        store.save_course(course_spec("course-old", "Old Example", "H0900", "prostate", "20-daily", None, start=old_first),
                          span=(old_first, date(2021, 3, 26)))
        after = date(2030, 5, 1)  # its planned days over, and its due date (a month from ready) too
        waiting = BookingDesk(store, catalogue, today=after).waiting()
    assert [course.course_id for course in waiting] == ["course-prostate"]
    assert waiting[0].overdue(after)


def test_without_machines_the_planned_days_alone_decide(tmp_path):
    with Store.open(f"sqlite:///{tmp_path / 'plain.db'}") as store:
        store.save_course(course_spec(*COURSES[0]), span=(PLANNED_FIRST, PLANNED_LAST))
        during = PLANNED_FIRST + timedelta(days=3)
        assert [r.status for r in store.list_courses(today=during)] == [CourseStatus.ON_TREATMENT]
        assert store.course_status(store.load_course("course-prostate"), during) is CourseStatus.ON_TREATMENT


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_the_list_and_the_course_agree_on_either_database(kind, tmp_path, request):
    """The status is told twice, in SQL for the list and in Python for one course: the same on both databases."""
    url = f"sqlite:///{tmp_path / 'd.db'}" if kind == "sqlite" else request.getfixturevalue("postgres").new_database()
    stock(url, courses=())
    old_first = date(2021, 3, 1)
    with Store.open(url) as store:
        store.save_course(course_spec(*COURSES[0]), span=(PLANNED_FIRST, PLANNED_LAST))
        store.save_course(course_spec("course-old", "Old Example", "H0900", "prostate", "20-daily", None, start=old_first),
                          span=(old_first, date(2021, 3, 26)))
        after = PLANNED_LAST + timedelta(days=1)
        listed = {r.course_id: r.status for r in store.list_courses(today=after)}
        told = {course_id: store.course_status(store.load_course(course_id), after) for course_id in listed}
    assert listed == told == {"course-prostate": CourseStatus.PLANNED, "course-old": CourseStatus.FINISHED}
