"""`course save --course-id` of a booked course: the course reads at its booked times, but is stored
without the booking's own moves (as the window saves it), so unbooking it goes back to its plan. A new daily
time is refused while the course is booked (its bookings move with `move --rest-from N --time HH:MM`)."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from .booking_scenario import stock
from .command_line import run


def _booked(capsys, tmp_path: Path) -> str:
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    status, _, err = run(capsys, "book", "--course-id", "course-prostate", "--db", url)
    assert status == 0, err
    return url


def _stored_moves(capsys, url: str) -> list[dict[str, object]]:
    status, out, err = run(capsys, "course", "show", "course-prostate", "--json", "--db", url)
    assert status == 0, err
    return json.loads(out)["course"].get("adjustments", {}).get("moves", [])


def _times(capsys, url: str) -> set[str]:
    status, out, err = run(capsys, "plan", "--course-id", "course-prostate", "--json", "--db", url)
    assert status == 0, err
    return {a["start"][11:16] for a in json.loads(out)["appointments"] if a["kind"] == "fraction"}


def _agenda(capsys, url: str) -> list[tuple[int, str, str]]:
    status, out, err = run(capsys, "agenda", "--date", "2030-03-25", "--days", "28", "--json", "--db", url)
    assert status == 0, err
    return sorted((b["number"], m["name"], b["start"]) for m in json.loads(out)["machines"] for b in m["bookings"]
                  if b["course_id"] == "course-prostate")


def _stored(capsys, url: str) -> tuple[int, str]:
    status, out, err = run(capsys, "course", "show", "course-prostate", "--json", "--db", url)
    assert status == 0, err
    shown = json.loads(out)
    return shown["version"], shown["course"]["time"]


def test_a_new_daily_time_of_a_booked_course_is_refused_saying_how_to_move_its_bookings(capsys, tmp_path: Path, monkeypatch):
    """Before, the time was saved and the bookings kept theirs (a warning said so): the stored course and its
    bookings disagreed, and the next save of any field put the booked time back unsaid."""
    from planner.app.booking import BookingDesk

    url = _booked(capsys, tmp_path)
    booked, agenda, stored = _times(capsys, url), _agenda(capsys, url), _stored(capsys, url)
    assert booked == {"08:30"} and stored[1] == "08:30"
    # Thu 28 Mar 2030 09:00: sessions 1 to 4 have begun, 5 is the first still to come
    monkeypatch.setattr(BookingDesk, "now", lambda self: datetime(2030, 3, 28, 9, 0, tzinfo=ZoneInfo("Europe/London")))
    status, out, err = run(capsys, "course", "save", "--course-id", "course-prostate", "--time", "10:30", "--location", "Level 2",
                           "--db", url)
    assert (status, out) == (2, "")
    assert err == ("planner: error: --time: course course-prostate is booked at 08:30, and saving the course does not move its "
                   "bookings: move them with `move --course-id course-prostate --rest-from 5 --time 10:30`; nothing was saved\n")
    assert (_stored(capsys, url), _agenda(capsys, url), _times(capsys, url)) == (stored, agenda, booked)
    # The move it names moves them; the course then reads at the new time, and saving it at that time is no change of time
    command = err.split("`")[1].split()
    assert run(capsys, *command, "--db", url)[0] == 0
    status, _, err = run(capsys, "course", "save", "--course-id", "course-prostate", "--time", "10:30", "--db", url)
    assert status == 0, err
    assert _stored(capsys, url)[1] == "10:30"
    assert {start[11:16] for number, _, start in _agenda(capsys, url) if number >= 5} == {"10:30"}


def test_a_booked_course_whose_sessions_have_all_begun_keeps_its_time(capsys, tmp_path: Path, monkeypatch):
    from planner.app.booking import BookingDesk

    url = _booked(capsys, tmp_path)
    stored = _stored(capsys, url)
    monkeypatch.setattr(BookingDesk, "now", lambda self: datetime(2030, 5, 1, 9, 0, tzinfo=ZoneInfo("Europe/London")))
    status, out, err = run(capsys, "course", "save", "--course-id", "course-prostate", "--time", "10:30", "--db", url)
    assert (status, out) == (2, "")
    assert err == ("planner: error: --time: every session of course course-prostate has begun or is past at its booked time "
                   "(08:30): its daily time stays as booked; nothing was saved\n")
    assert _stored(capsys, url) == stored


def test_the_booked_daily_time_given_again_saves_and_an_unbooked_course_takes_a_new_one(capsys, tmp_path: Path):
    url = _booked(capsys, tmp_path)
    booked = _times(capsys, url)
    status, _, err = run(capsys, "course", "save", "--course-id", "course-prostate", "--time", "08:30", "--db", url)
    assert status == 0 and err == ""
    status, _, err = run(capsys, "unbook", "--course-id", "course-prostate", "--db", url)
    assert status == 0, err
    assert _times(capsys, url) == booked
    status, _, err = run(capsys, "course", "save", "--course-id", "course-prostate", "--time", "10:30", "--db", url)
    assert status == 0 and err == ""
    assert _times(capsys, url) == {"10:30"}  # its plan, at the time saved


def test_a_change_the_bookings_keep_to_saves_quietly(capsys, tmp_path: Path):
    url = _booked(capsys, tmp_path)
    booked = _times(capsys, url)
    status, out, err = run(capsys, "course", "save", "--course-id", "course-prostate", "--location", "Level 2", "--db", url)
    assert status == 0 and err == "" and out.strip() == "course-prostate"
    assert _stored_moves(capsys, url) == []
    assert _times(capsys, url) == booked


def test_a_new_course_saved_into_a_department_is_at_the_department_unless_told(capsys, tmp_path: Path):
    """As a new course in the window: its location is the department's name and address, so a non-discreet
    calendar says where to come (it said only 'Linac 1' when the desk's settings had no clinic)."""
    url = stock(f"sqlite:///{tmp_path / 'department.db'}", courses=())
    shown = {}
    for location in ([], ["--location", "Level 2, East wing"]):
        status, out, err = run(capsys, "course", "save", "--site", "prostate", "--preset", "20-daily", "--start", "2030-03-25",
                               "--patient", "Ann Smith", "--patient-id", f"H{len(shown)}", *location, "--db", url)
        assert status == 0, err
        status, out, err = run(capsys, "course", "show", out.strip(), "--json", "--db", url)
        assert status == 0, err
        shown[tuple(location)] = json.loads(out)["course"]["location"]
    assert shown == {(): "Riverside Cancer Centre", ("--location", "Level 2, East wing"): "Level 2, East wing"}
