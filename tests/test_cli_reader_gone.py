"""A command whose reader goes while it prints (`| head`) ends quietly, without a traceback."""

from __future__ import annotations

import io
import sys

from planner.cli import main


class _GoneReader(io.TextIOBase):
    """stdout after `head` has exited: every write fails."""

    def write(self, text: str) -> int:
        raise BrokenPipeError(32, "Broken pipe")


def department_db(tmp_path, capsys) -> str:
    """A store holding a department and nothing else, made through the command line."""
    department = tmp_path / "d.toml"
    department.write_text('[department]\nname = "Riverside"\ntimezone = "America/New_York"\n', encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'p.db'}"
    assert main(["department", "import", str(department), "--db", db]) == 0
    capsys.readouterr()
    return db


def test_a_store_command_printing_json_to_a_closed_pipe(tmp_path, monkeypatch, capsys):
    # `book --json | head -c 400` printed a BrokenPipeError traceback after booking.
    db = department_db(tmp_path, capsys)
    monkeypatch.setattr(sys, "stdout", _GoneReader())
    assert main(["department", "show", "--json", "--db", db]) == 0
    assert capsys.readouterr().err == ""
