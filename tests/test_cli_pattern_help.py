"""`--pattern`'s help names every pattern the option takes: it left out twice-daily, which `plan --pattern twice-daily`
takes (with --second-time), so a scripter reading the help did not know it."""

from __future__ import annotations

import pytest

from planner.cli import main
from planner.core.kinds import Pattern


def test_the_pattern_help_names_every_pattern(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "300")  # no word broken at a hyphen to wrap the line
    with pytest.raises(SystemExit):
        main(["plan", "--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    line = help_text[help_text.index("--pattern PATTERN "):][:200]
    for pattern in Pattern:
        assert pattern.value in line, (pattern, line)
