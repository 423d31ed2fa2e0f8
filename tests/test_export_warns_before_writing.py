"""`export` says its warnings (a discreet calendar's preparation reminders left out, the schedule's own, no clinic phone)
before it writes the calendar, as the window's export dialog and every command that writes calendar updates say them:
the coordinator reads them before the file is there to give, and on standard output (`-o -`, stderr joined to it) they
come before the calendar, not after it. Before, `export` wrote the file first and warned after. A refusal of the file
named (a folder) is still the one line on stderr, with no warning before it."""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
from pathlib import Path

import planner.store.files
from planner.cli import main

from .test_discreet_reminders_left_out_said import COURSE, WARNING, catalogue_file  # noqa: F401 - the fixture

LEFT_OUT = WARNING.format(what="calendar", where="export")
FAR = ["--site", "prostate", "--preset", "20-daily", "--tz", "UTC", "--start", "2199-06-03", "--holidays", "US",
       "--patient", "Ann Smith"]  # no holidays known that far ahead, no phone: two warnings of their own


def said_before_writing(monkeypatch) -> tuple[io.StringIO, list[str]]:  # noqa: ANN001 - pytest's fixture
    """Standard error to give the command, and what it held each time a file was written."""
    err = io.StringIO()
    said_before: list[str] = []
    write = planner.store.files.write_private

    def noting(path: Path, data: bytes) -> None:
        said_before.append(err.getvalue())
        write(path, data)

    monkeypatch.setattr(planner.store.files, "write_private", noting)
    return err, said_before


def test_a_discreet_export_warns_before_the_file_is_written(tmp_path, monkeypatch, catalogue_file):  # noqa: F811
    err, said_before = said_before_writing(monkeypatch)
    out = tmp_path / "discreet.ics"
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
        assert main(["export", *COURSE, "--catalogue", str(catalogue_file), "--discreet", "-o", str(out)]) == 0
    assert said_before == [LEFT_OUT]
    assert err.getvalue() == LEFT_OUT  # said once
    assert out.exists()


def test_every_warning_comes_before_the_calendar_on_standard_output(tmp_path, catalogue_file):  # noqa: F811
    done = subprocess.run([sys.executable, "-m", "planner", "export", *FAR, "--catalogue", str(catalogue_file), "--discreet",
                           "-o", "-"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=120, check=False,
                          env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])})
    assert done.returncode == 0, done.stdout
    before, calendar, _ = done.stdout.partition("BEGIN:VCALENDAR")
    assert calendar
    warnings = before.splitlines()
    assert len(warnings) == 3 and all(line.startswith("planner: warning: ") for line in warnings), before
    assert "No public holidays of United States are known for 2199" in warnings[0]
    assert "leaves out 1 preparation reminder" in warnings[1]
    assert "names no clinic phone number" in warnings[2]
    assert "planner: warning" not in done.stdout.partition("END:VCALENDAR")[2]


def test_a_refused_file_name_is_still_the_one_line(tmp_path, catalogue_file):  # noqa: F811
    err = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
        assert main(["export", *FAR, "--catalogue", str(catalogue_file), "--discreet", "-o", str(tmp_path)]) == 2
    assert err.getvalue() == f"planner: error: --output: {tmp_path} is a folder; give a file name\n"


def test_a_discreet_print_warns_before_the_pdf_is_written_and_a_refused_name_is_still_the_one_line(tmp_path, monkeypatch, qapp,
                                                                                                  catalogue_file):  # noqa: F811
    err, said_before = said_before_writing(monkeypatch)
    out = tmp_path / "discreet.pdf"
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
        assert main(["print", *COURSE, "--catalogue", str(catalogue_file), "--discreet", "--layout", "sheet", "-o", str(out)]) == 0
    left_out = WARNING.format(what="print", where="print")
    assert said_before == [left_out]  # `print` said it after the PDF was written
    assert err.getvalue() == left_out and out.exists()
    refused = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(refused):
        assert main(["print", *COURSE, "--catalogue", str(catalogue_file), "--discreet", "-o", str(tmp_path)]) == 2
    assert refused.getvalue() == f"planner: error: --output: {tmp_path} is a folder; give a file name\n"
