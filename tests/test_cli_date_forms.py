"""Every date and time the command line reads (options, course files, settings) takes the form its help names,
YYYY-MM-DD, HH:MM or YYYY-MM-DDTHH:MM, and no other of the ISO forms Python's fromisoformat reads: '20261207',
'2026-W50-1' and '2026-12-07T0900' are refused in one line naming the option and the form, exit status 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from planner.cli import main
from planner.store.settings import SettingsError, load_settings

BASE = ["plan", "--site", "prostate", "--preset", "20-daily", "--start", "2026-11-23", "--time", "08:30",
        "--tz", "America/New_York", "--holidays", "US-NY"]
DATE = "is not a date in the form YYYY-MM-DD"
TIME = "is not a time in the form HH:MM (00:00 to 23:59)"
DATE_TIME = "is not a date and time in the form YYYY-MM-DDTHH:MM"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def refused(capsys, argv: list[str], option: str, value: str, form: str) -> None:
    status, out, err = run(capsys, *argv)
    assert (status, out) == (2, "")
    assert err == f"planner: error: {option}: '{value}' {form}\n"


@pytest.mark.parametrize(("option", "value", "form"), [
    ("--start", "20261207", DATE),  # ISO basic form
    ("--start", "2026-W50-1", DATE),  # ISO week date
    ("--start", "2026W501", DATE),
    ("--closed", "20261224", DATE),
    ("--closed", "2026-W52-4", DATE),
    ("--time", "0830", TIME),
    ("--time", "08:30:00", TIME),
    ("--time", "\u0660\u0668:\u0663\u0660", TIME),  # Arabic-Indic digits, which int() reads
    ("--simulation", "2026-11-16T1000", DATE_TIME),
    ("--simulation", "20261116T10:00", DATE_TIME),
    ("--simulation", "2026-W47-1T10:00", DATE_TIME),
    ("--simulation", "2026-11-16T10", DATE_TIME),
    ("--simulation", "2026-11-16T10:00Z", DATE_TIME),
    ("--simulation", "2026-11-16T10:00-05:00", DATE_TIME),
])
def test_a_course_option_takes_only_its_documented_form(capsys, option, value, form):
    refused(capsys, [*BASE, option, value], option, value, form)


def test_the_documented_forms_are_read(capsys):
    status, out, err = run(capsys, *BASE, "--closed", "2026-11-24", "--simulation", "2026-11-16T10:00", "--time", "8:30",
                           "--json")
    assert status == 0 and err == ""
    first = next(a for a in json.loads(out)["appointments"] if a["kind"] == "fraction")
    assert first["start"] == "2026-11-23T08:30-05:00"


@pytest.mark.parametrize(("argv", "option", "value", "form"), [
    (["--pattern", "twice-daily", "--fractions", "10", "--second-time", "1430"], "--second-time", "1430", TIME),
    (["--move", "3=2026-11-26T0900"], "--move", "2026-11-26T0900", DATE_TIME),
    (["--move", "3=20261126T09:00"], "--move", "20261126T09:00", DATE_TIME),
    (["--retime-from", "3=0900"], "--retime-from", "0900", TIME),
])
def test_an_adjustment_takes_only_its_documented_form(capsys, argv, option, value, form):
    refused(capsys, [*BASE, *argv], option, value, form)


def test_a_move_given_to_the_second_says_so(capsys):
    status, _, err = run(capsys, *BASE, "--move", "3=2026-11-26T09:00:30")
    assert status == 2
    assert err == "planner: error: --move: '2026-11-26T09:00:30' gives seconds: give the minute, in the form YYYY-MM-DDTHH:MM\n"


@pytest.mark.parametrize("value", ["20261125", "2026-W48-3"])
def test_not_missed_takes_a_day_only_as_yyyy_mm_dd(capsys, tmp_path, value):
    course = tmp_path / "c.json"
    assert run(capsys, *BASE, "--missed", "3", "--save", str(course))[0] == 0
    status, out, err = run(capsys, "plan", "--course", str(course), "--not-missed", "2026-11-25", "--json")
    assert status == 0 and json.loads(out)["missed"] == []
    refused(capsys, ["plan", "--course", str(course), "--not-missed", value], "--not-missed", value, DATE)


@pytest.mark.parametrize("value", ["20261130", "2026-W49-1"])
def test_print_week_takes_only_yyyy_mm_dd(capsys, tmp_path, value):
    refused(capsys, ["print", *BASE[1:], "--week", value, "-o", str(tmp_path / "w.pdf")], "--week", value, DATE)
    assert not (tmp_path / "w.pdf").exists()


@pytest.mark.parametrize(("field", "value", "form"), [
    ("start", "20261123", DATE),
    ("time", "0830", TIME),
    ("simulation", "2026-11-16T1000", DATE_TIME),
])
def test_a_course_file_takes_only_the_documented_forms(capsys, tmp_path, field, value, form):
    course = tmp_path / "c.json"
    assert run(capsys, *BASE, "--simulation", "2026-11-16T10:00", "--save", str(course))[0] == 0
    data = json.loads(course.read_text(encoding="utf-8"))
    data[field] = value
    course.write_text(json.dumps(data), encoding="utf-8")
    status, out, err = run(capsys, "plan", "--course", str(course))
    assert (status, out) == (2, "")
    assert err == f"planner: error: --course: {course}: field '{field}': '{value}' {form}\n"


@pytest.mark.parametrize("value", ["0900", "09:00:00", "T09:00"])  # each read by time.fromisoformat
def test_the_settings_default_time_takes_only_hh_mm(tmp_path, value):
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"treatment_time": value}), encoding="utf-8")
    with pytest.raises(SettingsError) as caught:
        load_settings(path)
    assert str(caught.value) == f"{path}: 'treatment_time' must be HH:MM"


def test_a_settings_default_time_in_hh_mm_is_read(tmp_path: Path):
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"treatment_time": "07:45"}), encoding="utf-8")
    assert load_settings(path).default_time.strftime("%H:%M") == "07:45"
