"""`course save --course-id` of a course keeping its own calendar (the stock courses do: no holiday region of their
own) in a department closed on Thu 28 Mar 2030 (snow): the course is read as shown, the department's closures beside
its own, and stored without them, as the window's save does; `plan --course-id` still says the closure pushes it.

The golden department: Zoë Ångström's prostate course is booked on Linac 1 at 08:30 from Mon 25 Mar 2030; Eamon
O'Neill's prostate course (also from Mon 25 Mar 2030) is not booked."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from planner.store.db import Store

from .booking_scenario import place_bookings, stock
from .command_line import run

BOOKED = "course-prostate"
UNBOOKED = "course-prostate-2"
THURSDAY = date(2030, 3, 28)


@pytest.fixture
def url(tmp_path: Path, capsys) -> str:
    made = stock(f"sqlite:///{tmp_path / 'department.db'}")
    place_bookings(made, skip=(UNBOOKED,))
    status, _, err = run(capsys, "closure", "--db", made, "--date", THURSDAY.isoformat(), "--reason", "snow")
    assert status == 0, err
    return made


def own_closures(url: str, course_id: str) -> list[date]:
    with Store.open(url) as store:
        return [day for day, _ in store.load_course(course_id).spec.closed]


def test_plan_says_the_department_closure_pushes_the_unbooked_course(capsys, url):
    status, out, err = run(capsys, "plan", "--db", url, "--course-id", UNBOOKED, "--json")
    assert status == 0, err
    assert [p["date"] for p in json.loads(out)["pushed"]] == [THURSDAY.isoformat()]


@pytest.mark.parametrize("course_id", [BOOKED, UNBOOKED])
def test_course_save_leaves_the_department_s_closures_out_of_the_course(capsys, url, course_id):
    """`course save --course-id` reads the course as shown (the department's closures beside its own) and stores it
    without them, as the window's save does: its own closure added is kept."""
    status, _, err = run(capsys, "course", "save", "--db", url, "--course-id", course_id, "--location", "Level 2",
                         "--closed", "2030-04-10")
    assert status == 0, err
    assert own_closures(url, course_id) == [date(2030, 4, 10)]
    status, out, err = run(capsys, "plan", "--db", url, "--course-id", course_id, "--json")
    assert status == 0, err
    assert THURSDAY.isoformat() in [p["date"] for p in json.loads(out)["pushed"]]  # still closed with the department


def test_an_unbooked_course_whose_first_fraction_the_department_closes_is_refused_naming_its_start(capsys, url):
    """As a course on the department's calendar is: the coordinator moves its start (booking would move it too)."""
    status, _, err = run(capsys, "closure", "--db", url, "--date", "2030-03-25", "--reason", "power cut")
    assert status == 0, err
    status, out, err = run(capsys, "plan", "--db", url, "--course-id", UNBOOKED)
    assert status == 2 and out == ""
    assert err.strip().splitlines() == [
        f"planner: error: --course-id: course {UNBOOKED}: field 'start': Mon 25 Mar 2030 is closed: clinic closure (power cut); "
        "the first fraction must be on an open treatment day"]
    status, out, err = run(capsys, "plan", "--db", url, "--course-id", UNBOOKED, "--start", "2030-03-26", "--json")
    assert status == 0, err
