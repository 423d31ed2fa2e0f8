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
    assert set(data) == {"appointments", "warnings", "pushed", "missed", "phases", "treatment_days", "overall_days", "adjustments"}
    assert data["missed"] == [] and data["adjustments"] == [] and data["phases"] == 1
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
    assert data["pushed"] == [{"date": "2026-11-26", "reason": "Thanksgiving Day (public holiday, New York)"}]


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


EXPORT = ["export", "--site", "prostate", "--preset", "20-daily", "--start", "2026-10-26", "--time", "08:30",
          "--tz", "America/New_York", "--holidays", "US-NY", "--patient", "Zoë Ångström-Nguyễn",
          "--phone", "+1 212 555 0100"]  # without a phone the export warns on stderr (test_cli_export_phone)


def test_export_writes_a_private_calendar_and_diff_reports_changes(tmp_path, capsys):
    old, new = tmp_path / "old.ics", tmp_path / "new.ics"
    status, out, err = run(capsys, *EXPORT, "-o", str(old))
    assert status == 0 and err == ""
    assert (old.stat().st_mode & 0o777) == 0o600
    assert b"SUMMARY:Radiotherapy 1 of 20" in old.read_bytes()
    status, out, err = run(capsys, *EXPORT, "--closed", "2026-11-16", "--previous", str(old), "-o", str(new))
    assert status == 0, err
    status, out, _ = run(capsys, "diff", str(old), str(new))
    assert status == 1
    assert "Moved: Radiotherapy 14 of 20, from Mon 16 Nov 2026 08:30 to Tue 17 Nov 2026 08:30" in out
    status, out, _ = run(capsys, "diff", str(old), str(old))
    assert status == 0 and "No changes" in out


def test_export_without_a_course_file_keeps_uids_across_runs(tmp_path, capsys):
    first, second = tmp_path / "a.ics", tmp_path / "b.ics"
    run(capsys, *EXPORT, "-o", str(first))
    run(capsys, *EXPORT, "-o", str(second))
    uids = [sorted(line for line in p.read_text().splitlines() if line.startswith("UID:")) for p in (first, second)]
    assert uids[0] == uids[1] and len(uids[0]) == 20


def test_export_discreet_and_prep_events(tmp_path, capsys):
    path = tmp_path / "d.ics"
    status, _, _ = run(capsys, *EXPORT, "--discreet", "--prep-events", "-o", str(path))
    assert status == 0
    text = path.read_text(encoding="utf-8")
    assert "Clinic appointment 3 of 20" in text and "Radiotherapy" not in text
    assert text.count("BEGIN:VEVENT") == 60  # each fraction, its water and its arrival step


def test_an_update_of_a_discreet_calendar_stays_discreet_unless_asked(tmp_path, capsys):
    first, update, named = tmp_path / "first.ics", tmp_path / "update.ics", tmp_path / "named.ics"
    assert run(capsys, *EXPORT, "--discreet", "-o", str(first))[0] == 0
    status, _, err = run(capsys, *EXPORT, "--previous", str(first), "--time", "09:00", "-o", str(update))
    assert status == 0 and err == ("planner: note: the patient's earlier calendar was discreet, so this one is too "
                                   "(--not-discreet names the treatment)\n")
    text = update.read_text(encoding="utf-8")
    assert "Clinic appointment 3 of 20" in text and "Radiotherapy" not in text and "SEQUENCE:1" in text
    status, _, err = run(capsys, *EXPORT, "--previous", str(first), "--not-discreet", "-o", str(named))
    assert status == 0 and err == "" and "Radiotherapy 3 of 20" in named.read_text(encoding="utf-8")
    status, _, err = run(capsys, *EXPORT, "--discreet", "--not-discreet", "-o", str(named))
    assert status == 2 and err.count("\n") == 1 and "not allowed with argument" in err


def test_export_and_diff_refuse_bad_files_in_one_line(tmp_path, capsys):
    foreign = tmp_path / "google.ics"
    foreign.write_text("BEGIN:VCALENDAR\r\nPRODID:-//Google Inc//EN\r\nEND:VCALENDAR\r\n")
    status, _, err = run(capsys, *EXPORT, "--previous", str(foreign), "-o", str(tmp_path / "x.ics"))
    assert status == 2 and err.count("\n") == 1 and "--previous:" in err and "not a calendar exported by this planner" in err
    assert not (tmp_path / "x.ics").exists()
    status, _, err = run(capsys, "diff", str(foreign), str(foreign))
    assert status == 2 and err.startswith("planner: error: OLD.ics:")
    status, _, err = run(capsys, *EXPORT, "-o", str(tmp_path / "missing" / "x.ics"))
    assert status == 2 and "--output: cannot write" in err
    status, _, err = run(capsys, *EXPORT)
    assert status == 2 and "--output" in err


def test_export_keeps_the_existing_file_when_input_is_bad(tmp_path, capsys):
    path = tmp_path / "keep.ics"
    path.write_bytes(b"precious")
    status, _, _ = run(capsys, *EXPORT, "--fractions", "99", "-o", str(path))
    assert status == 2
    assert path.read_bytes() == b"precious"
