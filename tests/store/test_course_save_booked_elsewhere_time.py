"""A course booked at another daily time than its plan (`book --prefer-time`) is read, and saved, at the booked time.
A later save (a day marked missed, say) no longer says that a session a machine's downtime re-booked at another time
"keeps the booked time, not the one saved": the coordinator changed no time. Before, the course as it stood was taken
at its planned daily time, so the re-booked session counted as one the save had planned elsewhere."""

from __future__ import annotations

import json

from .booking_scenario import stock
from .command_line import run

KEPT = "keeps the booked time, not the one saved"


def ann_planned(capsys, tmp_path) -> tuple[str, str]:
    """The golden department without courses, and Ann's course planned at 08:30 (a course file) imported: the store's
    URL and the course's id."""
    url = stock(f"sqlite:///{tmp_path / 'department.db'}", ())
    course_file = tmp_path / "ann.igrt.json"
    status, _, err = run(capsys, "plan", "--site", "prostate", "--preset", "20-daily", "--start", "2030-03-25", "--time", "08:30",
                         "--tz", "Europe/London", "--holidays", "none", "--patient", "Ann Smith", "--patient-id", "H100",
                         "--save", str(course_file))
    assert status == 0, err
    assert run(capsys, "import", str(course_file), "--db", url)[0] == 0
    return url, json.loads(course_file.read_text(encoding="utf-8"))["course_id"]


def booked_off_its_plan(capsys, tmp_path) -> tuple[str, str]:
    """Ann's course planned at 08:30 (a course file), booked at 09:00 on Linac 1; another patient on Linac 2 at 09:00;
    Linac 1 down on Ann's fourth day, her session re-booked on Linac 2 at another time."""
    url, ann = ann_planned(capsys, tmp_path)
    status, out, err = run(capsys, "course", "save", "--site", "prostate", "--preset", "20-daily", "--start", "2030-03-25",
                           "--patient", "Bo Lee", "--patient-id", "H101", "--db", url, "--json")
    assert status == 0, err
    bo = json.loads(out)["course_id"]
    for course, machine in ((ann, "Linac 1"), (bo, "Linac 2")):
        status, out, err = run(capsys, "book", "--course-id", course, "--earliest", "2030-03-25", "--prefer-time", "09:00",
                               "--machine", machine, "--db", url, "--json")
        assert status == 0 and json.loads(out)["machine"] == machine, err
    status, out, err = run(capsys, "machine-down", "Linac 1", "--from", "2030-03-28T08:00", "--to", "2030-03-28T12:00",
                           "--reason", "beam fault", "--db", url, "--json")
    assert status == 0, err
    (moved,) = [m for m in json.loads(out)["moved"] if m["course_id"] == ann]
    assert moved["to"]["machine"] == "Linac 2" and not moved["to"]["start"].startswith("2030-03-28T09:00")  # another time
    return url, ann


def test_marking_a_day_missed_says_no_session_keeps_a_time_not_saved(capsys, tmp_path):
    url, ann = booked_off_its_plan(capsys, tmp_path)
    status, _, err = run(capsys, "course", "save", "--course-id", ann, "--missed", "8=end", "--reason", "unwell", "--db", url)
    assert status == 0, err
    assert KEPT not in err
    assert "the make-up for the session missed" in err  # the save's own warning is still said


def test_a_hand_move_saved_on_a_booked_session_is_still_said(capsys, tmp_path):
    url, ann = booked_off_its_plan(capsys, tmp_path)
    status, _, err = run(capsys, "course", "save", "--course-id", ann, "--move", "10=2030-04-05T14:00", "--reason", "transport",
                         "--db", url)
    assert status == 0, err
    assert f"1 booked appointment {KEPT}" in err
