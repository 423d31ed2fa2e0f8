"""A command whose reader goes while it prints (`| head`) ends quietly, without a traceback."""

from __future__ import annotations

import fcntl
import io
import json
import os
import subprocess
import sys
from pathlib import Path

from icalendar import Calendar

from planner.cli import main

ROOT = Path(__file__).resolve().parent.parent
# The command line as `python -m planner` runs it, waiting on a pipe's reader that takes nothing for an hour rather than
# a few seconds: a reader that closes its end early is then told from one that reads late whatever the machine's load.
PATIENT_PLANNER = [sys.executable, "-c", "import sys; from planner import cli; cli.READER_PATIENCE_SECONDS = 3600.0; "
                   "sys.exit(cli.entry())"]


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
    export = [*PATIENT_PLANNER, "export", "--db", db, "--course-id", course_id, "--phone", "+1 212 555 0100"]
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


def _stored_course(tmp_path, capsys) -> tuple[str, str]:
    db = department_db(tmp_path, capsys)
    assert main(["course", "save", "--db", db, "--site", "prostate", "--preset", "20-daily", "--start", "2026-12-14",
                 "--patient", "Ann Smith", "--patient-id", "H100", "--json"]) == 0
    return db, json.loads(capsys.readouterr().out)["course_id"]


def _ended(child: subprocess.Popen) -> int:
    """The child's exit status; a child still running after two minutes is a hang (killed, and the test fails)."""
    try:
        return child.wait(timeout=120)
    except subprocess.TimeoutExpired:
        child.kill()
        child.communicate()  # its pipes read to their end and closed
        raise AssertionError("the command waited for its reader, which reads only once it has ended") from None


def test_a_parent_that_reads_only_once_the_export_has_ended_gets_it_whole_and_recorded(tmp_path, capsys):
    # `Popen([... "export", ..., "-o", "-"], stdout=PIPE); p.wait(); p.stdout.read()` hung for ever: the export waited
    # for its reader to take the calendar, and the reader waited for the export to end.
    db, course_id = _stored_course(tmp_path, capsys)
    export = [sys.executable, "-m", "planner", "export", "--db", db, "--course-id", course_id, "--phone", "+1 212 555 0100"]
    child = subprocess.Popen([*export, "-o", "-"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
    assert child.stdout is not None and child.stderr is not None
    status = _ended(child)
    calendar, err = child.stdout.read(), child.stderr.read().decode()
    child.stdout.close()
    child.stderr.close()
    assert status == 0, err
    assert calendar.startswith(b"BEGIN:VCALENDAR") and calendar.endswith(b"END:VCALENDAR\r\n")
    assert Calendar.from_ical(calendar).walk("VEVENT")
    note = [line for line in err.splitlines() if line.startswith("planner: note: --output: standard output's reader")]
    assert len(note) == 1 and "the store records it as the patient's calendar" in note[0], err
    assert err.splitlines()[-1] == "Wrote 20 appointments to standard output"
    # recorded as given: the next export is an update of it
    assert main(["course", "save", "--db", db, "--course-id", course_id, "--time", "10:30"]) == 0
    assert main([*export[3:], "-o", str(tmp_path / "update.ics")]) == 0
    capsys.readouterr()
    events = Calendar.from_ical((tmp_path / "update.ics").read_bytes()).walk("VEVENT")
    assert any(event["SEQUENCE"] == 1 for event in events)


def test_a_fifo_read_only_once_the_export_has_ended(tmp_path):
    # `planner export ... -o - 1<>fifo`, read from the fifo afterwards: the command holds a reading end itself, so
    # no reader ever leaves; it waited for the bytes to be taken for ever.
    fifo = tmp_path / "calendar.fifo"
    os.mkfifo(fifo)
    held = os.open(fifo, os.O_RDWR)
    try:
        child = subprocess.Popen([sys.executable, "-m", "planner", "export", "--site", "prostate", "--preset", "20-daily",
                                  "--start", "2026-12-14", "--phone", "+1 212 555 0100", "-o", "-"],
                                 stdout=held, stderr=subprocess.PIPE, cwd=ROOT)
        assert child.stderr is not None
        status = _ended(child)
        err = child.stderr.read().decode()
        child.stderr.close()
        os.set_blocking(held, False)
        calendar = b""
        while not calendar.endswith(b"END:VCALENDAR\r\n"):
            calendar += os.read(held, 65536)
    finally:
        os.close(held)
    assert status == 0, err
    assert calendar.startswith(b"BEGIN:VCALENDAR")
    assert err.startswith("planner: note: --output: standard output's reader took nothing more of the file for ")
    assert "records" not in err  # no store: nothing recorded, nothing said of it


def test_a_calendar_larger_than_the_pipe_for_a_parent_that_reads_only_once_the_export_has_ended(tmp_path, capsys):
    # A calendar larger than the pipe held: the write itself waited for the reader, which waited for the export to end.
    # The pipe is made to hold it, so it is written whole at once, and the export ends as for a small one.
    db, course_id = _stored_course(tmp_path, capsys)
    export = [sys.executable, "-m", "planner", "export", "--db", db, "--course-id", course_id, "--phone", "+1 212 555 0100"]
    reading, writing = os.pipe()
    try:
        fcntl.fcntl(writing, fcntl.F_SETPIPE_SZ, 4096)  # the smallest pipe: the calendar is some 25 kB
        child = subprocess.Popen([*export, "-o", "-"], stdout=writing, stderr=subprocess.PIPE, cwd=ROOT)
        os.close(writing)
        writing = -1
        assert child.stderr is not None
        status = _ended(child)
        err = child.stderr.read().decode()
        child.stderr.close()
        given = b""
        while chunk := os.read(reading, 65536):
            given += chunk
    finally:
        os.close(reading)
        if writing >= 0:
            os.close(writing)
    assert status == 0, err
    assert len(given) > 4096 and given.startswith(b"BEGIN:VCALENDAR") and given.endswith(b"END:VCALENDAR\r\n")
    assert "standard output's reader took nothing more of the file for " in err
    assert main(["course", "save", "--db", db, "--course-id", course_id, "--time", "10:30"]) == 0
    assert main([*export[3:], "-o", str(tmp_path / "update.ics")]) == 0
    capsys.readouterr()
    events = Calendar.from_ical((tmp_path / "update.ics").read_bytes()).walk("VEVENT")
    assert any(event["SEQUENCE"] == 1 for event in events)  # recorded as given: an update of it
