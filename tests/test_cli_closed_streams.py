"""A command started without one of its standard streams (`2>&-`, `>&-`, `<&-` in a script or a cron line): its
warnings never land in the calendar it writes to standard output, and without standard output it does nothing
rather than change the store and lose its answer."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]  # this checkout's planner, whatever the folder the command runs in
EXPORT = ["export", "--site", "lung", "--preset", "30-daily", "--start", "2026-11-02", "--time", "08:30",
          "--tz", "Europe/London", "--closed", "2026-11-04", "--patient", "Ann Smith", "-o", "-"]
SAVE = ["course", "save", "--site", "prostate", "--preset", "20-daily", "--start", "2030-04-01",
        "--patient", "Ann Smith", "--patient-id", "H1", "--tz", "Europe/London"]


def planner(tmp_path: Path, argv: list[str], closing: str) -> subprocess.CompletedProcess[bytes]:
    """`python -m planner ARGV` run by a shell that closes a stream first (`closing`: '2>&-', '>&-' or '<&-')."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path / "config"),
           "XDG_DATA_HOME": str(tmp_path / "data"), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    env.pop("IGRT_PLANNER_DB", None)
    return subprocess.run(["sh", "-c", f'exec "$0" -m planner "$@" {closing}', sys.executable, *argv],
                          capture_output=True, timeout=120, cwd=tmp_path, env=env)


def test_without_standard_error_the_warnings_stay_out_of_the_calendar_written_to_standard_output(tmp_path):
    done = planner(tmp_path, EXPORT, "2>&-")
    assert done.returncode == 0
    assert done.stdout.startswith(b"BEGIN:VCALENDAR\r\n"), done.stdout[:200]
    assert b"planner:" not in done.stdout and b"Wrote" not in done.stdout


def test_without_standard_output_nothing_is_done_and_one_line_says_why(tmp_path):
    store = tmp_path / "department.db"
    done = planner(tmp_path, [*SAVE, "--db", f"sqlite:///{store}"], ">&-")
    err = done.stderr.decode()
    assert done.returncode == 2, err
    assert err.count("\n") == 1 and err.startswith("planner: error: standard output: it is closed"), err
    assert "Traceback" not in err and "internal error" not in err
    assert not store.exists()


def test_without_standard_input_a_command_runs_as_usual(tmp_path):
    done = planner(tmp_path, EXPORT, "<&-")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(b"BEGIN:VCALENDAR\r\n")
