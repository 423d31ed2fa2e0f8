"""The department's closures beside a course keeping its own calendar, on plain values: the course's own are told
from the department's (also the department's it holds as its own, taken when it left the department's calendar),
and the two joined give back the closures it is planned with."""

from __future__ import annotations

from datetime import date

from planner.core.department_closures import DepartmentClosures

SNOW = (date(2030, 3, 28), "snow")
TRAINING = (date(2030, 3, 8), "Staff training day")
SERVICE = (date(2030, 4, 10), "Linac 1 service")
CHRISTMAS = (date(2030, 12, 24), "Christmas closure")


def test_the_course_s_own_are_told_from_the_department_s_and_joined_back():
    department = DepartmentClosures((TRAINING, SNOW, CHRISTMAS))
    shown = (TRAINING, SNOW, SERVICE, CHRISTMAS)  # its own Linac 1 service among the department's
    own = department.own_of(shown)
    assert own == (SERVICE,)
    assert department.beside(own) == (TRAINING, SNOW, CHRISTMAS)
    assert department.joined(own) == shown


def test_a_department_closure_the_course_holds_as_its_own_stays_its_own():
    department = DepartmentClosures((TRAINING, SNOW), own=frozenset({TRAINING}))
    own = department.own_of((TRAINING, SNOW))
    assert own == (TRAINING,)
    assert department.beside(own) == (SNOW,)
    # taken out of its own, the department still closes the day: the course is planned closed on it
    assert department.joined(()) == (TRAINING, SNOW)


def test_a_day_the_course_closes_itself_keeps_the_course_s_note():
    department = DepartmentClosures((SNOW,))
    own = ((SNOW[0], "Linac 1 service"),)
    assert department.beside(own) == ()
    assert department.joined(own) == own
    assert department.own_of(own) == own
