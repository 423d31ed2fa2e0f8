"""`machine-up --move-back` and `reopen` (text, JSON, and the window's reports, which read the same answer) name each
session as the course, the agenda and `machine-down` / `closure` name it: after a booked day marked missed, a booking's
number is not its session's. Before, they named booking numbers: `closure` said "fraction 10" of a Friday session that
`reopen --move-back` then called "fraction 11", one more than the agenda showed."""

from __future__ import annotations

import json
from datetime import date

from .booking_scenario import desk_on, stock
from .command_line import run

# the fixture: the prostate course booked from Mon 25 Mar 2030 at 08:30 on Linac 1, its Wednesday marked missed after,
# and its make-up booked: from Thu 28 Mar on, each booking gives the session before its number
from .test_session_numbers_after_missed_booking import url as url  # noqa: F401


def sessions(url) -> dict[str, tuple[int, int]]:
    """Each booked fraction of the course still given, by its start: (booking number, session number the agenda shows)."""
    with desk_on(url) as desk:
        entries = [e for m in desk.agenda(date(2030, 3, 25), 60).machines for e in m.entries
                   if e.course_id == "course-prostate" and not e.missed and e.kind.value == "fraction"]
    return {e.start.isoformat(timespec="minutes"): (e.number, e.shown_number) for e in entries}


def test_machine_up_moving_back_names_the_session(capsys, url):
    friday = next((start, numbers) for start, numbers in sessions(url).items() if start.startswith("2030-03-29"))
    assert friday[1] == (5, 4)  # booking 5 gives session 4
    status, out, err = run(capsys, "machine-down", "Linac 1", "--from", "2030-03-29T08:00", "--to", "2030-03-29T09:30",
                           "--reason", "beam fault", "--db", url)
    assert status == 0 and "fraction 4:" in out, out + err
    status, out, err = run(capsys, "machine-up", "Linac 1", "--at", "2030-03-29T08:00", "--move-back", "--dry-run", "--db", url)
    assert status == 0, err
    (line,) = [line for line in out.splitlines() if "->" in line]
    assert "fraction 4:" in line and "fraction 5" not in line, out
    status, out, err = run(capsys, "machine-up", "Linac 1", "--at", "2030-03-29T08:00", "--move-back", "--json", "--db", url)
    assert status == 0, err
    (back,) = json.loads(out)["moved_back"]
    assert back["number"] == 4 and back["to"]["start"] == friday[0], back
    assert sessions(url)[friday[0]] == (5, 4)


def test_reopen_names_the_sessions_the_closure_moved_as_the_closure_did(capsys, url):
    monday = next(start for start, numbers in sessions(url).items() if start.startswith("2030-04-01"))
    assert sessions(url)[monday] == (6, 5)
    status, out, err = run(capsys, "closure", "--date", "2030-04-01", "--reason", "snow", "--json", "--db", url)
    assert status == 0, err
    (appended,) = [m for m in json.loads(out)["appended"] if m["course_id"] == "course-prostate"]
    at_end = appended["to"]["start"]
    assert appended["number"] == sessions(url)[at_end][1]  # the closure names the session the agenda shows
    status, out, err = run(capsys, "reopen", "--date", "2030-04-01", "--dry-run", "--json", "--db", url)
    assert status == 0, err
    (still,) = [s for s in json.loads(out)["still_moved"] if s["course_id"] == "course-prostate"]
    assert still["number"] == sessions(url)[at_end][1], still  # left where it went: numbered as the agenda shows it now
    status, out, err = run(capsys, "reopen", "--date", "2030-04-01", "--move-back", "--dry-run", "--db", url)
    assert status == 0, err
    (line,) = [line for line in out.splitlines() if "->" in line]
    assert line.lstrip().startswith("Zoë Ångström") and "fraction 5 (was 20):" in line, out
    status, out, err = run(capsys, "reopen", "--date", "2030-04-01", "--move-back", "--json", "--db", url)
    assert status == 0, err
    (back,) = [b for b in json.loads(out)["moved_back"] if b["course_id"] == "course-prostate"]
    assert (back["number"], back["to"]["start"]) == (5, monday), back
    assert sessions(url)[monday] == (6, 5)


def test_a_session_moved_again_since_is_said_where_it_is_now(capsys, tmp_path):
    """A session one downtime moved that a second downtime moved again stays where it is, and the report says where
    that is (its machine, time and number), as the agenda shows it; before, it said "no place" (JSON `at` null,
    `number` 0), which `machine-up` says only of a session the re-booking found no place for."""
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    status, _, err = run(capsys, "book", "--course-id", "course-prostate", "--earliest", "2030-03-25", "--prefer-time",
                         "08:30", "--db", url)
    assert status == 0, err
    for machine in ("Linac 1", "Linac 2"):
        status, out, err = run(capsys, "machine-down", machine, "--from", "2030-03-29T08:00", "--to", "2030-03-29T09:30",
                               "--reason", "beam fault", "--json", "--db", url)
        assert status == 0, err
        (moved,) = [m for m in json.loads(out)["moved"] if m["course_id"] == "course-prostate"]
    now = (moved["to"]["machine"], moved["to"]["start"])
    assert now[0] != "Linac 2" and sessions(url)[now[1]][1] == 5  # moved again, off Linac 2: still the fifth session
    status, out, err = run(capsys, "machine-up", "Linac 1", "--at", "2030-03-29T08:00", "--move-back", "--dry-run", "--json",
                           "--db", url)
    assert status == 0, err
    (stayed,) = [s for s in json.loads(out)["stayed"] if s["course_id"] == "course-prostate"]
    assert (stayed["number"], stayed["at"]["machine"], stayed["at"]["start"]) == (5, *now), stayed
    assert stayed["reason"].startswith("it was moved again since")
    status, out, err = run(capsys, "machine-up", "Linac 1", "--at", "2030-03-29T08:00", "--move-back", "--dry-run", "--db", url)
    assert status == 0, err
    (line,) = [line for line in out.splitlines() if "Zoë Ångström" in line]
    assert "no place" not in line and f"fraction 5 ({now[0]} Fri 2030-03-29" in line, out
