"""A store read through a read-only folder sees what its writer saves after it was opened."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from planner.core.spec import CourseSpec
from planner.store.db import Store

from .booking_scenario import stock
from .test_cli_read_only_store import unprivileged

# Opens the store (read-only: its folder may not be written), says how many courses it holds, and says it again
# after each line it is given.
_READER = """
import sys
from planner.store.db import Access, Store
store = Store.open(sys.argv[1], upgrade=False, access=Access.READ)
print(store.read_only, store.count_courses(), flush=True)
for _ in sys.stdin:
    print(store.count_courses(), flush=True)
"""


def test_a_reader_without_write_access_sees_what_is_saved_after_it_opened_the_store(tmp_path: Path):
    folder = tmp_path / "store"
    folder.mkdir()
    url = stock(f"sqlite:///{folder / 'department.db'}")
    folder.chmod(0o555)
    try:
        reader = subprocess.Popen([*unprivileged(), sys.executable, "-c", _READER, url], stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        assert reader.stdin is not None and reader.stdout is not None
        read_only, before = reader.stdout.readline().split()
        assert read_only == "True"
        with Store.open(url) as store:  # the writer (root, or the user whose folder it is) adds a course, and goes
            store.save_course(CourseSpec(course_id="course-new", patient_name="Ada Nwosu", patient_id="H0099"))
        reader.stdin.write("\n")
        reader.stdin.flush()
        assert int(reader.stdout.readline()) == int(before) + 1, "not the store as it was when the reader opened it"
        with Store.open(url) as store:  # a writer adds one more and keeps the store open (its write-ahead log beside it)
            store.save_course(CourseSpec(course_id="course-newer", patient_name="Ben Osei", patient_id="H0100"))
            assert (folder / "department.db-wal").exists()
            reader.stdin.write("\n")
            reader.stdin.flush()
            assert int(reader.stdout.readline()) == int(before) + 2
        out, err = reader.communicate("", timeout=120)
        assert reader.returncode == 0, err
    finally:
        folder.chmod(0o700)
