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


@pytest.mark.parametrize("course_id", [BOOKED])
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
