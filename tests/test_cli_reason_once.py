"""A second --reason on one command line is refused rather than silently given to every adjustment."""

from __future__ import annotations

import json

from planner.cli import main


def test_two_reasons_on_one_line_are_refused_and_nothing_is_saved(capsys, tmp_path):
    course = tmp_path / "c.json"
    assert main(["plan", "--site", "head-neck", "--preset", "35-daily", "--start", "2026-11-30", "--tz", "Europe/London",
                 "--save", str(course)]) == 0
    before = course.read_bytes()
    capsys.readouterr()
    assert main(["plan", "--course", str(course), "--missed", "10", "--reason", "machine fault",
                 "--missed", "20=weekend", "--reason", "patient unwell", "--save", str(course)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and err.startswith("planner: error: --reason: given twice"), err
    assert course.read_bytes() == before


def test_one_reason_per_command_keeps_each_adjustments_own_reason(capsys, tmp_path):
    course = tmp_path / "c.json"
    assert main(["plan", "--site", "head-neck", "--preset", "35-daily", "--start", "2026-11-30", "--tz", "Europe/London",
                 "--save", str(course)]) == 0
    assert main(["plan", "--course", str(course), "--missed", "10", "--reason", "machine fault", "--save", str(course)]) == 0
    assert main(["plan", "--course", str(course), "--missed", "20=weekend", "--reason", "patient unwell", "--save", str(course)]) == 0
    missed = json.loads(course.read_text())["adjustments"]["missed"]
    assert [m["reason"] for m in missed] == ["machine fault", "patient unwell"]
