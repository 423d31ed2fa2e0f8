"""An empty `--holidays` is refused as a slip (an unset variable): it planned the course through every public holiday
without a word. `--holidays none` says so on purpose."""

from __future__ import annotations

import json

import pytest

from planner.cli import main

from .test_cli_reader_gone import department_db

# Thanksgiving Day, Thu 26 Nov 2026, falls in the first week.
COURSE = ["--site", "prostate", "--preset", "20-daily", "--start", "2026-11-23", "--time", "08:30", "--tz", "America/New_York"]


def run(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


@pytest.mark.parametrize("value", ["", "  "])
def test_an_empty_holidays_region_is_refused(capsys, value):
    status, out, err = run(capsys, "plan", *COURSE, "--holidays", value, "--json")
    assert (status, out) == (2, "")
    assert err == ("planner: error: --holidays: give a region such as US-NY (got an empty one), or 'none' for no public "
                   "holidays\n")


@pytest.mark.parametrize("value", ["none", "None", "NONE"])
def test_holidays_none_plans_through_the_public_holidays(capsys, value):
    status, out, err = run(capsys, "plan", *COURSE, "--holidays", value, "--json")
    assert status == 0 and err == ""
    data = json.loads(out)
    assert data["pushed"] == []
    assert any(a["start"].startswith("2026-11-26T08:30") for a in data["appointments"])
    status, out, _ = run(capsys, "plan", *COURSE, "--holidays", "US-NY", "--json")
    assert [p["date"] for p in json.loads(out)["pushed"]] == ["2026-11-26"]


def test_a_stored_course_keeps_its_holidays_when_given_an_empty_region(capsys, tmp_path):
    db = department_db(tmp_path, capsys)
    status, out, _ = run(capsys, "course", "save", "--db", db, *COURSE, "--holidays", "US-NY", "--patient", "Ann Smith",
                         "--patient-id", "H100", "--json")
    course_id = json.loads(out)["course_id"]
    assert run(capsys, "course", "save", "--db", db, "--course-id", course_id, "--holidays", "")[0] == 2
    status, out, _ = run(capsys, "course", "show", course_id, "--db", db, "--json")
    assert json.loads(out)["course"]["holidays"] == "US-NY"
    assert run(capsys, "course", "save", "--db", db, "--course-id", course_id, "--holidays", "none")[0] == 0
    status, out, _ = run(capsys, "course", "show", course_id, "--db", db, "--json")
    assert json.loads(out)["course"]["holidays"] is None
