"""The nightly re-optimisation places a waiting course anew; a session of it marked missed in advance keeps its
booking as the record of that day, released (it holds no machine time, revision 0010), numbered as the session missed
there, and every other booking gives its session; the make-up the mark added is placed with the rest. Before, the
re-placed bookings were written without the record: the agenda and the day view no longer showed the day missed.

The waiting store (reoptimise_scenario.py): Zoë Ångström's prostate course, ready on Mon 25 Mar 2030, booked from Mon
8 Apr on Linac 1 at 08:30; its session 3, Wed 10 Apr, is marked missed (made up at the end) before the night run."""

from __future__ import annotations

import json
from datetime import date
from zoneinfo import ZoneInfo

from planner.core.kinds import AppointmentKind
from planner.store.db import Store
from planner.store.db import bookings as db

from .command_line import run
from .reoptimise_scenario import NIGHT, READY, waiting_store

LONDON = ZoneInfo("Europe/London")
COURSE = "course-prostate"
MISSED_DAY = date(2030, 4, 10)


def _fractions(url: str) -> list[db.Booking]:
    with Store.open(url) as store, store.engine.connect() as connection:
        return sorted((b for b in db.course_bookings(connection, COURSE) if b.kind is AppointmentKind.FRACTION),
                      key=lambda b: b.start)


def test_a_course_placed_anew_keeps_the_record_of_its_day_marked_missed(capsys, store_url: str):
    url = waiting_store(store_url)
    status, _, err = run(capsys, "course", "save", "--course-id", COURSE, "--missed", "3", "--db", url)
    assert status == 0, err
    (record,) = [b for b in _fractions(url) if b.released]
    assert (record.start.astimezone(LONDON).date(), record.machine) == (MISSED_DAY, "Linac 1")

    status, out, err = run(capsys, "reoptimise", "--db", url, "--date", NIGHT, "--json")
    assert status == 0, err
    assert any(c["course_id"] == COURSE for c in json.loads(out)["courses"])  # placed anew

    held = _fractions(url)
    assert held[0].start.astimezone(LONDON).date() == READY  # two weeks earlier
    kept = [b for b in held if b.released]
    assert [(b.machine, b.start, b.end) for b in kept] == [(record.machine, record.start, record.end)]  # the record stays
    assert [b.number for b in held] == list(range(1, 22))  # numbered in time order: 20 sessions and the record
    assert not any(b.start.astimezone(LONDON).date() == MISSED_DAY for b in held if not b.released)

    status, out, err = run(capsys, "plan", "--course-id", COURSE, "--json", "--db", url)
    assert status == 0, err
    plan = json.loads(out)
    (missed,) = plan["missed"]
    assert missed["date"] == MISSED_DAY.isoformat() and missed["number"] == kept[0].number  # the session missed there
    assert "make-up" not in err  # the make-up was placed with the rest of the course

    status, out, err = run(capsys, "agenda", "--db", url, "--date", "2030-03-25", "--days", "31", "--json")
    assert status == 0, err
    mine = [b for m in json.loads(out)["machines"] for b in m["bookings"] if b["course_id"] == COURSE and b["kind"] == "fraction"]
    shown = [b for b in mine if b.get("missed")]
    assert [(b["number"], b.get("released")) for b in shown] == [(kept[0].number, True)]
    given = sorted((b for b in mine if not b.get("missed")), key=lambda b: b["start"])
    assert [b.get("session", b["number"]) for b in given] == list(range(1, 21))
