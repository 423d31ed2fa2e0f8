"""A booked course's place in the patient list: its status says "booked" until its first booked
fraction, and its first and last days follow the bookings (booked later than planned, a fraction
added at the end by downtime), back to the plan when it is unbooked."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from planner.app.booking import open_desk
from planner.cli import main
from planner.core.catalogue import load_catalogue
from planner.core.kinds import AppointmentKind
from planner.resources_path import default_catalogue_path
from planner.store.db import CourseStatus

from .booking_scenario import stock

LONDON = ZoneInfo("Europe/London")
PLANNED_FIRST = date(2030, 3, 25)  # every course of the scenario is planned from Monday 25 March 2030


@pytest.fixture
def url(tmp_path) -> str:
    return stock(f"sqlite:///{tmp_path / 'department.db'}")


def row(desk, course_id: str, today: date):
    return next(r for r in desk.store.list_courses(today=today) if r.course_id == course_id)


def fraction_days(proposal) -> list[date]:
    return sorted(b.start.astimezone(LONDON).date() for b in proposal.bookings if b.kind is AppointmentKind.FRACTION)


def test_a_course_booked_later_than_planned_is_booked_until_its_first_booked_fraction(url):
    with open_desk(url, load_catalogue(default_catalogue_path())) as desk:
        before = row(desk, "course-prostate", PLANNED_FIRST - timedelta(days=1))
        assert before.status is CourseStatus.PLANNED and before.first == PLANNED_FIRST
        proposal = desk.propose("course-prostate", earliest=date(2030, 4, 8), prefer_time=time(9, 0)).proposals[0]
        desk.commit(proposal)
        days = fraction_days(proposal)
        assert days[0] == date(2030, 4, 8)
        during_plan = row(desk, "course-prostate", PLANNED_FIRST + timedelta(days=3))
        assert (during_plan.first, during_plan.last) == (days[0], days[-1])
        assert during_plan.status is CourseStatus.BOOKED  # not "on treatment": the booking starts later
        assert row(desk, "course-prostate", days[0]).status is CourseStatus.ON_TREATMENT
        assert row(desk, "course-prostate", days[-1] + timedelta(days=1)).status is CourseStatus.FINISHED
        booked = [r.course_id for r in desk.store.list_courses(CourseStatus.BOOKED, today=PLANNED_FIRST)]
        planned = [r.course_id for r in desk.store.list_courses(CourseStatus.PLANNED, today=PLANNED_FIRST - timedelta(days=1))]
        assert booked == ["course-prostate"] and "course-prostate" not in planned
        stored = desk.store.load_course("course-prostate")
        assert desk.store.course_status(stored, PLANNED_FIRST) is CourseStatus.BOOKED
        # saving the course again (its plan, from a file or the command line) keeps the booked days
        desk.store.save_course(stored.spec.updated(location="Level 2"), stored.version, span=(PLANNED_FIRST, PLANNED_FIRST))
        assert (row(desk, "course-prostate", PLANNED_FIRST).first, row(desk, "course-prostate", PLANNED_FIRST).last) == \
            (days[0], days[-1])

        desk.unbook("course-prostate")
        after = row(desk, "course-prostate", PLANNED_FIRST - timedelta(days=1))
        assert after.status is CourseStatus.PLANNED and after.first == PLANNED_FIRST
        assert after.last == date(2030, 4, 19)  # the plan: 20 weekdays from Mon 25 March


def test_a_fraction_added_at_the_end_by_downtime_moves_the_last_day(url):
    with open_desk(url, load_catalogue(default_catalogue_path())) as desk:
        # left-breast breath-hold: only Linac 3 can treat it, so its downtime adds the day's fraction at the end
        proposal = desk.propose("course-breast", earliest=PLANNED_FIRST, prefer_time=time(9, 0)).proposals[0]
        desk.commit(proposal)
        days = fraction_days(proposal)
        down = datetime.combine(days[2], time(7, 0), tzinfo=LONDON)
        report, _ = desk.machine_down("Linac 3", down, down + timedelta(hours=12))
        assert [m.how for m in report.appended] == ["end of course"]
        listed = row(desk, "course-breast", PLANNED_FIRST)
        assert listed.first == days[0] and listed.last > days[-1]
        assert listed.last == report.appended[0].to_start.astimezone(LONDON).date()


def test_the_command_line_lists_booked_courses(url, capsys):
    with open_desk(url, load_catalogue(default_catalogue_path())) as desk:
        desk.commit(desk.propose("course-spine", earliest=date(2030, 4, 1)).proposals[0])
    assert main(["course", "list", "--db", url, "--status", "booked"]) == 0
    out = capsys.readouterr().out
    assert "course-spine" in out and "booked" in out and "course-prostate" not in out
