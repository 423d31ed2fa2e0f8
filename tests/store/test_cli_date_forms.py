"""The store's commands and the department file take dates and times in the forms their help names (YYYY-MM-DD,
HH:MM, YYYY-MM-DDTHH:MM, the last with an optional UTC offset where the README says so), never the other ISO forms
Python's fromisoformat reads ('20300325', '2030-W13-1', '2030-03-26T0800'): one line naming the option, exit 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .booking_scenario import DEPARTMENT_FILE, place_bookings, stock
from .command_line import run

DATE = "is not a date in the form YYYY-MM-DD"
TIME = "is not a time in the form HH:MM (00:00 to 23:59)"
DATE_TIME = "is not a date and time in the form YYYY-MM-DDTHH:MM"


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return stock(f"sqlite:///{tmp_path / 'department.db'}")


ODD = [
    (["book", "--course-id", "course-prostate", "--earliest", "20300325"], "--earliest", "20300325", DATE),
    (["book", "--course-id", "course-prostate", "--earliest", "2030-W13-1"], "--earliest", "2030-W13-1", DATE),
    (["book", "--course-id", "course-prostate", "--prefer-time", "0830"], "--prefer-time", "0830", TIME),
    (["agenda", "--date", "20300325"], "--date", "20300325", DATE),
    (["agenda", "--date", "2030-W13-1"], "--date", "2030-W13-1", DATE),
    (["machine-down", "Linac 1", "--from", "2030-03-26T0800", "--to", "2030-03-26T09:00"], "--from", "2030-03-26T0800", DATE_TIME),
    (["machine-down", "Linac 1", "--from", "20300326T08:00", "--to", "2030-03-26T09:00"], "--from", "20300326T08:00", DATE_TIME),
    (["machine-down", "Linac 1", "--from", "2030-03-26T08:00", "--to", "2030-W13-2T09:00"], "--to", "2030-W13-2T09:00", DATE_TIME),
    (["machine-down", "Linac 1", "--from", "2030-03-26T08:00", "--to", "2030-03-26T09"], "--to", "2030-03-26T09", DATE_TIME),
    (["machine-down", "Linac 1", "--from", "2030-03-26T08:00Z", "--to", "2030-03-26T09:00"], "--from", "2030-03-26T08:00Z", DATE_TIME),
    (["machine-down", "Linac 1", "--from", "2030-03-26T08:00-0100", "--to", "2030-03-26T09:00"], "--from", "2030-03-26T08:00-0100",
     DATE_TIME),
    (["machine-up", "Linac 2", "--at", "2030-03-05T0900"], "--at", "2030-03-05T0900", DATE_TIME),
    (["closure", "--date", "20300401", "--reason", "snow"], "--date", "20300401", DATE),
    (["closure", "--date", "2030-04-01", "--to", "2030-W14-2", "--reason", "snow"], "--to", "2030-W14-2", DATE),
    (["reopen", "--date", "2030-W14-1"], "--date", "2030-W14-1", DATE),
    (["reopen", "--date", "2030-04-01", "--to", "20300402"], "--to", "20300402", DATE),
    (["reoptimise", "--date", "20300325", "--dry-run"], "--date", "20300325", DATE),
]


@pytest.mark.parametrize(("argv", "option", "value", "form"), ODD)
def test_a_booking_command_takes_only_the_documented_forms(capsys, sqlite_url, argv, option, value, form):
    status, out, err = run(capsys, *argv[:1], "--db", sqlite_url, *argv[1:])
    assert (status, out) == (2, "")
    assert err == f"planner: error: {option}: '{value}' {form}\n"


@pytest.mark.parametrize(("argv", "option", "value", "form"), [
    (["--session", "5", "--to", "2030-04-01T1300"], "--to", "2030-04-01T1300", DATE_TIME),
    (["--session", "5", "--to", "2030-W14-1T13:00"], "--to", "2030-W14-1T13:00", DATE_TIME),
    (["--rest-from", "10", "--time", "1000"], "--time", "1000", TIME),
])
def test_move_takes_only_the_documented_forms(capsys, sqlite_url, argv, option, value, form):
    place_bookings(sqlite_url)
    status, out, err = run(capsys, "move", "--db", sqlite_url, "--course-id", "course-prostate", *argv, "--dry-run")
    assert (status, out) == (2, "")
    assert err == f"planner: error: {option}: '{value}' {form}\n"


def test_the_documented_forms_are_taken_offset_and_all(capsys, sqlite_url):
    status, out, err = run(capsys, "agenda", "--db", sqlite_url, "--date", "2030-03-25", "--json")
    assert status == 0 and err == ""
    status, out, err = run(capsys, "machine-down", "Linac 1", "--db", sqlite_url, "--from", "2030-03-26T08:00+00:00",
                           "--to", "2030-03-26 09:00", "--json")
    assert status == 0, err
    assert json.loads(out)["moved"] == []


@pytest.mark.parametrize(("old", "new", "reason"), [
    ('date = 2030-03-08', 'date = "20300308"', "[[closures]] #1: 'date': '20300308' " + DATE),
    ('start = "2030-03-05T08:00"', 'start = "2030-03-05T0800"', "[[downtime]] #1: 'start': '2030-03-05T0800' " + DATE_TIME),
    ('end = "2030-03-05T10:00"', 'end = "2030-W10-2T10:00"', "[[downtime]] #1: 'end': '2030-W10-2T10:00' " + DATE_TIME),
    ('mon = "08:00-18:00", tue', 'mon = "0800-1800", tue', "[[machines]] #1 (Linac 1): 'hours.mon': '0800' " + TIME),
])
def test_a_department_file_takes_only_the_documented_forms(capsys, tmp_path, sqlite_url, old, new, reason):
    text = DEPARTMENT_FILE.read_text(encoding="utf-8")
    assert old in text
    odd = tmp_path / "department.toml"
    odd.write_text(text.replace(old, new, 1), encoding="utf-8")
    status, out, err = run(capsys, "department", "import", str(odd), "--db", sqlite_url)
    assert (status, out) == (2, "")
    assert err == f"planner: error: {odd}: {reason}\n"


def test_a_department_file_s_toml_date_time_is_read_to_the_minute(capsys, tmp_path, sqlite_url):
    text = DEPARTMENT_FILE.read_text(encoding="utf-8").replace('start = "2030-03-05T08:00"', "start = 2030-03-05T08:00:00")
    native = tmp_path / "department.toml"
    native.write_text(text, encoding="utf-8")
    status, _, err = run(capsys, "department", "import", str(native), "--db", sqlite_url)
    assert status == 0, err
    native.write_text(text.replace("start = 2030-03-05T08:00:00", "start = 2030-03-05T08:00:30"), encoding="utf-8")
    status, _, err = run(capsys, "department", "import", str(native), "--db", sqlite_url)
    assert status == 2
    assert err == (f"planner: error: {native}: [[downtime]] #1: 'start': '2030-03-05T08:00:30' gives seconds: give the minute, "
                   "in the form YYYY-MM-DDTHH:MM\n")


@pytest.mark.parametrize(("command", "option"), [("machine-down", "--from"), ("machine-down", "--to"), ("machine-up", "--at"),
                                                 ("move", "--to")])
def test_the_help_of_an_instant_says_it_may_carry_its_utc_offset(command, option):
    from planner.cli import build_parser

    parser = build_parser()._subparsers._group_actions[0].choices[command]  # type: ignore[union-attr]
    action = next(a for a in parser._actions if option in a.option_strings)
    assert action.metavar == "YYYY-MM-DDTHH:MM" and "UTC offset" in (action.help or "")
