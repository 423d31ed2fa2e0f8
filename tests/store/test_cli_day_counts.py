"""`--days N` of agenda (1-31), closure and reopen (1-31) and reoptimise: every refusal is one line naming the
limit, whatever was typed (0, 32, -1, a word, nothing, a number too long to read), and the help says the limit."""

from __future__ import annotations

from pathlib import Path

import pytest

from planner.cli import build_parser

from .booking_scenario import stock
from .command_line import run


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return stock(f"sqlite:///{tmp_path / 'department.db'}")


@pytest.mark.parametrize(("value", "reason"), [
    ("0", "must be from 1 to 31 (got 0)"),
    ("32", "must be from 1 to 31 (got 32)"),
    ("-1", "must be from 1 to 31 (got -1)"),
    ("x", "'x' is not a number of days (1 to 31)"),
    ("", "'' is not a number of days (1 to 31)"),
    ("9" * 30, "'" + "9" * 30 + "' is far too large a number (1 to 31)"),
])
def test_agenda_days_out_of_its_limit_is_one_line_naming_it(capsys, sqlite_url, value, reason):
    status, out, err = run(capsys, "agenda", "--db", sqlite_url, "--date", "2030-03-25", "--days", value)
    assert (status, out) == (2, "")
    assert err == f"planner: error: --days: {reason}\n"


@pytest.mark.parametrize(("argv", "reason"), [
    (["closure", "--date", "2030-04-01", "--reason", "snow", "--days", "x"], "'x' is not a number of days (1 to 31)"),
    (["closure", "--date", "2030-04-01", "--reason", "snow", "--days", ""], "'' is not a number of days (1 to 31)"),  # was 1 day
    (["reopen", "--date", "2030-04-01", "--days", "many"], "'many' is not a number of days (1 to 31)"),
    (["reoptimise", "--dry-run", "--days", "x"], "'x' is not a number of working days (1 to "),
])
def test_the_other_day_counts_name_their_limit_too(capsys, sqlite_url, argv, reason):
    status, out, err = run(capsys, *argv[:1], "--db", sqlite_url, *argv[1:])
    assert (status, out) == (2, "")
    assert err.startswith(f"planner: error: --days: {reason}") and err.count("\n") == 1


def test_agenda_help_says_the_limit():
    agenda = build_parser()._subparsers._group_actions[0].choices["agenda"]  # type: ignore[union-attr]
    days = next(action for action in agenda._actions if "--days" in action.option_strings)
    assert "1-31" in (days.help or "")
