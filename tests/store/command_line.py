"""The command line run in the test's own process (`planner.cli.main`): its exit status and what
it wrote to stdout and stderr."""

from __future__ import annotations

from typing import Any

from planner.cli import main


def run(capsys: Any, *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err
