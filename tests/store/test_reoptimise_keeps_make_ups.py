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


def test_each_make_up_stays_on_its_own_session_beside_a_missed_days_record(capsys, store_url):
    """A course with a day marked missed keeps that day's record (a released booking) among its bookings, so its
    booking numbers run one ahead of its sessions after it. Its make-up of the missed day (booked at the end) and then
    the closure's make-up (after it) are placed anew with the course: each mark stays on its own session. Before, the
    marks were moved by booking number onto the new placement, numbered by session: the missed day's mark landed on
    the closure's make-up and the closure's mark was lost (the agenda no longer said that session made up for the
    snow day). SQLite and PostgreSQL alike."""
    from .reoptimise_scenario import waiting_store

    url = waiting_store(store_url)
    for argv in (["course", "save", "--course-id", "course-prostate", "--missed", "2"],  # Tue 9 Apr
                 ["book", "--make-ups", "--course-id", "course-prostate"],
                 ["closure", "--date", SNOW_DAY.isoformat(), "--reason", "snow"]):
        status, _, err = run(capsys, *argv, "--db", url)
        assert status == 0, err
    missed, snow = MakeUpMark(date(2030, 4, 9), MakeUpCause.MISSED), MakeUpMark(SNOW_DAY, MakeUpCause.CLOSURE)
    assert marks(url, "course-prostate") == {20: missed, 21: snow}  # booking 2 is the missed day's record
    status, _, err = run(capsys, "reoptimise", "--db", url, "--date", NIGHT)
    assert status == 0, err
    with Store.open(url) as store, store.engine.connect() as connection:
        held = sorted((b for b in db.course_bookings(connection, "course-prostate") if b.kind.value == "fraction"),
                      key=lambda b: b.start)
    assert min(b.start for b in held).date() == READY  # placed anew
    assert [b.make_up for b in held if not b.released][-2:] == [missed, snow]  # the last two sessions, each its own mark
    last = max(b.start for b in held).date().isoformat()
    status, out, _ = run(capsys, "agenda", "--db", url, "--date", last)
    assert status == 0 and "make-up for the session of Wed 10 Apr 2030 (department closed)" in out
