"""A store this user may not change (the file's mode 0400, or its folder read-only): the commands
that only read it work; those that would change it are refused at once with one line naming the
database and the reason, exit status 2, and the file stays as it was.

The commands run in a child process without the powers that let root write any file (so the test
means the same as root as for any other user): `setpriv` drops them from the bounding set."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from planner.core.spec import CourseSpec
from planner.store.course_file import save_course

from .booking_scenario import DEPARTMENT_FILE, place_bookings, stock

# Runs each command line given on stdin (a JSON list of argument lists) and prints their answers as JSON.
_RUNNER = """
import contextlib, io, json, sys
from planner.cli import main
answers = []
for argv in json.load(sys.stdin):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(argv)
    answers.append({"status": status, "out": out.getvalue(), "err": err.getvalue()})
print(json.dumps(answers))
"""
_ROOT_POWERS = "-dac_override,-dac_read_search,-fowner"


def unprivileged() -> list[str]:
    """What a command line starts with to run as this user without root's power to write what its mode forbids."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.fail("running as root, and setpriv (util-linux) is not installed to drop root's file powers")
    return [setpriv, f"--bounding-set={_ROOT_POWERS}"]


def run_unprivileged(*commands: list[str]) -> list[dict[str, object]]:
    """The answers of the commands, run as this user without root's power to write what its mode forbids."""
    done = subprocess.run([*unprivileged(), sys.executable, "-c", _RUNNER], input=json.dumps(commands), capture_output=True,
                          text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    answers: list[dict[str, object]] = json.loads(done.stdout)
    return answers


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(params=["file 0400", "folder 0555"])
def read_only_store(request: pytest.FixtureRequest, tmp_path: Path):
    """A booked department store that this user may read but not change; its URL and file."""
    folder = tmp_path / "store"
    folder.mkdir()
    path = folder / "department.db"
    url = stock(f"sqlite:///{path}")
    place_bookings(url, skip=("course-lung",))
    made_read_only = path if request.param == "file 0400" else folder
    made_read_only.chmod(0o400 if request.param == "file 0400" else 0o555)
    try:
        yield url, path
    finally:
        made_read_only.chmod(0o700)


def test_reading_commands_work_on_a_store_that_may_not_be_changed(read_only_store, tmp_path: Path):
    url, path = read_only_store
    before, beside = digest(path), sorted(path.parent.iterdir())
    course_file = tmp_path / "prostate.igrt.json"
    listing, department, show, agenda, proposal, exported, planned, night, closing = run_unprivileged(
        ["course", "list", "--json", "--db", url],
        ["department", "show", "--db", url],
        ["course", "show", "course-prostate", "--db", url],
        ["agenda", "--date", "2030-03-25", "--json", "--db", url],
        ["book", "--course-id", "course-lung", "--dry-run", "--json", "--db", url],
        ["course", "export", "course-prostate", "-o", str(course_file), "--db", url],
        ["plan", "--course-id", "course-prostate", "--json", "--db", url],
        ["reoptimise", "--date", "2030-03-20", "--dry-run", "--json", "--db", url],
        ["closure", "--date", "2030-03-26", "--reason", "flood", "--dry-run", "--json", "--db", url],
    )
    for answer in (listing, department, show, agenda, proposal, exported, planned, night, closing):
        assert answer["status"] == 0 and answer["err"] == "", answer
    assert len(json.loads(str(listing["out"]))["courses"]) == 6
    assert "Zoë Ångström (H0001)" in str(show["out"])
    booked = [b for m in json.loads(str(agenda["out"]))["machines"] for b in m["bookings"]]
    assert {b["course_id"] for b in booked} >= {"course-prostate", "course-breast"}
    assert json.loads(str(proposal["out"]))["booked"] is False
    assert course_file.is_file() and len(json.loads(str(planned["out"]))["appointments"]) == 20
    assert json.loads(str(night["out"]))["dry_run"] is True and json.loads(str(closing["out"]))["dry_run"] is True
    assert digest(path) == before
    # SQLite's own shared-memory files may appear beside a read-only file (not in a read-only folder), nothing else
    assert set(path.parent.iterdir()) - set(beside) <= {path.with_name(f"{path.name}-wal"), path.with_name(f"{path.name}-shm")}


def test_changing_commands_are_refused_at_once_naming_the_database_and_why(read_only_store, tmp_path: Path):
    url, path = read_only_store
    before = digest(path)
    calendar = tmp_path / "prostate.ics"
    course_file = tmp_path / "new.igrt.json"
    save_course(CourseSpec(patient_name="Ann Smith", patient_id="H9", site="breast", fractions=15, tz="Europe/London"), course_file)
    answers = run_unprivileged(
        ["course", "save", "--course-id", "course-prostate", "--time", "09:00", "--db", url],
        ["book", "--course-id", "course-lung", "--db", url],
        ["unbook", "--course-id", "course-prostate", "--db", url],
        ["machine-down", "Linac 1", "--from", "2030-03-26T08:00", "--to", "2030-03-26T10:00", "--db", url],
        ["export", "--course-id", "course-prostate", "-o", str(calendar), "--db", url],
        ["db", "upgrade", "--db", url],
        ["import", str(course_file), "--db", url],
        ["department", "import", str(DEPARTMENT_FILE), "--db", url],
        ["closure", "--date", "2030-03-26", "--reason", "flood", "--db", url],
        ["reopen", "--date", "2030-03-08", "--db", url],
    )
    why = "the file may not be written" if path.parent.stat().st_mode & 0o200 else "its folder may not be written"
    for answer in answers:
        err = str(answer["err"])
        assert answer["status"] == 2 and answer["out"] == "", answer
        assert err.startswith(f"planner: error: --db: {url}: the database cannot be changed here (") and err.count("\n") == 1, err
        assert why in err and "Traceback" not in err
    assert not calendar.exists()  # the export is recorded in the store: refused before its file is written
    assert digest(path) == before


def test_a_store_that_may_not_even_be_read_is_one_line_saying_so(tmp_path: Path):
    path = tmp_path / "department.db"
    url = stock(f"sqlite:///{path}")
    path.chmod(0o000)
    try:
        answers = run_unprivileged(["course", "list", "--db", url], ["course", "save", "--course-id", "course-lung", "--db", url])
    finally:
        path.chmod(0o600)
    for answer in answers:
        assert answer["status"] == 2 and answer["err"] == f"planner: error: --db: {url}: the file may not be read (its mode or its owner)\n"


def test_an_older_schema_that_may_not_be_changed_says_who_must_upgrade_it(tmp_path: Path):
    from .test_migrations import make_first_schema_database

    path = tmp_path / "department.db"
    url = f"sqlite:///{path}"
    make_first_schema_database(url)
    before = digest(path)
    path.chmod(0o400)
    try:
        (answer,) = run_unprivileged(["course", "list", "--db", url])
    finally:
        path.chmod(0o600)
    assert answer["status"] == 2 and str(answer["err"]).count("\n") == 1
    assert str(answer["err"]).startswith(f"planner: error: --db: {url}: the database is at schema 0001, this planner needs ")
    assert "it cannot be upgraded here (read-only): ask someone who may change it to run `python -m planner db upgrade`" in str(answer["err"])
    assert digest(path) == before and sorted(p.name for p in tmp_path.iterdir()) == ["department.db"]
