"""A course not begun loses its first fraction (a downtime, a closure): that session goes to the end, the next one
becomes fraction 1 and, its slot too short for the first fraction's set-up time (another patient follows it), moves
that day. Moving back (`machine-up --move-back`, `reopen --move-back`) now undoes that move too: the course is as it was
before, the second fraction in its own slot again. Before, it was only renumbered and stayed at the earlier time.
Where the first fraction stays, so does it, the report saying why."""

from __future__ import annotations

import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from planner.core.kinds import AppointmentKind
from planner.store.db import Store
from planner.store.db import bookings as db

from .booking_scenario import stock
from .command_line import run

LONDON = ZoneInfo("Europe/London")
MONDAY, TUESDAY = datetime(2030, 3, 25, 8, 30, tzinfo=LONDON), datetime(2030, 3, 26, 8, 30, tzinfo=LONDON)


@pytest.fixture
def url(tmp_path, capsys) -> str:
    """The breast course (Linac 3 only) from Mon 25 Mar at 08:30, the prostate course on Linac 3 from Tue 26 Mar right
    after it (08:50): no room after the breast course's Tuesday fraction for a longer first session."""
    found = stock(f"sqlite:///{tmp_path / 'planner.db'}", (
        ("course-breast", "Amir Haddad", "H0002", "breast", "left-15-daily-dibh", None),
        ("course-prostate", "Zoë Ångström", "H0001", "prostate", "20-daily", None)))
    for course, earliest, time in (("course-breast", "2030-03-25", "08:30"), ("course-prostate", "2030-03-26", "08:45")):
        status, _, err = run(capsys, "book", "--db", found, "--course-id", course, "--earliest", earliest, "--prefer-time", time,
                             "--machine", "Linac 3")
        assert status == 0, err
    return found


def fractions(url: str) -> list[tuple[int, str, datetime, datetime]]:
    with Store.open(url) as store, store.engine.connect() as connection:
        return [(b.number, b.machine, b.start, b.end) for b in db.course_bookings(connection, "course-breast")
                if b.kind is AppointmentKind.FRACTION]


def lose_the_first(capsys, url: str, how: str) -> list[tuple[int, str, datetime, datetime]]:
    before = fractions(url)
    assert before[:2] == [(1, "Linac 3", MONDAY, MONDAY.replace(minute=0, hour=9)), (2, "Linac 3", TUESDAY, TUESDAY.replace(minute=50))]
    if how == "downtime":
        argv = ["machine-down", "Linac 3", "--from", "2030-03-25T07:00", "--to", "2030-03-25T18:00", "--reason", "beam fault"]
    else:
        argv = ["closure", "--date", "2030-03-25", "--reason", "snow"]
    status, out, err = run(capsys, *argv, "--db", url)
    assert status == 0, err
    assert "first fraction's set-up time" in out
    first = fractions(url)[0]
    assert first[0] == 1 and first[2].date() == TUESDAY.date() and first[2] < TUESDAY  # moved sooner that day for its set-up
    return before


def move_back(capsys, url: str, how: str) -> dict:
    argv = (["machine-up", "Linac 3", "--at", "2030-03-25T07:00"] if how == "downtime" else ["reopen", "--date", "2030-03-25"])
    status, out, err = run(capsys, *argv, "--move-back", "--db", url, "--json")
    assert status == 0, err
    return json.loads(out)


@pytest.mark.parametrize("how", ["downtime", "closure"])
def test_the_fraction_moved_for_the_first_ones_set_up_goes_back_too(capsys, url, how):
    before = lose_the_first(capsys, url, how)
    answer = move_back(capsys, url, how)
    assert fractions(url) == before, "the course is as it was before"
    assert [(b["number"], b["to"]["start"]) for b in answer["moved_back"]] == [(1, "2030-03-25T08:30+00:00"),
                                                                               (2, "2030-03-26T08:30+00:00")]
    assert answer["stayed"] == []


@pytest.mark.parametrize("how", ["downtime", "closure"])
def test_where_the_first_fraction_stays_the_one_moved_for_its_set_up_stays_too(capsys, url, how):
    lose_the_first(capsys, url, how)
    if how == "downtime":  # back, nothing moved back yet; another patient takes the Monday slot
        status, _, err = run(capsys, "machine-up", "Linac 3", "--db", url, "--at", "2030-03-25T07:00")
    else:
        status, _, err = run(capsys, "reopen", "--db", url, "--date", "2030-03-25")
    assert status == 0, err
    with Store.open(url) as store, db.writing(store.engine, store.display_url) as connection:
        db.place(connection, [db.Booking("course-prostate", AppointmentKind.FRACTION, 99, "Linac 3", MONDAY, MONDAY.replace(minute=50))])
    moved = fractions(url)
    answer = move_back(capsys, url, how)
    assert answer["moved_back"] == []
    reasons = sorted(s["reason"] for s in answer["stayed"] if s["course_id"] == "course-breast")
    assert len(reasons) == 2 and any("booked for another patient" in r for r in reasons)
    assert any(r.startswith("it moved for the first fraction's set-up time, and fraction 1 does not go back") for r in reasons)
    assert fractions(url) == moved
