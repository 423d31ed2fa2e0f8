"""A store written before the planner counted a make-up waiting at a booked course's end kept the course's last booked
session's day as its last day. Opening it put that right only for a course still to come, and never on a store opened
read-only: a course whose stored last day had passed read "finished" while its make-up was still due (the days between
its last booked session and the make-up's), or never given (it should read "make-up not booked"). Now its status is
right wherever it is computed (the Patients list and its filter, `course list`, `course show`, their `--json`), written
into a store that may be changed, counted beside one opened read-only (the file stays as it was)."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from planner.app.booking import BookingDesk
from planner.store.db import CourseStatus, Store
from planner.store.db import bookings as db
from planner.ui.patient_list import COLUMNS

from .booking_scenario import main_window_on
from .command_line import run
from .test_cli_read_only_store import digest, unprivileged
from .test_make_up_after_booked_calendar_changed import COURSE, _booked_then_missed

FIRST, LAST_BOOKED, MAKE_UP_DAY = date(2030, 3, 18), date(2030, 4, 26), date(2030, 4, 29)  # Fri 26 Apr, Mon 29 Apr
SUNDAY = date(2030, 4, 28)  # after the last booked session, before the make-up's day: still on treatment
AFTER = date(2030, 5, 6)  # a week after the make-up's day, never booked: a fraction not given


def _older_store(capsys, tmp_path: Path) -> str:
    url = _booked_then_missed(capsys, tmp_path, "head-neck", "30-daily", FIRST, None, "none", 3)
    with Store.open(url) as store, db.writing(store.engine, store.display_url) as connection:
        db.set_course_days(connection, COURSE, FIRST, LAST_BOOKED)  # as an older planner left it
    with Store.open(url) as store:
        assert store.list_courses(today=SUNDAY)[0].status is CourseStatus.FINISHED  # what it read before
    return url


class _Clock(datetime):
    day = AFTER

    @classmethod
    def now(cls, tz=None):  # type: ignore[no-untyped-def, override]
        moment = datetime(cls.day.year, cls.day.month, cls.day.day, 12, tzinfo=UTC)
        return moment.astimezone(tz) if tz is not None else moment.replace(tzinfo=None)


def _now_is(monkeypatch, day: date) -> None:
    """The department's today, the booking desk's and the opening's clock: `day` (the course's days are past)."""
    monkeypatch.setattr(Store, "today", lambda self: day)
    monkeypatch.setattr(BookingDesk, "today", property(lambda self: day))
    monkeypatch.setattr(_Clock, "day", day)
    monkeypatch.setattr("planner.app.make_up_days.datetime", _Clock)


@pytest.mark.parametrize(("day", "status", "words"), [
    (SUNDAY, CourseStatus.ON_TREATMENT, "on treatment"),
    (AFTER, CourseStatus.MAKE_UP_NOT_BOOKED, "make-up not booked: 1 fraction not given"),
])
def test_course_list_and_show_put_right_a_course_past_its_stored_last_day(capsys, tmp_path, monkeypatch, day, status, words):
    url = _older_store(capsys, tmp_path)
    _now_is(monkeypatch, day)
    code, out, err = run(capsys, "course", "list", "--db", url)
    assert code == 0, err
    assert f"{FIRST.isoformat()} to {MAKE_UP_DAY.isoformat()}" in out and out.rstrip().endswith(words)
    assert "finished" not in out
    code, out, err = run(capsys, "course", "show", COURSE, "--json", "--db", url)
    assert code == 0, err
    assert json.loads(out)["status"] == status.value
    with Store.open(url) as store:  # written: the next reader finds it so
        row = store.list_courses(today=day)[0]
        assert (row.last, row.status) == (MAKE_UP_DAY, status)


def test_the_window_puts_right_a_course_past_its_stored_last_day(capsys, tmp_path, qtbot, monkeypatch):
    url = _older_store(capsys, tmp_path)
    _now_is(monkeypatch, AFTER)
    with main_window_on(qtbot, monkeypatch, url) as window:
        qtbot.waitUntil(lambda: window.started, timeout=10_000)
        model = window.store_link.patients.model
        assert model.course(0).status is CourseStatus.MAKE_UP_NOT_BOOKED
        assert model.index(0, COLUMNS.index("Last")).data().startswith("Mon 29 Apr 2030")


# Runs `course list --json` and `course show --json` on a day given, as this user without root's power to write.
_RUNNER = """
import contextlib, io, json, sys
from datetime import date
from planner.store.db import Store
from planner.cli import main
day = date.fromisoformat(sys.argv[1])
Store.today = lambda self: day
answers = []
for argv in (["course", "list", "--json", "--db", sys.argv[2]], ["course", "show", sys.argv[3], "--json", "--db", sys.argv[2]],
             ["course", "list", "--status", "finished", "--db", sys.argv[2]]):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(argv)
    answers.append({"status": status, "out": out.getvalue(), "err": err.getvalue()})
print(json.dumps(answers))
"""


@pytest.mark.parametrize(("day", "status"), [(SUNDAY, "on treatment"), (AFTER, "make-up not booked")])
@pytest.mark.parametrize("made_read_only", ["file 0400", "folder 0555"])
def test_a_store_opened_read_only_says_the_status_right_and_stays_as_it_was(capsys, tmp_path, made_read_only, day, status):
    url = _older_store(capsys, tmp_path)
    path = tmp_path / "department.db"
    locked = path if made_read_only == "file 0400" else tmp_path
    before = digest(path)
    locked.chmod(0o400 if made_read_only == "file 0400" else 0o555)
    try:
        done = subprocess.run([*unprivileged(), sys.executable, "-c", _RUNNER, day.isoformat(), url, COURSE],
                              capture_output=True, text=True, timeout=300, check=False)
    finally:
        locked.chmod(0o700)
    assert done.returncode == 0, done.stderr
    listing, shown, finished = json.loads(done.stdout)
    assert all(answer["status"] == 0 and answer["err"] == "" for answer in (listing, shown, finished)), done.stdout
    (listed,) = json.loads(listing["out"])["courses"]
    assert listed["status"] == status
    assert listed["last"] == LAST_BOOKED.isoformat()  # the days as stored: a read-only store is shown as it is
    assert json.loads(shown["out"])["status"] == status
    assert finished["out"] == "No courses.\n"  # the status filter counts it too
    assert digest(path) == before


def test_a_course_changed_since_it_was_put_right_beside_a_read_only_store_is_read_as_stored(capsys, tmp_path):
    """The day kept beside a read-only store counts only while the store still holds the day it was put right from:
    another coordinator's change of the course (its mark taken back, say) is read as stored."""
    url = _older_store(capsys, tmp_path)
    with Store.open(url) as store:
        store.last_days_not_written[COURSE] = (LAST_BOOKED, MAKE_UP_DAY)
        assert store.list_courses(today=SUNDAY)[0].status is CourseStatus.ON_TREATMENT
        assert store.course_status(store.load_course(COURSE), today=SUNDAY) is CourseStatus.ON_TREATMENT
        assert store.count_courses(CourseStatus.ON_TREATMENT, today=SUNDAY) == 1
        with db.writing(store.engine, store.display_url) as connection:
            db.set_course_days(connection, COURSE, FIRST, date(2030, 4, 25))
        assert store.list_courses(today=SUNDAY)[0].status is CourseStatus.FINISHED
        assert store.course_status(store.load_course(COURSE), today=SUNDAY) is CourseStatus.FINISHED


def test_a_course_put_right_once_is_not_read_again_at_every_opening(capsys, tmp_path, monkeypatch):
    """Years of courses whose make-up was never booked must not be planned again each time a window, `course list` or
    `course show` opens the store (250 such courses made `course list` take a second): once its last day is the
    make-up's, a course is passed over by the opening's check, found from its stored days and last booked session."""
    from zoneinfo import ZoneInfo

    url = _older_store(capsys, tmp_path)
    _now_is(monkeypatch, AFTER)
    london = ZoneInfo("Europe/London")
    with Store.open(url) as store, store.engine.connect() as connection:
        assert db.make_ups_waiting_at_end(connection, london) == [COURSE]  # never put right: found
    assert run(capsys, "course", "list", "--db", url)[0] == 0  # puts it right
    with Store.open(url) as store, store.engine.connect() as connection:
        assert db.make_ups_waiting_at_end(connection, london) == []  # ends on its make-up's day now: passed over
    planned: list[str] = []
    real = BookingDesk._booked_days
    monkeypatch.setattr(BookingDesk, "_booked_days", lambda self, connection, course_id: planned.append(course_id)
                        or real(self, connection, course_id))
    code, out, err = run(capsys, "course", "list", "--db", url)
    assert code == 0, err
    assert planned == [] and out.rstrip().endswith("make-up not booked: 1 fraction not given")
