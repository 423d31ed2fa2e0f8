"""A store written before the planner counted a make-up waiting at a booked course's end kept the course's last booked
session's day as its last day. The window puts that right when it opens the store; `course list` and `course show` (and
their `--json`) showed the old day until a window had opened it. They now put it right too on a store they may change,
and leave a store opened read-only as it is (the window's list shows its stored days too)."""

from __future__ import annotations

import json
from datetime import date

import pytest

from planner.store.db import Store
from planner.store.db import bookings as db

from .command_line import run
from .test_cli_read_only_store import digest, run_unprivileged
from .test_make_up_after_booked_calendar_changed import COURSE, _booked_then_missed

FIRST, LAST_BOOKED, MAKE_UP_DAY = date(2030, 3, 18), date(2030, 4, 26), date(2030, 4, 29)


def _as_an_older_planner_left_it(url: str) -> None:
    with Store.open(url) as store, db.writing(store.engine, store.display_url) as connection:
        db.set_course_days(connection, COURSE, FIRST, LAST_BOOKED)
    with Store.open(url) as store:
        row = store.list_courses()[0]
        assert (row.last, row.last_not_booked) == (LAST_BOOKED, False)


def _older_store(capsys, tmp_path) -> str:
    url = _booked_then_missed(capsys, tmp_path, "head-neck", "30-daily", FIRST, None, "none", 3)
    _as_an_older_planner_left_it(url)
    return url


def test_course_list_and_show_end_an_older_stores_course_on_its_make_up(capsys, tmp_path):
    url = _older_store(capsys, tmp_path)
    with Store.open(url) as store:
        version = store.load_course(COURSE).version

    status, out, err = run(capsys, "course", "list", "--json", "--db", url)
    assert status == 0 and err == "", err
    (listed,) = json.loads(out)["courses"]
    assert (listed["last"], listed["last_not_booked"]) == (MAKE_UP_DAY.isoformat(), True)

    _as_an_older_planner_left_it(url)
    status, out, err = run(capsys, "course", "list", "--db", url)
    assert status == 0 and err == "", err
    assert f"{FIRST.isoformat()} to {MAKE_UP_DAY.isoformat()} (last day: a make-up not booked yet)" in out

    _as_an_older_planner_left_it(url)
    status, out, err = run(capsys, "course", "show", COURSE, "--json", "--db", url)
    assert status == 0 and err == "", err
    shown = json.loads(out)
    assert (shown["last"], shown["last_not_booked"]) == (MAKE_UP_DAY.isoformat(), True)
    assert shown["version"] == version  # the days follow the bookings: no new version of the course

    _as_an_older_planner_left_it(url)
    status, out, err = run(capsys, "course", "show", COURSE, "--db", url)
    assert status == 0 and err == "", err
    assert f"to {MAKE_UP_DAY.isoformat()} (last day: a make-up not booked yet)" in out.splitlines()[0]

    with Store.open(url) as store:  # put right in the store, as the window does: the next reader finds it so
        row = store.list_courses()[0]
        assert (row.last, row.last_not_booked) == (MAKE_UP_DAY, True)
        assert store.load_course(COURSE).version == version


@pytest.mark.parametrize("made_read_only", ["file 0400", "folder 0555"])
def test_a_store_opened_read_only_is_shown_as_stored_and_never_written(capsys, tmp_path, made_read_only):
    # a read-only folder's store is read from a copy held in memory: nothing may be put right in it, and nothing is
    url = _older_store(capsys, tmp_path)
    path = tmp_path / "department.db"
    locked = path if made_read_only == "file 0400" else tmp_path
    locked.chmod(0o400 if made_read_only == "file 0400" else 0o555)
    try:
        before = digest(path)
        listing, shown = run_unprivileged(["course", "list", "--json", "--db", url],
                                          ["course", "show", COURSE, "--json", "--db", url])
    finally:
        locked.chmod(0o700)
    assert listing["status"] == 0 and shown["status"] == 0, (listing, shown)
    assert listing["err"] == "" and shown["err"] == ""
    (listed,) = json.loads(str(listing["out"]))["courses"]
    assert (listed["last"], listed["last_not_booked"]) == (LAST_BOOKED.isoformat(), False)  # as the window's list shows it
    assert json.loads(str(shown["out"]))["last"] == LAST_BOOKED.isoformat()
    assert digest(path) == before
