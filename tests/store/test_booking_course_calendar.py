"""A course that keeps its own calendar (its own public holidays, closures or treatment days, over
the department's) is booked on its own treatment days only: a day its calendar closes moves the
course on, with the holiday's name, as a department closure does. Found by a tester: a course with
England's holidays in a department that lists none was booked on Christmas Day and New Year's Day."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from planner.app.booking import BookingDesk
from planner.core.catalogue import load_catalogue
from planner.core.kinds import AppointmentKind
from planner.resources_path import default_catalogue_path
from planner.store.db import Store

from .booking_scenario import course_spec, stock

CATALOGUE = load_catalogue(default_catalogue_path())
TODAY = date(2030, 12, 2)
HOLIDAYS = {date(2030, 12, 25), date(2030, 12, 26), date(2031, 1, 1)}  # England: Christmas, Boxing Day, New Year


def stocked(tmp_path, **own) -> str:
    spec = replace(course_spec("course-xmas", "Ivo Example", "H0100", "prostate", "20-daily", None,
                               start=date(2030, 12, 16)), **own)
    url = stock(f"sqlite:///{tmp_path / 'department.db'}", ())
    with Store.open(url) as store:
        store.save_course(spec)
    return url


def fraction_days(proposal) -> list[date]:
    return [b.start.date() for b in proposal.bookings if b.kind is AppointmentKind.FRACTION]


def test_a_course_with_its_own_holidays_is_not_booked_on_them(tmp_path):
    url = stocked(tmp_path, holidays="GB-ENG")
    with Store.open(url) as store:
        desk = BookingDesk(store, CATALOGUE, today=TODAY)
        best = desk.propose("course-xmas", earliest=date(2030, 12, 16)).best
        assert best is not None
        days = fraction_days(best)
        assert len(days) == 20
        assert not HOLIDAYS & set(days)
        pushed = {p.day: p.reason for p in best.pushed}
        assert pushed[date(2030, 12, 25)] == "Christmas Day (public holiday, England)"
        assert pushed[date(2031, 1, 1)] == "New Year's Day (public holiday, England)"
        desk.commit(best)
        assert not HOLIDAYS & {b.start.date() for b in desk.engine().bookings("course-xmas")}


def test_a_course_with_its_own_treatment_days_is_booked_on_those_only(tmp_path):
    url = stocked(tmp_path, days=frozenset(range(4)))  # Monday to Thursday, in a Monday-to-Friday department
    with Store.open(url) as store:
        best = BookingDesk(store, CATALOGUE, today=TODAY).propose("course-xmas", earliest=date(2030, 12, 16)).best
        assert best is not None
        assert {d.weekday() for d in fraction_days(best)} <= {0, 1, 2, 3}


def test_a_course_on_the_departments_calendar_is_booked_on_every_treatment_day_of_it(tmp_path):
    url = stocked(tmp_path)
    with Store.open(url) as store:
        best = BookingDesk(store, CATALOGUE, today=TODAY).propose("course-xmas", earliest=date(2030, 12, 16)).best
        assert best is not None
        assert date(2030, 12, 25) in fraction_days(best)  # the department lists no holidays


def test_a_manual_move_onto_a_day_the_courses_own_calendar_closes_is_refused_with_the_reason(tmp_path):
    url = stocked(tmp_path, holidays="GB-ENG")
    with Store.open(url) as store:
        desk = BookingDesk(store, CATALOGUE, today=TODAY)
        best = desk.propose("course-xmas", earliest=date(2030, 12, 16)).best
        desk.commit(best)
        first = next(b for b in best.bookings if b.kind is AppointmentKind.FRACTION and b.number == 1)
        christmas = first.start.replace(year=2030, month=12, day=25)
        reasons = desk.check_move("course-xmas", [(AppointmentKind.FRACTION, 1, first.machine, christmas)])
        assert reasons[0] == ("fraction 1: the course keeps its own calendar, closed on Wed 25 Dec 2030: "
                              "Christmas Day (public holiday, England)")
        assert reasons[1:] == ["fraction 1 would come after fraction 2 (Tue 17 Dec 08:30)"]  # the course's order too
        eve = first.start.replace(year=2030, month=12, day=24)  # open to the course: no such reason
        assert not any("own calendar" in r for r in desk.check_move("course-xmas", [(AppointmentKind.FRACTION, 1, first.machine, eve)]))
