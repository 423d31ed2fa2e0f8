"""`import FOLDER` takes every file or none: one refused file (a patient without a hospital number)
leaves the store as it was, or makes no new database, and says each refusal in one line."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import pytest

from planner.core.spec import CourseSpec
from planner.store.course_file import save_course

from .command_line import run


@pytest.fixture
def courses(tmp_path: Path) -> Path:
    """Two good course files and one whose patient has no hospital number."""
    folder = tmp_path / "courses"
    folder.mkdir()
    for n in (1, 2):
        save_course(CourseSpec(patient_name=f"Patient {n}", patient_id=f"H{n}", site="breast", fractions=15,
                               start=date(2026, 12, 1), tz="Europe/London"), folder / f"course{n}.igrt.json")
    save_course(CourseSpec(patient_name="No Number", site="breast"), folder / "anonymous.igrt.json")
    return folder


def test_a_refused_file_makes_no_new_database(capsys, tmp_path: Path, courses: Path):
    target = tmp_path / "new.db"
    status, out, err = run(capsys, "import", str(courses), "--db", f"sqlite:///{target}")
    assert status == 2 and out == "" and not target.exists()
    assert err.splitlines() == [
        f"planner: error: {courses / 'anonymous.igrt.json'}: field 'patient': a stored course needs the patient's name "
        "and hospital number",
        "planner: error: nothing imported: 1 of 3 files refused; fix or leave out the refused and import again",
    ]


def test_a_refused_file_leaves_the_store_as_it_was(capsys, tmp_path: Path, courses: Path):
    target = tmp_path / "department.db"
    url = f"sqlite:///{target}"
    first = tmp_path / "first.igrt.json"
    save_course(CourseSpec(patient_name="Ann Smith", patient_id="H9", site="breast", fractions=15, start=date(2026, 12, 1),
                           tz="Europe/London"), first)
    assert run(capsys, "import", str(first), "--db", url)[:2] == (0, "Imported 1 course.\n")
    before = hashlib.sha256(target.read_bytes()).hexdigest()
    status, out, err = run(capsys, "import", str(courses), "--db", url)
    assert status == 2 and out == "" and err.count("\n") == 2
    assert hashlib.sha256(target.read_bytes()).hexdigest() == before
    (courses / "anonymous.igrt.json").unlink()
    status, out, err = run(capsys, "import", str(courses), "--db", url)
    assert (status, out, err) == (0, "Imported 2 courses.\n", "")
    status, out, _ = run(capsys, "course", "list", "--db", url)
    assert status == 0 and len(out.strip().splitlines()) == 3


def test_only_refused_files_say_each_refusal_alone(capsys, tmp_path: Path, courses: Path):
    status, out, err = run(capsys, "import", str(courses / "anonymous.igrt.json"), str(courses / "missing.igrt.json"),
                           "--db", f"sqlite:///{tmp_path / 'new.db'}")
    assert status == 2 and out == "" and len(err.splitlines()) == 2 and "missing.igrt.json: no such file" in err


def test_a_pipe_named_like_a_course_file_in_the_folder_is_refused_not_passed_over(capsys, tmp_path: Path, courses: Path):
    import os

    (courses / "anonymous.igrt.json").unlink()
    os.mkfifo(courses / "pipe.igrt.json")  # read, it would hang: it is refused by name, and nothing is imported
    target = tmp_path / "new.db"
    status, out, err = run(capsys, "import", str(courses), "--db", f"sqlite:///{target}")
    assert status == 2 and out == "" and not target.exists()
    lines = err.splitlines()
    assert len(lines) == 2 and lines[0].startswith(f"planner: error: {courses / 'pipe.igrt.json'}: ")
    assert lines[1] == "planner: error: nothing imported: 1 of 3 files refused; fix or leave out the refused and import again"
