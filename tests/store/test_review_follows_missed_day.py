"""A weekly review booked in a clinic room on a day then marked missed in advance (the patient phoned: they cannot
come) goes with the patient: after the session the week's review now follows (the next fraction that week), in its
room, as long after that session as it was after the missed one. Before, it kept its room time on the day the patient
had said they would not come, while the course's plan put it after the next session: the weekly review was lost.

A department with a clinic room (09:00-17:00); Zoë Ångström's prostate course, reviews on Wednesdays, booked on
Linac 1 at 08:30 from Mon 25 Mar 2030: review 1 is Wed 27 Mar 09:00, right after session 3."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from planner.core.department import Machine, load_department
from planner.core.kinds import AppointmentKind
from planner.store.db import Store
from planner.store.db import bookings as db

from .booking_scenario import DEPARTMENT_FILE, course_spec
from .command_line import run

LONDON = ZoneInfo("Europe/London")
COURSE = "course-prostate"
ROOM = Machine("Review room", group="clinic", capabilities=frozenset({"room"}),
               hours={d: (time(9, 0), time(17, 0)) for d in range(5)})


def _booked(capsys, url: str) -> str:
    with Store.open(url) as store:
        department = load_department(DEPARTMENT_FILE)
        store.set_department(replace(department, machines=(*department.machines, ROOM)))
        store.save_course(replace(course_spec(COURSE, "Zoë Ångström", "H0001", "prostate", "20-daily", None), review_day=2))
    status, _, err = run(capsys, "book", "--course-id", COURSE, "--earliest", "2030-03-25", "--prefer-time", "08:30", "--db", url)
    assert status == 0, err
    return url


def _reviews(url: str) -> dict[int, tuple[str, datetime]]:
    with Store.open(url) as store, store.engine.connect() as connection:
        return {b.number: (b.machine, b.start.astimezone(LONDON)) for b in db.course_bookings(connection, COURSE)
                if b.kind is AppointmentKind.REVIEW}


def test_a_review_on_a_day_marked_missed_follows_the_next_session_that_week(capsys, store_url: str):
    url = _booked(capsys, store_url)
    before = _reviews(url)
    assert before[1] == ("Review room", datetime(2030, 3, 27, 9, 0, tzinfo=LONDON))

    status, _, err = run(capsys, "course", "save", "--course-id", COURSE, "--missed", "3", "--db", url)
    assert status == 0, err

    after = _reviews(url)
    assert after[1] == ("Review room", datetime(2030, 3, 28, 9, 0, tzinfo=LONDON))  # after Thursday's session, 08:30-08:50
    assert {n: v for n, v in after.items() if n != 1} == {n: v for n, v in before.items() if n != 1}  # the others stay

    status, out, err = run(capsys, "plan", "--course-id", COURSE, "--json", "--db", url)
    assert status == 0, err
    shown = [a for a in json.loads(out)["appointments"] if a["kind"] == "review" and a["number"] == 1]
    assert [a["start"] for a in shown] == ["2030-03-28T09:00+00:00"]  # the patient's calendar says Thursday too
    status, out, err = run(capsys, "agenda", "--date", "2030-03-27", "--machine", "Review room", "--json", "--db", url)
    assert status == 0, err
    assert json.loads(out)["machines"][0]["bookings"] == []  # nothing of the patient's left in the room that Wednesday
    status, out, err = run(capsys, "course", "show", COURSE, "--json", "--db", url)
    assert status == 0, err
    trail = [e for e in json.loads(out)["history"] if e["field"] == "booking"]
    assert any("Wed 27 Mar 2030 09:00" in (e["old"] or "") and "Thu 28 Mar 2030 09:00" in (e["new"] or "") for e in trail), trail


def test_a_review_on_a_day_past_stays(capsys, store_url: str):
    """Marked missed once its day has come (the patient did not turn up): what was booked then stays as it was."""
    url = _booked(capsys, store_url)
    with Store.open(url) as store, db.writing(store.engine, store.display_url) as connection:
        db.follow_missed(connection, COURSE, [date(2030, 3, 27)], LONDON, datetime(2030, 3, 27, 12, 0, tzinfo=LONDON), 2, "test")
    assert _reviews(url)[1] == ("Review room", datetime(2030, 3, 27, 9, 0, tzinfo=LONDON))
