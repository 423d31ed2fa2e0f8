"""An empty `--location` is refused as a slip (an unset variable), as an empty `--phone` or `--reason` is: it
silently cleared a stored course's location. `--no-location` clears it on purpose, as emptying the window's Location
field does."""

from __future__ import annotations

import json

import pytest

from planner.cli import main

from .test_cli_reader_gone import department_db

NEW = ["--site", "prostate", "--preset", "20-daily", "--start", "2026-12-14", "--patient", "Ann Smith", "--patient-id", "H100"]
EMPTY = ("planner: error: --location: give where the appointments are (got an empty one), or leave --location out; "
         "--no-location leaves the course without one\n")


def run(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def stored_location(capsys, db: str, course_id: str) -> str:
    status, out, err = run(capsys, "course", "show", course_id, "--db", db, "--json")
    assert status == 0, err
    return json.loads(out)["course"]["location"]


@pytest.mark.parametrize("value", ["", "   "])
def test_an_empty_location_is_refused_and_the_stored_one_kept(capsys, tmp_path, value):
    db = department_db(tmp_path, capsys)
    status, out, _ = run(capsys, "course", "save", "--db", db, *NEW, "--location", "Level B1, 1 River Road", "--json")
    course_id = json.loads(out)["course_id"]
    status, out, err = run(capsys, "course", "save", "--db", db, "--course-id", course_id, "--location", value)
    assert (status, out, err) == (2, "", EMPTY)
    assert stored_location(capsys, db, course_id) == "Level B1, 1 River Road"


def test_an_empty_location_is_refused_by_plan_too(capsys):
    status, out, err = run(capsys, "plan", *NEW, "--tz", "UTC", "--location", "")
    assert (status, out, err) == (2, "", EMPTY)


def test_no_location_clears_it_on_purpose(capsys, tmp_path):
    db = department_db(tmp_path, capsys)
    status, out, _ = run(capsys, "course", "save", "--db", db, *NEW, "--json")
    course_id = json.loads(out)["course_id"]
    assert stored_location(capsys, db, course_id) == "Riverside"  # a new stored course: the department's name
    status, _, err = run(capsys, "course", "save", "--db", db, "--course-id", course_id, "--no-location")
    assert status == 0, err
    assert stored_location(capsys, db, course_id) == ""
    status, out, err = run(capsys, "export", "--db", db, "--course-id", course_id, "--phone", "+1 212 555 0100", "-o", "-")
    assert status == 0, err
    assert b"LOCATION" not in out.encode()


def test_a_new_course_saved_with_no_location_takes_no_default(capsys, tmp_path):
    db = department_db(tmp_path, capsys)
    status, out, _ = run(capsys, "course", "save", "--db", db, *NEW, "--no-location", "--json")
    assert status == 0
    assert stored_location(capsys, db, json.loads(out)["course_id"]) == ""


def test_location_and_no_location_together_are_refused(capsys):
    status, out, err = run(capsys, "plan", *NEW, "--tz", "UTC", "--location", "Level B1", "--no-location")
    assert (status, out) == (2, "")
    assert err == "planner: error: --location: give either --location or --no-location, not both\n"
