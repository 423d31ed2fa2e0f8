"""The nightly re-optimisation places an unstarted course anew; a fraction of it that a closure (or a machine's
downtime) had made the make-up of a lost session stays known as that make-up, with the same day and cause
(revision 0007), wherever it now is: the Bookings window, the agenda and the day list keep saying "make-up".
Before, the re-placed bookings were written without their marks."""

from __future__ import annotations

from datetime import date

from planner.core.department import MakeUpCause, MakeUpMark
from planner.store.db import Store
from planner.store.db import bookings as db

from .command_line import run
from .reoptimise_scenario import NIGHT, READY

SNOW_DAY = date(2030, 4, 10)  # a Wednesday of the waiting course's booked weeks


def marks(url: str, course_id: str) -> dict[int, MakeUpMark]:
    with Store.open(url) as store, store.engine.connect() as connection:
        return {b.number: b.make_up for b in db.course_bookings(connection, course_id) if b.make_up is not None}


def test_a_make_up_placed_anew_keeps_its_day_and_cause(capsys, waiting_url):
    status, _, err = run(capsys, "closure", "--db", waiting_url, "--date", SNOW_DAY.isoformat(), "--reason", "snow")
    assert status == 0, err
    before = marks(waiting_url, "course-prostate")
    assert before == {20: MakeUpMark(SNOW_DAY, MakeUpCause.CLOSURE)}  # sent to the end of the course
    status, out, err = run(capsys, "reoptimise", "--db", waiting_url, "--date", NIGHT)
    assert status == 0, err
    with Store.open(waiting_url) as store, store.engine.connect() as connection:
        held = [b for b in db.course_bookings(connection, "course-prostate") if b.kind.value == "fraction"]
    assert min(b.start for b in held).date() == READY  # placed anew, two weeks earlier
    assert marks(waiting_url, "course-prostate") == before
    status, out, _ = run(capsys, "agenda", "--db", waiting_url, "--date", max(b.start for b in held).date().isoformat())
    assert status == 0 and "make-up for the session of Wed 10 Apr 2030 (department closed)" in out
