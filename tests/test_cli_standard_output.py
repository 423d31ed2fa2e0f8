"""`-o -` writes to standard output, as Unix commands take it (it wrote a file named "-"): the calendar or
PDF alone on stdout, the command's answer on stderr, and a PDF never onto a terminal."""

from __future__ import annotations

import io
import sys

from icalendar import Calendar

from planner.cli import main

from .test_cli_reader_gone import department_db

EXPORT = ["export", "--site", "prostate", "--preset", "20-daily", "--start", "2026-10-26", "--time", "08:30",
          "--tz", "America/New_York", "--holidays", "US-NY", "--patient", "Zoë Ångström",
          "--phone", "+1 212 555 0100"]
PRINT = ["print", "--site", "prostate", "--preset", "20-daily", "--start", "2026-11-23", "--holidays", "US", "--tz", "UTC",
         "--phone", "+1 555 0100", "--patient", "Zoë Ångström"]


class _Stdout(io.TextIOWrapper):
    """Standard output sent on to a pipe (or, with `tty`, a terminal), whose bytes the test reads back."""

    def __init__(self, tty: bool = False) -> None:
        super().__init__(io.BytesIO(), encoding="utf-8")
        self._tty = tty

    def isatty(self) -> bool:
        return self._tty

    def written(self) -> bytes:
        self.flush()
        return self.buffer.getvalue()  # type: ignore[attr-defined]


def piped(monkeypatch, tmp_path, tty: bool = False) -> _Stdout:
    """Standard output replaced in the test's body: capsys sets its own only once the test is called."""
    monkeypatch.chdir(tmp_path)  # where a file named "-" would land
    pipe = _Stdout(tty)
    monkeypatch.setattr(sys, "stdout", pipe)
    return pipe


def test_export_to_standard_output_writes_the_calendar_alone_there(monkeypatch, tmp_path, capsys):
    stdout = piped(monkeypatch, tmp_path)
    assert main([*EXPORT, "-o", "-"]) == 0
    calendar = Calendar.from_ical(stdout.written())
    assert len([event for event in calendar.walk("VEVENT") if "Radiotherapy" in str(event["SUMMARY"])]) == 20
    assert capsys.readouterr().err == "Wrote 20 appointments to standard output\n"
    assert not (tmp_path / "-").exists()


def test_a_pdf_goes_to_standard_output_when_it_is_a_pipe(monkeypatch, tmp_path, capsys, qapp):
    stdout = piped(monkeypatch, tmp_path)
    assert main([*PRINT, "-o", "-"]) == 0
    assert stdout.written().startswith(b"%PDF-")
    assert capsys.readouterr().err == "Wrote standard output\n"
    assert not (tmp_path / "-").exists()


def test_a_pdf_is_refused_onto_a_terminal(capsys, monkeypatch, tmp_path, qapp):
    terminal = piped(monkeypatch, tmp_path, tty=True)
    assert main([*PRINT, "-o", "-"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("planner: error: --output: '-' writes to standard output, which is a terminal here")
    assert err.count("\n") == 1
    assert terminal.written() == b"" and not (tmp_path / "-").exists()


def test_a_reader_gone_before_the_calendar_was_whole_is_an_error(capsys, monkeypatch, tmp_path):
    class Gone(_Stdout):
        def __init__(self) -> None:
            super().__init__()
            self.buffer.write = self._refuse  # type: ignore[method-assign]

        @staticmethod
        def _refuse(data: bytes) -> int:
            raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "stdout", Gone())
    assert main([*EXPORT, "-o", "-"]) == 2
    assert "--output: standard output was closed before the file was written whole" in capsys.readouterr().err


def test_plan_save_to_standard_output_is_refused_as_it_would_mix_with_the_table(monkeypatch, tmp_path, capsys):
    stdout = piped(monkeypatch, tmp_path)
    plan = ["plan", *EXPORT[1:-2], "--save", "-"]
    assert main(plan) == 2
    assert "--save: '-' would write the course file into the table on standard output" in capsys.readouterr().err
    assert stdout.written() == b"" and not (tmp_path / "-").exists()


def test_agenda_refuses_a_pdf_into_its_json_on_standard_output(monkeypatch, tmp_path, capsys):
    db = department_db(tmp_path, capsys)
    stdout = piped(monkeypatch, tmp_path)
    assert main(["agenda", "--date", "2026-11-23", "--pdf", "-", "--json", "--db", db]) == 2
    assert "'-' would write the PDF into the JSON on standard output" in capsys.readouterr().err
    assert stdout.written() == b"" and not (tmp_path / "-").exists()
