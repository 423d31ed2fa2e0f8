"""A refusal quoting a very long value (a file name thousands of characters long) is still one line of bounded length,
and it keeps its end, the reason: it is cut in the middle. Before, it was cut at its end, so the line named the option
and a run of the file name but not why it was refused ("File name too long")."""

from __future__ import annotations

import pytest

from planner.cli import MAX_MESSAGE_CHARS, main

COURSE = ["--site", "prostate", "--preset", "20-daily", "--start", "2026-12-07", "--tz", "Europe/London", "--patient", "Jo"]


@pytest.mark.parametrize(("argv", "start", "reason"), [
    (["plan", *COURSE, "--save", "{long}.json"], "--save: cannot write ", " (File name too long)"),
    (["export", *COURSE, "-o", "{long}.ics"], "--output: cannot write ", " (File name too long)"),
    (["plan", "--course", "{long}"], "--course: ", ": cannot open (File name too long)"),
    # import's one line per file refused was printed whole (5,051 characters for a 5,000-character name)
    (["import", "{long}", "--db", "sqlite:///{tmp}/department.db"], "", ": cannot read (File name too long)"),
])
def test_a_long_file_name_keeps_the_reason_in_the_one_line(capsys, tmp_path, argv, start, reason):
    long = str(tmp_path / ("x" * 5000))
    assert main([a.replace("{long}", long).replace("{tmp}", str(tmp_path)) for a in argv]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1
    assert err.startswith(f"planner: error: {start}{tmp_path}")
    assert err.endswith(f"{reason}\n")
    assert len(err) < MAX_MESSAGE_CHARS + 100 and "..." in err  # bounded all the same, cut where it says so
