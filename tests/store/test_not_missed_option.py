"""`course save --not-missed N` takes a missed mark back on the command line, as Remove in the window's adjustments
does: N is the number `plan` lists the missed session under (or its day, YYYY-MM-DD). On a booked course the session
gets its machine time back while that is free; when another patient was booked there meanwhile the save is refused
in one line (exit 2) naming the nearest free time that day, and nothing is saved. Before, the command line had no way
to take a mark back.

The golden department: Zoë Ångström's prostate course on Linac 1 at 08:30 and Eamon O'Neill's on Linac 2 at 08:30
(the two linacs are beam-matched), from Mon 25 Mar 2030; Zoë's session 3, Wed 27 Mar, is marked missed."""

from __future__ import annotations

import json

import pytest

from .command_line import run
from .test_missed_releases_machine_time import COURSE, WEDNESDAY, booked, fraction_on, move_other_into_the_slot


@pytest.fixture
def url(store_url: str, capsys) -> str:
    made = booked(capsys, store_url)
    status, _, err = run(capsys, "course", "save", "--course-id", COURSE, "--missed", "3", "--db", made)
    assert status == 0, err
    assert fraction_on(made, COURSE, WEDNESDAY).released
    return made


def _shown(capsys, url: str) -> dict[str, object]:
    status, out, err = run(capsys, "course", "show", COURSE, "--json", "--db", url)
    assert status == 0, err
    return json.loads(out)


def test_not_missed_takes_the_mark_back_and_gives_the_time_back(capsys, url: str):
    status, out, err = run(capsys, "course", "save", "--course-id", COURSE, "--not-missed", "3", "--db", url)
    assert status == 0 and out.strip() == COURSE, err
    assert _shown(capsys, url)["course"]["adjustments"]["missed"] == []
    given = fraction_on(url, COURSE, WEDNESDAY)
    assert not given.released and f"{given.start:%H:%M}" == "08:30"
    status, out, err = run(capsys, "plan", "--course-id", COURSE, "--json", "--db", url)
    assert status == 0, err
    plan = json.loads(out)
    assert plan["missed"] == [] and sum(a["kind"] == "fraction" for a in plan["appointments"]) == 20


def test_not_missed_by_day_and_a_mark_not_there_is_refused_naming_the_marks(capsys, url: str):
    status, _, err = run(capsys, "course", "save", "--course-id", COURSE, "--not-missed", "4", "--db", url)
    assert (status, err) == (2, "planner: error: --not-missed: fraction 4 is not marked missed (missed: 3 on 2030-03-27)\n")
    status, _, err = run(capsys, "course", "save", "--course-id", COURSE, "--not-missed", "2030-03-27", "--db", url)
    assert status == 0, err
    status, _, err = run(capsys, "course", "save", "--course-id", COURSE, "--not-missed", "3", "--db", url)
    assert (status, err) == (2, "planner: error: --not-missed: the course marks no session missed\n")


def test_not_missed_when_the_time_was_booked_meanwhile_is_refused_naming_the_nearest_free_time(capsys, url: str):
    move_other_into_the_slot(url)
    version = _shown(capsys, url)["version"]
    status, out, err = run(capsys, "course", "save", "--course-id", COURSE, "--not-missed", "3", "--db", url)
    assert status == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith(
        "planner: error: --not-missed: The session of Wed 27 Mar 2030 at 08:30 on Linac 1 cannot be given back")
    assert "booked for another patient" in err and "Nothing was saved" in err
    assert "the nearest free time on Linac 1 that day is " in err
    shown = _shown(capsys, url)
    assert shown["version"] == version and [m["date"] for m in shown["course"]["adjustments"]["missed"]] == ["2030-03-27"]
    assert fraction_on(url, COURSE, WEDNESDAY).released


def test_not_missed_is_in_the_help(capsys):
    with pytest.raises(SystemExit):
        run(capsys, "course", "save", "--help")
    assert "--not-missed N|YYYY-MM-DD" in capsys.readouterr().out


def test_not_missed_after_the_make_up_was_booked_releases_that_make_up(capsys, url: str):
    """The make-up booked with `book --make-ups` is no longer needed once the session is given on its day again:
    released, so the course holds its 20 sessions, not 21. Before, it stayed booked, a session too many."""
    status, _, err = run(capsys, "book", "--course-id", COURSE, "--make-ups", "--db", url)
    assert status == 0, err
    status, _, err = run(capsys, "course", "save", "--course-id", COURSE, "--not-missed", "3", "--db", url)
    assert status == 0, err
    status, out, err = run(capsys, "agenda", "--date", "2030-03-25", "--days", "31", "--json", "--db", url)
    assert status == 0, err
    mine = [b for m in json.loads(out)["machines"] for b in m["bookings"] if b["course_id"] == COURSE and b["kind"] == "fraction"]
    assert sorted(b["number"] for b in mine) == list(range(1, 21))
    assert not any(b.get("missed") or b.get("make_up") or b.get("session") for b in mine)
    trail = [e for e in _shown(capsys, url)["history"] if e["field"] == "booking"]
    assert trail[-1]["new"] is None and "the make-up for the session missed on Wed 27 Mar 2030: Linac 1" in trail[-1]["old"]
