"""`move` and `book --make-ups` say the same of the patient's calendar they changed, and what they say to run works.
Before, `move` said "give them the update (calendar-updates --write-updates DIR)", which writes every patient's update
owed, and `book --make-ups` "export the course again (export --course-id ID)", which `export` refuses (no --output)."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest

from .command_line import run
from .test_missed_releases_machine_time import COURSE, booked

SAID = (f"The patient's calendar changed: give them the update: `export --course-id {COURSE} --output FILE.ics` writes it "
        "(`calendar-updates --write-updates DIR` writes every update owed{also}).")


@pytest.fixture
def url(store_url: str, capsys) -> str:
    return booked(capsys, store_url)


def _export_as_said(capsys, url: str, said: str, file: Path) -> None:
    """Run the export the line names, FILE.ics being `file`."""
    command = shlex.split(said.split("`")[1].replace("FILE.ics", str(file)))
    assert command[0] == "export"
    status, _, err = run(capsys, *command, "--db", url)
    assert status == 0, err


def test_move_and_book_make_ups_say_the_same_and_the_export_they_name_gives_the_update(capsys, url: str, tmp_path: Path):
    assert run(capsys, "export", "--course-id", COURSE, "--output", str(tmp_path / "given.ics"), "--db", url)[0] == 0
    status, out, err = run(capsys, "move", "--course-id", COURSE, "--session", "5", "--to", "2030-03-29T13:00", "--db", url)
    assert status == 0, err
    said = out.splitlines()[-1]
    assert said == SAID.format(also="; `move --write-updates DIR` writes it with the move")
    _export_as_said(capsys, url, said, tmp_path / "moved.ics")
    assert "DTSTART;TZID=Europe/London:20300329T130000" in (tmp_path / "moved.ics").read_text(encoding="utf-8")
    assert run(capsys, "calendar-updates", "--db", url)[1] == "No patient is owed a calendar update.\n"

    assert run(capsys, "course", "save", "--course-id", COURSE, "--missed", "6", "--db", url)[0] == 0
    status, out, err = run(capsys, "book", "--course-id", COURSE, "--make-ups", "--db", url)
    assert status == 0, err
    said = out.splitlines()[-1]
    assert said == SAID.format(also="")
    _export_as_said(capsys, url, said, tmp_path / "made-up.ics")
    assert run(capsys, "calendar-updates", "--db", url)[1] == "No patient is owed a calendar update.\n"
