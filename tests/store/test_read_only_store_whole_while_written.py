"""A store read through a read-only folder, with no writer at it when the reading began, reads the store as it stood
then throughout a reading, even when a user who may write it saves meanwhile. It was opened `immutable`: SQLite then
takes no lock and never looks for changes, so a save (its write-ahead log copied into the file as its writer closes)
landing in the middle of a reading gave that reading part of the old store and part of the new."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from planner.core.spec import CourseSpec
from planner.store.db import Store

from .booking_scenario import stock
from .test_cli_read_only_store import unprivileged

# Opens the store (read-only: its folder may not be written) and, in one reading, counts its courses, waits for a
# line, then counts the courses' "created" entries of the trail: one reading of one store, so the two agree.
_READER = """
import sys
from sqlalchemy import text
from planner.store.db import Access, Store
store = Store.open(sys.argv[1], upgrade=False, access=Access.READ)
with store.engine.connect() as conn, conn.begin():
    courses = conn.execute(text("SELECT count(*) FROM courses")).scalar_one()
    print(store.read_only, courses, flush=True)
    sys.stdin.readline()
    created = conn.execute(text("SELECT count(*) FROM audit WHERE field = '(created)'")).scalar_one()
    print(created, flush=True)
with store.engine.connect() as conn, conn.begin():  # the next reading sees the save
    print(conn.execute(text("SELECT count(*) FROM courses")).scalar_one(), flush=True)
try:  # a write through it is refused (as on the file), never made to a copy and lost
    with store.engine.connect() as conn, conn.begin():
        conn.execute(text("DELETE FROM audit"))
    print("written", flush=True)
except Exception as exc:
    print("refused" if "readonly" in str(exc) else repr(exc), flush=True)
"""


def test_a_save_meanwhile_does_not_tear_a_reading_through_a_read_only_folder(tmp_path: Path):
    folder = tmp_path / "store"
    folder.mkdir()
    url = stock(f"sqlite:///{folder / 'department.db'}")
    assert not (folder / "department.db-wal").exists()  # no writer at it: the reader cannot use the write-ahead log
    folder.chmod(0o555)
    try:
        reader = subprocess.Popen([*unprivileged(), sys.executable, "-c", _READER, url], stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        assert reader.stdin is not None and reader.stdout is not None
        read_only, courses = reader.stdout.readline().split()
        assert read_only == "True", reader.communicate(timeout=60)
        with Store.open(url) as store:  # the writer (root, or the user whose folder it is) adds a course, and goes
            for number in range(40):  # enough to fill new pages of both tables
                store.save_course(CourseSpec(course_id=f"course-new-{number}", patient_name="Ada Nwosu", patient_id="H0099"))
        assert not (folder / "department.db-wal").exists()  # copied into the file as the writer closed
        out, err = reader.communicate("\n", timeout=120)
        assert reader.returncode == 0, err
        created, after, write = out.split()
        assert write == "refused"
        assert int(created) == int(courses), "one reading saw part of the store before the save and part after it"
        assert int(after) == int(courses) + 40
    finally:
        folder.chmod(0o700)
