"""`course save --course-id` of a booked course: the course reads at its booked times, but is stored
without the booking's own moves (as the window saves it), so unbooking it goes back to its plan; a
change the bookings do not follow (a new daily time) is said on stderr, the save still made."""

from __future__ import annotations

import json
from pathlib import Path

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


def test_a_new_daily_time_is_saved_without_freezing_the_booked_times_and_said(capsys, tmp_path: Path):
    url = _booked(capsys, tmp_path)
    booked = _times(capsys, url)
    assert "10:30" not in booked
    status, out, err = run(capsys, "course", "save", "--course-id", "course-prostate", "--time", "10:30", "--db", url)
    assert status == 0 and out.strip() == "course-prostate"
    assert err == ("planner: warning: 20 booked appointments keep the booked time, not the one saved: move them with `move` "
                   "(--rest-from N --time HH:MM for a new daily time) or in the Bookings window, or unbook and book the course again\n")
    assert _stored_moves(capsys, url) == []  # no move 'booked' written into the course
    assert _times(capsys, url) == booked  # still shown at the times the machine holds
    status, _, err = run(capsys, "unbook", "--course-id", "course-prostate", "--db", url)
    assert status == 0, err
    assert _times(capsys, url) == {"10:30"}  # back to its plan, at the time saved


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
