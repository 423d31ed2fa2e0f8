"""A discreet export or print from the command line says, as the window's export dialog does, when the
course's typed location still holds a word of the clinic's name ("Riverside wing"): the file writes the
location as typed, and the coordinator would otherwise not know the diagnosis shows on a lock screen."""

from __future__ import annotations

import json

import pytest

from planner.cli import main
from planner.store.settings import settings_path

COURSE = ["--site", "prostate", "--preset", "20-daily", "--start", "2026-11-23", "--tz", "America/New_York",
          "--patient", "Jane Doe", "--patient-id", "H200"]


@pytest.fixture(autouse=True)
def clinic():
    settings_path().parent.mkdir(parents=True, exist_ok=True)
    settings_path().write_text(json.dumps({"clinic_name": "Riverside Cancer Centre", "clinic_phone": "+1 212 555 0100",
                                           "clinic_address": "1 River Road"}), encoding="utf-8")


def run(capsys, *argv: str) -> str:
    assert main(list(argv)) == 0
    return capsys.readouterr().err


@pytest.mark.parametrize(("command", "what"), [("export", "calendar"), ("print", "print")])
def test_a_discreet_file_with_a_clinic_word_in_the_location_is_noted(capsys, tmp_path, command, what):
    out = tmp_path / ("x.ics" if command == "export" else "x.pdf")
    err = run(capsys, command, *COURSE, "--location", "Riverside wing, Level 2", "--discreet", "-o", str(out))
    assert err == (f"planner: note: the course's location still says 'Riverside', from the clinic's name: a discreet {what} "
                   "writes the location as typed (change it with --location)\n")
    assert out.exists()


@pytest.mark.parametrize("command", ["export", "print"])
def test_no_note_when_not_discreet_or_when_the_location_names_no_clinic_word(capsys, tmp_path, command):
    out = tmp_path / ("x.ics" if command == "export" else "x.pdf")
    assert run(capsys, command, *COURSE, "--location", "Cancer wing", "-o", str(out)) == ""
    assert run(capsys, command, *COURSE, "--location", "Level 2, 1 River Road", "--discreet", "-o", str(out)) == ""
    assert run(capsys, command, *COURSE, "--location", "Riverside Cancer Centre, Level 2", "--discreet", "-o", str(out)) == ""
