"""`move`: a booked session, review or planning scan moved by hand from the command line (or the rest of a course to a
new daily time), with the window's checks, all or nothing. Before, the command line could not move a booking at all:
`course save --move` keeps a booked course's bookings where they are.

The golden department: Zoë Ångström's prostate course on Linac 1 at 08:30 and Eamon O'Neill's on Linac 2 at 08:30
(the two linacs beam-matched), 20 daily sessions from Mon 25 Mar 2030."""

from __future__ import annotations

import json
import os
import stat
from dataclasses import replace
from datetime import date, time
from pathlib import Path

import pytest

from planner.store.db import Store
from planner.store.db.bookings import SlotTaken

from .command_line import run
from .test_missed_releases_machine_time import COURSE, OTHER, booked, fraction_on

FRIDAY = date(2030, 3, 29)


@pytest.fixture
def url(store_url: str, capsys) -> str:
    return booked(capsys, store_url)


def _agenda(capsys, url: str, day: str, days: int = 1) -> list[dict]:
    status, out, err = run(capsys, "agenda", "--date", day, "--days", str(days), "--json", "--db", url)
    assert status == 0, err
    return [dict(b, machine=m["name"]) for m in json.loads(out)["machines"] for b in m["bookings"]]


def _sessions(capsys, url: str, course: str, day: str, days: int = 1) -> dict[int, tuple[str, str]]:
    """Each session of `course` in the days, by the number the course shows: (machine, start)."""
    return {b.get("session", b["number"]): (b["machine"], b["start"]) for b in _agenda(capsys, url, day, days)
            if b["course_id"] == course and b["kind"] == "fraction" and not b.get("released")}


def test_a_dry_run_checks_and_changes_nothing_then_the_move_is_made(capsys, url: str):
    status, out, err = run(capsys, "move", "--course-id", COURSE, "--session", "5", "--to", "2030-03-29T13:00", "--dry-run",
                           "--db", url)
    assert status == 0, err
    assert out == "Would move session 5 of Zoë Ångström (H0001): Linac 1 Fri 29 Mar 2030 08:30 → Linac 1 Fri 29 Mar 2030 13:00\n"
    assert f"{fraction_on(url, COURSE, FRIDAY).start:%H:%M}" == "08:30"
    status, out, err = run(capsys, "move", "--course-id", COURSE, "--session", "5", "--to", "2030-03-29T13:00", "--machine",
                           "Linac 2", "--json", "--db", url)
    assert status == 0, err
    answer = json.loads(out)
    assert answer["moved"] is True and answer["moves"] == [
        {"kind": "fraction", "number": 5, "from": {"machine": "Linac 1", "start": "2030-03-29T08:30+00:00"},
         "to": {"machine": "Linac 2", "start": "2030-03-29T13:00+00:00"}}]
    moved = fraction_on(url, COURSE, FRIDAY)
    assert (moved.machine, f"{moved.start:%H:%M}") == ("Linac 2", "13:00")


def test_a_move_onto_another_patients_slot_or_breaking_the_courses_rules_is_refused_naming_the_option(capsys, url: str):
    status, out, err = run(capsys, "move", "--course-id", COURSE, "--session", "5", "--to", "2030-03-29T08:30", "--machine",
                           "Linac 2", "--db", url)
    assert (status, out) == (2, "")
    assert err == "planner: error: --to: fraction 5: overlaps Eamon O'Neill's fraction 5 of 20 (08:30–08:50)\n"
    status, _, err = run(capsys, "move", "--course-id", COURSE, "--session", "5", "--to", "2030-03-28T13:00", "--db", url)
    assert (status, err) == (2, "planner: error: --to: fraction 5: one fraction a day for this course "
                                "(fraction 4 is on Thu 28 Mar at 08:30)\n")
    assert (fraction_on(url, COURSE, FRIDAY).machine, f"{fraction_on(url, COURSE, FRIDAY).start:%H:%M}") == ("Linac 1", "08:30")
    assert fraction_on(url, OTHER, FRIDAY).machine == "Linac 2"


@pytest.mark.parametrize(("options", "said"), [
    (["--session", "50", "--to", "2030-03-29T13:00"], "--session: course course-prostate has no session 50 booked"),
    (["--session", "0", "--to", "2030-03-29T13:00"], "--session:"),
    (["--session", "5"], "--to: give the new start with --to YYYY-MM-DDTHH:MM"),
    (["--session", "5", "--to", "2030-03-29T13:00", "--time", "10:00"], "--time: only with --rest-from"),
    (["--session", "5", "--to", "2030-03-29 13:00:30"], "--to:"),
    (["--rest-from", "10"], "--time: give the new daily time with --time HH:MM"),
    (["--rest-from", "10", "--time", "25:00"], "--time:"),
    (["--scan", "--to", "2030-03-20T10:00"], "--scan: course course-prostate has no planning scan booked"),
    (["--session", "5", "--to", "2030-03-29T08:30"], "--to: that is where it is booked already: nothing to move"),
    # a machine the department does not have is --machine's fault, as with --rest-from (it named --to); an empty one
    # is a slip, not "where it is booked"
    (["--session", "5", "--to", "2030-03-29T13:00", "--machine", "Linac 9"],
     "--machine: 'Linac 9' is not a machine of the department (known: "),
    (["--session", "5", "--to", "2030-03-29T13:00", "--machine", ""], "--machine: give a machine name (got an empty one)"),
    (["--rest-from", "10", "--time", "10:00", "--machine", "Linac 9"], "--machine: 'Linac 9' is not a machine of the department"),
    (["--rest-from", "10", "--time", "10:00", "--machine", ""], "--machine: give a machine name (got an empty one)"),
    # a machine of the wrong kind is --machine's fault too (it named --to, the time given)
    (["--session", "7", "--to", "2030-04-02T13:00", "--machine", "CT simulator"],
     "--machine: CT simulator takes planning scans, not treatment sessions"),
    (["--rest-from", "10", "--time", "10:00", "--machine", "CT simulator"],
     "--machine: CT simulator takes planning scans, not treatment sessions"),
])
def test_bad_options_are_one_line_naming_the_option(capsys, url: str, options: list[str], said: str):
    status, out, err = run(capsys, "move", "--course-id", COURSE, *options, "--db", url)
    assert status == 2 and out == "" and err.count("\n") == 1
    assert err.startswith(f"planner: error: {said}")


def test_a_course_not_booked_is_refused(capsys, url: str):
    status, _, err = run(capsys, "move", "--course-id", "course-breast", "--session", "3", "--to", "2030-03-27T10:00",
                         "--db", url)
    assert (status, err) == (2, "planner: error: --course-id: course course-breast is not booked: book it first "
                                "(book --course-id course-breast)\n")


def test_the_rest_of_a_course_goes_to_a_new_daily_time_the_sessions_before_stay(capsys, url: str):
    status, out, err = run(capsys, "move", "--course-id", COURSE, "--rest-from", "10", "--time", "10:00", "--db", url)
    assert status == 0, err
    assert out.count("\n") == 11 and out.startswith("Moved session 10 of Zoë Ångström (H0001): Linac 1 Fri 5 Apr 2030 08:30 → ")
    sessions = _sessions(capsys, url, COURSE, "2030-03-25", 31)
    assert {n: s[1][11:16] for n, s in sessions.items()} == {n: "08:30" if n < 10 else "10:00" for n in range(1, 21)}


def test_sessions_are_named_as_the_course_shows_them_after_a_day_marked_missed(capsys, url: str):
    status, _, err = run(capsys, "course", "save", "--course-id", COURSE, "--missed", "3", "--db", url)
    assert status == 0, err
    before = _sessions(capsys, url, COURSE, "2030-03-25", 14)
    status, out, err = run(capsys, "move", "--course-id", COURSE, "--session", "5", "--to", "2030-04-01T13:00", "--db", url)
    assert status == 0, err
    # Wed 27 Mar missed: session 5 is Mon 1 Apr's, given by the course's sixth booking
    assert out == "Moved session 5 of Zoë Ångström (H0001): Linac 1 Mon 1 Apr 2030 08:30 → Linac 1 Mon 1 Apr 2030 13:00\n"
    after = _sessions(capsys, url, COURSE, "2030-03-25", 14)
    assert after[5] == ("Linac 1", "2030-04-01T13:00+01:00")
    assert {n: v for n, v in after.items() if n != 5} == {n: v for n, v in before.items() if n != 5}


def test_the_patients_calendar_update_is_written_private(capsys, url: str, tmp_path: Path):
    given = tmp_path / "given.ics"
    assert run(capsys, "export", "--db", url, "--course-id", COURSE, "-o", str(given))[0] == 0
    folder = tmp_path / "updates"
    folder.mkdir()
    status, out, err = run(capsys, "move", "--course-id", COURSE, "--session", "5", "--to", "2030-03-29T13:00",
                           "--write-updates", str(folder), "--db", url)
    assert status == 0, err
    [written] = list(folder.iterdir())
    assert f"The patient's calendar update was written: {written}" in out
    assert stat.S_IMODE(os.stat(written).st_mode) == 0o600
    assert "DTSTART;TZID=Europe/London:20300329T130000" in written.read_text(encoding="utf-8")


def test_a_slot_taken_meanwhile_exits_3_with_nothing_moved(capsys, url: str, monkeypatch):
    from planner.app.booking import BookingDesk

    def taken(self, course_id, moves):  # another coordinator's booking written between the check and this write
        raise SlotTaken("Linac 1", moves[0].start, moves[0].start, why="Linac 1 was taken by another booking")

    monkeypatch.setattr(BookingDesk, "move", taken)
    status, out, err = run(capsys, "move", "--course-id", COURSE, "--session", "5", "--to", "2030-03-29T13:00", "--db", url)
    assert (status, out) == (3, "")
    assert err == "planner: conflict: move lost: Linac 1 was taken by another booking; nothing was moved, run move again\n"


@pytest.mark.parametrize("dry_run", [[], ["--dry-run"]])
def test_the_rest_of_a_course_refused_for_one_reason_says_it_once_for_all_its_sessions(capsys, url: str, dry_run: list[str]):
    """Before, one line named every session: "fraction 3: outside Linac 1's open hours (08:00–18:00); fraction 4: ..."."""
    before = _sessions(capsys, url, COURSE, "2030-03-25", 31)
    status, out, err = run(capsys, "move", "--course-id", COURSE, "--rest-from", "3", "--time", "19:00", *dry_run, "--db", url)
    assert (status, out) == (2, "")
    assert err == "planner: error: --time: fractions 3–20: outside Linac 1's open hours (08:00–18:00)\n"
    assert _sessions(capsys, url, COURSE, "2030-03-25", 31) == before


def test_a_session_by_session_refusal_of_the_rest_of_a_course_stays_one_short_line(capsys, url: str):
    """Onto Linac 2 at 08:30 every session meets another patient's, each a reason of its own: a few are named, then how
    many more, not all eighteen."""
    status, out, err = run(capsys, "move", "--course-id", COURSE, "--rest-from", "3", "--time", "08:30", "--machine", "Linac 2",
                           "--db", url)
    assert (status, out) == (2, "")
    assert err.count("\n") == 1 and err.startswith("planner: error: --time: fraction 3: overlaps Eamon O'Neill's fraction 3 of 20 ")
    assert err.count("overlaps") == 6 and err.endswith("; … and 12 more\n")


def test_a_move_onto_a_weekday_the_department_does_not_treat_on_says_so_not_the_machines_hours(capsys, url: str):
    """Linac 1 keeps Saturday hours, the department treats Monday to Friday: the refusal said 'outside Linac 1's open
    hours (closed that day)', which the machine's hours belie."""
    with Store.open(url) as store:
        department = store.department()
        assert department is not None
        store.set_department(replace(department, machines=tuple(
            replace(m, hours={**m.hours, 5: (time(9), time(13))}) if m.name == "Linac 1" else m for m in department.machines)))
    status, _, err = run(capsys, "course", "save", "--course-id", COURSE, "--department-calendar", "--db", url)
    assert status == 0, err  # the course follows the department's calendar (one keeping its own says that calendar's reason)
    status, out, err = run(capsys, "move", "--course-id", COURSE, "--session", "5", "--to", "2030-03-30T10:00",
                           "--dry-run", "--db", url)
    assert (status, out) == (2, "")
    assert err == ("planner: error: --to: fraction 5: the department does not treat on Saturdays (its treatment days: "
                   "Monday to Friday)\n")


def test_a_move_onto_a_day_the_department_is_closed_says_the_closure_not_the_machines_hours(capsys, url: str):
    status, _, err = run(capsys, "closure", "--date", "2030-04-05", "--reason", "boiler", "--db", url)
    assert status == 0, err
    (number,) = _sessions(capsys, url, COURSE, "2030-04-04")
    status, out, err = run(capsys, "move", "--course-id", COURSE, "--session", str(number), "--to", "2030-04-05T08:30",
                           "--dry-run", "--db", url)
    assert (status, out) == (2, "")
    assert err == f"planner: error: --to: fraction {number}: the department is closed that day: clinic closure (boiler)\n"
