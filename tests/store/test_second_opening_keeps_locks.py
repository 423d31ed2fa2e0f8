"""Opening the store a second time in the same process (the Bookings window beside the main window's Patients list)
keeps SQLite's locks of the first opening. The second opening used to read the file's first bytes with Python's own
open() and close(): on Linux and macOS closing any handle on a file drops every lock the process holds on it, SQLite's
too, so the next program to close the store (a `planner export` or `book` from the command line, another coordinator's
planner) took itself for the last one, folded the write-ahead log into the file and deleted it beside the open window.
The window's next write then failed with 'database disk image is malformed' (a machine down refused, then wrongly said
done with nothing to move), where SQLite's locks are there to prevent just that."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from planner.store.db import Store

from .booking_scenario import course_spec, stock

OTHER_PROGRAM = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1])
conn.execute("PRAGMA journal_mode=WAL")
conn.execute("CREATE TABLE IF NOT EXISTS other_program (x)")
conn.execute("INSERT INTO other_program VALUES (1)")
conn.commit()
conn.close()
"""


def test_a_second_opening_leaves_the_first_ones_log_in_place_for_another_program(tmp_path):
    path = tmp_path / "department.db"
    url = stock(f"sqlite:///{path}")
    with Store.open(url) as window:
        window.list_courses()  # the main window's connection, kept open
        with Store.open(url) as bookings:  # the Bookings window opens the store too
            bookings.list_courses()
        finished = subprocess.run([sys.executable, "-c", OTHER_PROGRAM, str(path)], capture_output=True, text=True)
        assert finished.returncode == 0, finished.stderr
        assert Path(f"{path}-wal").exists() and Path(f"{path}-shm").exists()  # the open window's log left to it
        window.save_course(course_spec("course-later", "Ida Later", "H0099", "prostate", "20-daily", None))
        assert "course-later" in {course.course_id for course in window.list_courses()}


def test_reading_the_file_for_a_read_only_opening_keeps_the_locks_too(tmp_path):
    """A read-only opening looks at the file's header, and copies the whole file when no writer is at it: read through
    a descriptor kept open, so a store open in this process keeps its locks, and its log, as above."""
    from planner.store.db.store import _in_wal_mode, _quiet_copy

    path = tmp_path / "department.db"
    url = stock(f"sqlite:///{path}")
    with Store.open(url) as window:
        window.list_courses()
        assert _in_wal_mode(path) and _in_wal_mode(path)
        assert _quiet_copy(path, tmp_path / "no-log-here", {})[:16] == b"SQLite format 3\x00"
        finished = subprocess.run([sys.executable, "-c", OTHER_PROGRAM, str(path)], capture_output=True, text=True)
        assert finished.returncode == 0, finished.stderr
        assert Path(f"{path}-wal").exists() and Path(f"{path}-shm").exists()
        window.save_course(course_spec("course-later", "Ida Later", "H0099", "prostate", "20-daily", None))
        assert "course-later" in {course.course_id for course in window.list_courses()}


def test_a_pipe_in_the_stores_place_is_not_waited_on(tmp_path):
    """The read through a kept descriptor refuses what is not a regular file (a pipe would wait for a writer, then
    never end), and the read-only opening's header check takes it for no write-ahead-log store (the opening says why)."""
    import os

    import pytest

    from planner.store.db.store import _in_wal_mode, _read_kept_open

    pipe = tmp_path / "department.db"
    os.mkfifo(pipe)
    with pytest.raises(OSError, match="not a regular file"):
        _read_kept_open(pipe, 20)
    assert _in_wal_mode(pipe) is False
