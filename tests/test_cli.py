"""The command line contract: `sites`, `plan` (table and JSON), and one-line refusals."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime

import pytest

from planner.cli import main
from planner.core.spec import CourseSpec
from planner.store.course_file import save_course

BASE = ["plan", "--site", "prostate", "--preset", "20-daily", "--start", "2026-11-23", "--time", "08:30",
        "--tz", "America/New_York", "--holidays", "US-NY"]


def run(capsys, *argv):
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_sites_lists_sites_and_presets(capsys):
    status, out, _ = run(capsys, "sites")
    assert status == 0
    assert "head-neck" in out and "Head and neck" in out
    assert "sbrt-5-alternate" in out and "5 x alternate" in out


def test_plan_json_contract(capsys):
    status, out, err = run(capsys, *BASE, "--simulation", "2026-11-16T10:00", "--follow-up-weeks", "6",
                           "--review-day", "tue", "--json")
    assert status == 0 and err == ""
    data = json.loads(out)
    assert set(data) == {"appointments", "warnings", "pushed"}
    kinds = [a["kind"] for a in data["appointments"]]
    assert kinds[0] == "simulation" and kinds[-1] == "follow-up" and "review" in kinds
    fractions = [a for a in data["appointments"] if a["kind"] == "fraction"]
    assert [f["number"] for f in fractions] == list(range(1, 21))
    first = fractions[0]
    assert first["start"] == "2026-11-23T08:30-05:00"
    assert first["end"] == "2026-11-23T08:50-05:00"
    assert first["title"] == "Radiotherapy 1 of 20"
    assert {"text", "minutes_before"} == set(first["reminders"][0])
    assert any(r["minutes_before"] == 60 and "water" in r["text"] for r in first["reminders"])
    starts = [datetime.fromisoformat(a["start"]) for a in data["appointments"]]
    assert starts == sorted(starts)
    assert data["pushed"] == [{"date": "2026-11-26", "reason": "Thanksgiving Day (public holiday, US-NY)"}]


def test_plan_table_is_readable(capsys):
    status, out, _ = run(capsys, *BASE, "--patient", "Zoë Ångström")
    assert status == 0
    assert out.startswith("Zoë Ångström: Prostate, 20 fractions")
    assert "Radiotherapy 20 of 20" in out
    assert "Thu 2026-11-26  Thanksgiving Day" in out
    assert "Overall treatment time: 29 days" in out


def test_weeks_and_days_options(capsys):
    status, out, _ = run(capsys, "plan", "--site", "breast", "--weeks", "2", "--days", "mon,tue,wed,thu",
                         "--start", "2026-11-02", "--tz", "UTC", "--json")
    assert status == 0
    dates = [a["start"][:10] for a in json.loads(out)["appointments"]]
    assert dates == ["2026-11-02", "2026-11-03", "2026-11-04", "2026-11-05",
                     "2026-11-09", "2026-11-10", "2026-11-11", "2026-11-12"]


def test_closed_option_is_repeatable(capsys):
    status, out, _ = run(capsys, "plan", "--site", "rectum", "--preset", "5-daily", "--start", "2026-11-02",
                         "--tz", "UTC", "--closed", "2026-11-03", "--closed", "2026-11-04", "--json")
    assert status == 0
    data = json.loads(out)
    assert [p["date"] for p in data["pushed"]] == ["2026-11-03", "2026-11-04"]
    assert data["appointments"][-1]["start"].startswith("2026-11-10")


def test_course_file_loads_and_options_override(tmp_path, capsys):
    path = tmp_path / "course.json"
    spec = CourseSpec(site="prostate", preset="20-daily", start=datetime(2026, 11, 23).date(), tz="America/New_York",
                      holidays="US", patient_name="山田太郎")
    save_course(spec, path)
    status, out, _ = run(capsys, "plan", "--course", str(path), "--json")
    assert status == 0
    assert len([a for a in json.loads(out)["appointments"] if a["kind"] == "fraction"]) == 20
    status, out, _ = run(capsys, "plan", "--course", str(path), "--fractions", "5", "--json")
    assert len(json.loads(out)["appointments"]) == 5


@pytest.mark.parametrize(
    ("argv", "option", "reason"),
    [
        (["--fractions", "0"], "--fractions", "1 to 40"),
        (["--fractions", "41"], "--fractions", "1 to 40"),
        (["--fractions", "6", "--pattern", "alternate"], "--fractions", "1 to 5"),
        (["--weeks", "9"], "--weeks", "1 to 8"),
        (["--fractions", "5", "--weeks", "1"], "--weeks", "not both"),
        (["--fractions", "many"], "--fractions", "not a whole number"),
        (["--start", "2026-11-28"], "--start", "Saturday"),
        (["--start", "2026-11-26"], "--start", "Thanksgiving"),
        (["--start", "26/11/2026"], "--start", "YYYY-MM-DD"),
        (["--site", "elbow"], "--site", "not in the catalogue"),
        (["--preset", "100-daily"], "--preset", "not a preset of prostate"),
        (["--pattern", "hourly"], "--pattern", "not a pattern"),
        (["--time", "8.30"], "--time", "HH:MM"),
        (["--time", "24:00"], "--time", "HH:MM"),
        (["--duration", "0"], "--duration", "5 to 240"),
        (["--tz", "Mars/Olympus"], "--tz", "IANA"),
        (["--tz", "../../etc/passwd"], "--tz", "IANA"),
        (["--holidays", "XX"], "--holidays", "not a country"),
        (["--holidays", "US-ZZ"], "--holidays", "not a subdivision of US"),
        (["--closed", "tomorrow"], "--closed", "YYYY-MM-DD"),
        (["--days", "mon,funday"], "--days", "not a weekday"),
        (["--days", ""], "--days", "at least one weekday"),
        (["--simulation", "2026-11-30T09:00"], "--simulation", "before the first fraction"),
        (["--simulation", "soon"], "--simulation", "YYYY-MM-DDTHH:MM"),
        (["--follow-up-weeks", "0"], "--follow-up-weeks", "1 to 104"),
        (["--review-day", "someday"], "--review-day", "not a weekday"),
        (["--course", "/nonexistent/course.json"], "--course", "cannot open"),
        (["--catalogue", "/nonexistent/catalogue.toml"], "--catalogue", "cannot read"),
        (["--bogus"], "unrecognized arguments", "--bogus"),
        (["--fractions"], "--fractions", "expected one argument"),
    ],
)
def test_bad_input_is_one_line_naming_the_option(capsys, argv, option, reason):
    status, out, err = run(capsys, *BASE, *argv)
    assert status == 2
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert option in lines[0] and reason in lines[0]
    assert "Traceback" not in err


def test_missing_start_and_site_are_named(capsys):
    status, _, err = run(capsys, "plan", "--site", "lung", "--fractions", "3")
    assert status == 2 and "--start" in err
    status, _, err = run(capsys, "plan", "--fractions", "3", "--start", "2026-11-02")
    assert status == 2 and "--site" in err


def test_malformed_course_file_is_refused(tmp_path, capsys):
    path = tmp_path / "bad.json"
    path.write_text('{"app": "igrt-course-planner", "schema": 1, "course_id": "x", "start": "soon"}')
    status, _, err = run(capsys, "plan", "--course", str(path))
    assert status == 2
    assert "--course:" in err and "field 'start'" in err
    path.write_text("not json")
    status, _, err = run(capsys, "plan", "--course", str(path))
    assert status == 2 and "not a course file" in err


def test_malformed_catalogue_is_refused_on_the_command_line(tmp_path, capsys):
    path = tmp_path / "catalogue.toml"
    path.write_text('schema = 1\n[[site]]\nid = "lung"\nsession_minutes = 20\n')
    status, _, err = run(capsys, "sites", "--catalogue", str(path))
    assert status == 2
    assert err.count("\n") == 1 and "site 'lung': missing field 'name'" in err


def test_python_dash_m_planner_runs_as_a_program():
    result = subprocess.run([sys.executable, "-m", "planner", "plan", "--site", "lung", "--fractions", "9",
                             "--pattern", "weekly", "--start", "2026-11-02"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert result.stderr.strip() == "planner: error: --fractions: the weekly pattern takes 1 to 5 fractions (got 9)"
