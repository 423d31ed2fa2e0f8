"""A course not booked on a machine is not "on treatment" once its planned first day has passed:
in a department with machines nobody treats it until it is booked, so the list (and its status
filter, and the command line's `course list --status`) says "planned" until its planned last day."""

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
        after = PLANNED_LAST + timedelta(days=1)
        assert store.course_status(store.load_course("course-prostate"), after) is CourseStatus.FINISHED
        assert "course-prostate" in [r.course_id for r in store.list_courses(CourseStatus.FINISHED, today=after)]


def test_without_machines_the_planned_days_alone_decide(tmp_path):
    with Store.open(f"sqlite:///{tmp_path / 'plain.db'}") as store:
        store.save_course(course_spec(*COURSES[0]), span=(PLANNED_FIRST, PLANNED_LAST))
        during = PLANNED_FIRST + timedelta(days=3)
        assert [r.status for r in store.list_courses(today=during)] == [CourseStatus.ON_TREATMENT]
        assert store.course_status(store.load_course("course-prostate"), during) is CourseStatus.ON_TREATMENT
