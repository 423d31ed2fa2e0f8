"""Help texts that say what the command line does. `--pattern`'s help names every pattern the option takes: it
left out twice-daily, which `plan --pattern twice-daily` takes (with --second-time), so a scripter reading the help
did not know it."""

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


@pytest.mark.parametrize("command", ["book", "agenda", "machine-down", "machine-up", "closure", "reopen", "reoptimise",
                                     "calendar-updates", "unbook", "move", "course"])
def test_every_db_help_names_every_default_the_store_is_chosen_by(capsys, monkeypatch, command):
    """The booking commands' --db said 'default: settings', though IGRT_PLANNER_DB (and then the embedded file)
    chooses their store as it chooses every other command's."""
    monkeypatch.setenv("COLUMNS", "300")
    with pytest.raises(SystemExit):
        main([command, "--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    assert "(default: $IGRT_PLANNER_DB, settings, or the embedded file)" in help_text
