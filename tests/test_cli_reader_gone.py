"""A command whose reader goes while it prints (`| head`) ends quietly, without a traceback."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

from icalendar import Calendar

from planner.cli import main

ROOT = Path(__file__).resolve().parent.parent


class _GoneReader(io.TextIOBase):
    """stdout after `head` has exited: every write fails."""

    def write(self, text: str) -> int:
        raise BrokenPipeError(32, "Broken pipe")


def department_db(tmp_path, capsys) -> str:
    """A store holding a department and nothing else, made through the command line."""
    department = tmp_path / "d.toml"
    department.write_text('[department]\nname = "Riverside"\ntimezone = "America/New_York"\n', encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'p.db'}"
    assert main(["department", "import", str(department), "--db", db]) == 0
    capsys.readouterr()
    return db


def test_a_store_command_printing_json_to_a_closed_pipe(tmp_path, monkeypatch, capsys):
    # `book --json | head -c 400` printed a BrokenPipeError traceback after booking.
    db = department_db(tmp_path, capsys)
    monkeypatch.setattr(sys, "stdout", _GoneReader())
    assert main(["department", "show", "--json", "--db", db]) == 0
    assert capsys.readouterr().err == ""


def test_a_calendar_its_reader_did_not_read_whole_is_not_recorded_as_given(tmp_path, capsys):
    # `export --course-id ID -o - | head -c 10` fitted in the pipe's buffer, so its write succeeded with head gone, and
    # the store recorded the calendar as the patient's: the next update carried a raised SEQUENCE for events never given.
    db = department_db(tmp_path, capsys)
    assert main(["course", "save", "--db", db, "--site", "prostate", "--preset", "20-daily", "--start", "2026-12-14",
                 "--patient", "Ann Smith", "--patient-id", "H100", "--json"]) == 0
    course_id = json.loads(capsys.readouterr().out)["course_id"]
    export = [sys.executable, "-m", "planner", "export", "--db", db, "--course-id", course_id, "--phone", "+1 212 555 0100"]
    child = subprocess.Popen([*export, "-o", "-"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
    assert child.stdout is not None and child.stderr is not None
    assert child.stdout.read(10) == b"BEGIN:VCAL"
    child.stdout.close()  # as `head -c 10` does once it has its ten bytes
    err = child.stderr.read().decode()
    child.stderr.close()
    assert child.wait(timeout=120) == 2
    assert err.startswith("planner: error: --output: standard output was closed before the file was read whole (")
    assert err.endswith(" bytes unread), so it counts as not written\n") and err.count("\n") == 1
    assert main(["course", "save", "--db", db, "--course-id", course_id, "--time", "10:30"]) == 0
    assert main([*export[3:], "-o", str(tmp_path / "first.ics")]) == 0
    capsys.readouterr()
    events = Calendar.from_ical((tmp_path / "first.ics").read_bytes()).walk("VEVENT")
    assert events and all(event["SEQUENCE"] == 0 for event in events)  # the patient's first calendar, not an update


def test_a_calendar_its_reader_read_whole_is_recorded(tmp_path, capsys):
    db = department_db(tmp_path, capsys)
    assert main(["course", "save", "--db", db, "--site", "prostate", "--preset", "20-daily", "--start", "2026-12-14",
                 "--patient", "Ann Smith", "--patient-id", "H100", "--json"]) == 0
    course_id = json.loads(capsys.readouterr().out)["course_id"]
    export = [sys.executable, "-m", "planner", "export", "--db", db, "--course-id", course_id, "--phone", "+1 212 555 0100"]
    given = subprocess.run([*export, "-o", "-"], capture_output=True, cwd=ROOT, timeout=120)
    assert given.returncode == 0 and given.stdout.startswith(b"BEGIN:VCALENDAR")
    assert main(["course", "save", "--db", db, "--course-id", course_id, "--time", "10:30"]) == 0
    assert main([*export[3:], "-o", str(tmp_path / "update.ics")]) == 0
    capsys.readouterr()
    events = Calendar.from_ical((tmp_path / "update.ics").read_bytes()).walk("VEVENT")
    assert any(event["SEQUENCE"] == 1 for event in events)  # an update of the calendar the reader took whole
