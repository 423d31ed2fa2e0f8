"""A shortened option is refused, never guessed: argparse would take `--machin` for `--machine`, so a
typo (or an option of another command half-remembered) would quietly become another option."""

from __future__ import annotations

import json

import pytest

from planner.cli import main


@pytest.mark.parametrize(("argv", "shortened"), [
    (["plan", "--site", "prostate", "--fract", "5"], "--fract 5"),
    (["book", "--course-id", "C1", "--machin", "Linac 1"], "--machin Linac 1"),
    (["agenda", "--date", "2026-12-07", "--disc"], "--disc"),
    (["course", "list", "--sea", "smi"], "--sea smi"),
    (["department", "show", "--js"], "--js"),
    (["machine-down", "Linac 1", "--from", "2026-12-07T08:00", "--to", "2026-12-07T09:00", "--reas", "fault"], "--reas fault"),
])
def test_a_shortened_option_is_refused_in_one_line(capsys, argv, shortened):
    assert main(argv) == 2
    out, err = capsys.readouterr()
    assert out == "" and err == f"planner: error: unrecognized arguments: {shortened}\n"


def test_a_shortened_db_option_creates_no_database(capsys, tmp_path):
    target = tmp_path / "new.db"
    assert main(["db", "upgrade", "--d", f"sqlite:///{target}"]) == 2
    assert capsys.readouterr().err == f"planner: error: unrecognized arguments: --d sqlite:///{target}\n"
    assert not target.exists()


def test_the_whole_option_name_still_works(capsys):
    assert main(["plan", "--site", "prostate", "--fractions", "5", "--start", "2026-12-07", "--tz", "Europe/London",
                 "--holidays", "none", "--json"]) == 0
    assert len([a for a in json.loads(capsys.readouterr().out)["appointments"] if a["kind"] == "fraction"]) == 5
