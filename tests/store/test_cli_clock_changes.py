"""A wall-clock time typed on the command line that a daylight-saving change repeats (autumn) or
skips (spring) is never silently taken as one of its instants.

- An instant the store keeps as such (machine-down --from/--to, a department file's downtime) is
  refused with one line naming the option and both instants; its UTC offset picks one.
- A course's own date and time (--simulation, --move) is refused: a course keeps wall-clock times
  (its file, the patient's calendar), where a repeated time can only mean the first instant.
- A course's daily time (--time) is fine on every other day: on the night it is repeated the
  schedule says which instant the appointment is at, in `plan` and on stderr for `export`.
London's clocks go back at 02:00 to 01:00 on Sunday 27 October 2030, forward on 31 March 2030."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .booking_scenario import DEPARTMENT_FILE, stock
from .command_line import run

COURSE = ["--site", "prostate", "--preset", "20-daily", "--tz", "Europe/London", "--start", "2030-10-21",
          "--days", "mon,tue,wed,thu,fri,sat,sun"]


@pytest.fixture
def store(tmp_path: Path) -> str:
    return stock(f"sqlite:///{tmp_path / 'department.db'}", courses=())


@pytest.mark.parametrize(("option", "when"), [("--from", "2030-10-27T01:30"), ("--to", "2030-10-27T01:59")])
def test_machine_down_at_a_repeated_time_is_refused_naming_both_instants(capsys, store: str, option: str, when: str):
    span = {"--from": "2030-10-27T00:30", "--to": "2030-10-27T03:00", option: when}
    status, out, err = run(capsys, "machine-down", "Linac 1", "--from", span["--from"], "--to", span["--to"], "--db", store)
    assert status == 2 and out == "" and err.count("\n") == 1
    assert err == (f"planner: error: {option}: '{when}' occurs twice in Europe/London (the clocks go back that night): give its "
                   f"UTC offset, {when}+01:00 for the first or {when}+00:00 for the second\n")
    status, out, _ = run(capsys, "department", "show", "--json", "--db", store)
    assert [d["start"][:10] for d in json.loads(out)["downtime"]] == ["2030-03-05"]  # nothing recorded


def test_the_utc_offset_picks_which_of_the_two_instants_is_meant(capsys, store: str):
    status, _, err = run(capsys, "machine-down", "Linac 1", "--from", "2030-10-27T01:30+00:00", "--to", "2030-10-27T03:00",
                         "--reason", "service", "--db", store)
    assert status == 0 and err == ""
    status, out, _ = run(capsys, "department", "show", "--json", "--db", store)
    recorded = [d for d in json.loads(out)["downtime"] if d["reason"] == "service"]
    assert [(d["start"], d["end"]) for d in recorded] == [("2030-10-27T01:30+00:00", "2030-10-27T03:00+00:00")]


def test_machine_down_at_a_skipped_time_is_refused(capsys, store: str):
    status, _, err = run(capsys, "machine-down", "Linac 1", "--from", "2030-03-31T01:30", "--to", "2030-03-31T04:00", "--db", store)
    assert status == 2 and err == ("planner: error: --from: '2030-03-31T01:30' does not exist in Europe/London "
                                   "(the clocks skip it)\n")


def test_a_department_file_downtime_at_a_repeated_time_is_refused_and_its_offset_taken(capsys, tmp_path: Path):
    text = DEPARTMENT_FILE.read_text(encoding="utf-8").replace('start = "2030-03-05T08:00"', 'start = "2030-10-27T01:15"') \
        .replace('end = "2030-03-05T10:00"', 'end = "2030-10-27T04:00"')
    ambiguous = tmp_path / "department.toml"
    ambiguous.write_text(text, encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'department.db'}"
    status, _, err = run(capsys, "department", "import", str(ambiguous), "--db", url)
    assert status == 2 and err.count("\n") == 1 and "[[downtime]] #1" in err
    assert "'2030-10-27T01:15' occurs twice in Europe/London" in err and "2030-10-27T01:15+00:00 for the second" in err
    assert not (tmp_path / "department.db").exists()
    ambiguous.write_text(text.replace('"2030-10-27T01:15"', '"2030-10-27T01:15+00:00"'), encoding="utf-8")
    assert run(capsys, "department", "import", str(ambiguous), "--db", url)[0] == 0
    status, out, _ = run(capsys, "department", "export", "--db", url)
    assert 'start = "2030-10-27T01:15+00:00"' in out  # written back with the offset: the file reads as it was meant


@pytest.mark.parametrize(("options", "option", "reason"), [
    (["--simulation", "2030-10-27T01:30", "--start", "2030-10-28"], "--simulation",
     "'2030-10-27T01:30' occurs twice in Europe/London (the clocks go back that night: 2030-10-27T01:30+01:00 and "
     "2030-10-27T01:30+00:00); give a time the clocks show once that day"),
    (["--simulation", "2030-03-31T01:30", "--start", "2030-04-01"], "--simulation",
     "'2030-03-31T01:30' does not exist in Europe/London (the clocks skip it)"),
    (["--move", "3=2030-10-27T01:05"], "--move", "'2030-10-27T01:05' occurs twice in Europe/London"),
    (["--move", "3=2030-03-31T01:05", "--start", "2030-03-25"], "--move", "'2030-03-31T01:05' does not exist in Europe/London"),
], ids=["repeated scan", "skipped scan", "repeated move", "skipped move"])
def test_a_course_time_the_clocks_repeat_or_skip_is_refused_by_every_command(capsys, tmp_path: Path, options: list[str],
                                                                               option: str, reason: str):
    new_store = tmp_path / "department.db"
    for command in (["plan"], ["export", "-o", str(tmp_path / "course.ics")],
                    ["course", "save", "--patient", "Ann Smith", "--patient-id", "H1", "--db", f"sqlite:///{new_store}"]):
        status, out, err = run(capsys, *command, *COURSE, *options)
        assert status == 2 and out == "" and err.count("\n") == 1, (command, err)
        assert err.startswith(f"planner: error: {option}: {reason}"), (command, err)
    assert not (tmp_path / "course.ics").exists() and not new_store.exists()


def test_a_daily_time_the_clocks_repeat_says_which_instant_the_appointment_is_at(capsys, tmp_path: Path):
    status, out, err = run(capsys, "plan", *COURSE, "--time", "01:30", "--json")
    assert status == 0 and err == ""
    data = json.loads(out)
    sunday = [a for a in data["appointments"] if a["start"].startswith("2030-10-27")]
    assert [a["start"] for a in sunday] == ["2030-10-27T01:30+01:00"]
    assert data["warnings"] == ["01:30 occurs twice on Sun 27 Oct 2030 (the clocks go back); the fraction is at the first 01:30 "
                                "(UTC+01:00)"]
    status, out, err = run(capsys, "export", *COURSE, "--time", "01:30", "--phone", "+44 20 7946 0000",
                           "-o", str(tmp_path / "course.ics"))
    assert status == 0 and out.startswith("Wrote ")
    assert err == "planner: warning: 01:30 occurs twice on Sun 27 Oct 2030 (the clocks go back); the fraction is at the first 01:30 (UTC+01:00)\n"

