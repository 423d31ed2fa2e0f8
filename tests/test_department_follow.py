"""A course being edited moves onto the department's new calendar when another coordinator changes it: each calendar
field that was the department's follows, one the coordinator set apart stays theirs, and a closure the course has of
its own is never taken with the department's."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from planner.app.department_follow import department_changes, on_new_calendar
from planner.core.department import Department
from planner.core.spec import CourseSpec

TRAINING = (date(2030, 3, 8), "Staff training day")
POWER_CUT = (date(2030, 4, 3), "Power cut")
OWN = (date(2030, 4, 10), "Patient away")
BEFORE = Department(name="Riverside", timezone="Europe/London", holidays="GB-ENG", closures=(TRAINING,))


def course(**changes: object) -> CourseSpec:
    spec = CourseSpec(patient_name="Ann Other", tz=BEFORE.timezone, holidays=BEFORE.holidays, closed=BEFORE.closures,
                      days=BEFORE.treatment_days)
    return spec.updated(**changes)


def test_a_course_on_the_departments_calendar_takes_its_new_closures_days_and_holidays():
    after = replace(BEFORE, closures=(POWER_CUT,), treatment_days=frozenset(range(6)), holidays="GB-SCT")
    moved = on_new_calendar(course(), BEFORE, after)
    assert moved.closed == (POWER_CUT,) and moved.days == frozenset(range(6)) and moved.holidays == "GB-SCT"
    assert moved.patient_name == "Ann Other"
    assert department_changes(BEFORE, after) == ["holidays", "treatment days", "closures"]


def test_what_the_coordinator_set_apart_stays_theirs():
    after = replace(BEFORE, timezone="Europe/Dublin", closures=(POWER_CUT,))
    moved = on_new_calendar(course(tz="America/New_York", closed=(TRAINING, OWN)), BEFORE, after)
    assert moved.tz == "America/New_York"  # not the department's before either: the coordinator's choice
    assert moved.closed == (POWER_CUT, OWN)  # the department's taken back and added; the course's own kept


def test_a_course_keeping_its_own_calendar_takes_the_departments_closures_only():
    after = replace(BEFORE, timezone="Europe/Dublin", closures=(POWER_CUT,))
    moved = on_new_calendar(course(closed=(TRAINING,)), BEFORE, after, own_calendar=True, own_closures={TRAINING})
    assert moved.tz == BEFORE.timezone  # its own zone
    assert moved.closed == (TRAINING, POWER_CUT)  # the training day is its own too: not taken back with the department's


def test_a_closure_on_a_day_the_course_closes_keeps_the_courses_note():
    after = replace(BEFORE, closures=(TRAINING, (OWN[0], "Linac service")))
    assert on_new_calendar(course(closed=(TRAINING, OWN)), BEFORE, after).closed == (TRAINING, OWN)
