"""A command that may create the store (`import`, `course save`, `department import`) and fails
leaves no new database behind, nor the folders it would have made; a database that was there
before is never removed, and an empty file stays empty."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from sqlalchemy.exc import OperationalError

from planner.core.spec import CourseSpec
from planner.store.course_file import save_course
from planner.store.db import Store, StoreError

from .command_line import run

SAVE = ["course", "save", "--site", "prostate", "--preset", "20-daily", "--start", "2026-12-14"]


@pytest.fixture
def bad_files(tmp_path: Path) -> list[str]:
    """A file that is no course file, one whose patient has no hospital number, and one that is not there."""
    (tmp_path / "notes.json").write_text('{"x": 1}', encoding="utf-8")
    save_course(CourseSpec(patient_name="No Number", site="breast"), tmp_path / "anonymous.igrt.json")
    return [str(tmp_path / "notes.json"), str(tmp_path / "anonymous.igrt.json"), str(tmp_path / "missing.igrt.json")]


def test_importing_only_bad_files_creates_no_database_nor_its_folders(capsys, tmp_path: Path, bad_files: list[str]):
    target = tmp_path / "new" / "folders" / "department.db"
    status, out, err = run(capsys, "import", *bad_files, "--db", f"sqlite:///{target}")
    assert status == 2 and out == ""
    assert len(err.strip().splitlines()) == 3 and all(line.startswith("planner: error: ") for line in err.strip().splitlines())
    assert not (tmp_path / "new").exists()


def test_importing_a_good_file_among_bad_ones_creates_no_store(capsys, tmp_path: Path, bad_files: list[str]):
    good = tmp_path / "good.igrt.json"
    save_course(CourseSpec(patient_name="Ann Smith", patient_id="H1", site="breast", fractions=15, tz="Europe/London"), good)
    target = tmp_path / "department.db"
    status, out, err = run(capsys, "import", *bad_files, str(good), "--db", f"sqlite:///{target}")
    assert status == 2 and out == "" and not target.exists()
    assert err.splitlines()[-1] == "planner: error: nothing imported: 3 of 4 files refused; fix or leave out the refused and import again"


def test_a_patient_the_store_refuses_is_one_file_refused_not_the_whole_import(capsys, tmp_path: Path):
    long_name = tmp_path / "long.igrt.json"
    save_course(CourseSpec(patient_name="A" * 300, patient_id="H1", site="breast"), long_name)
    target = tmp_path / "department.db"
    status, out, err = run(capsys, "import", str(long_name), "--db", f"sqlite:///{target}")
    assert status == 2 and out == "" and not target.exists()
    assert err.count("\n") == 1 and "long.igrt.json: field 'patient': the name is 300 characters long (at most 200)" in err


def test_a_bad_db_url_is_named_even_when_every_file_is_refused(capsys, bad_files: list[str]):
    status, _, err = run(capsys, "import", *bad_files, "--db", "nonsense")
    assert status == 2 and err.count("\n") == 1 and "--db: 'nonsense' is a file name, not a database URL" in err


@pytest.mark.parametrize("options", [
    ["--site", "nowhere", "--patient", "Ann Smith", "--patient-id", "H1"],  # not in the catalogue
    ["--patient-id", "H1"],  # no patient name
    ["--patient", "Ann Smith"],  # no hospital number
    ["--patient", "Ann Smith", "--patient-id", "H1", "--start", "2026-12-13"],  # a Sunday
    ["--patient", "Ann Smith", "--patient-id", "H1", "--move", "3=2026-12-40T09:00"],
])
def test_course_save_with_bad_options_creates_no_database(capsys, tmp_path: Path, options: list[str]):
    target = tmp_path / "new" / "department.db"
    status, out, err = run(capsys, *SAVE, *options, "--db", f"sqlite:///{target}")
    assert status == 2 and out == "" and err.count("\n") == 1
    assert not (tmp_path / "new").exists()


def test_course_save_into_an_existing_empty_file_leaves_it_empty_on_a_refusal(capsys, tmp_path: Path):
    target = tmp_path / "department.db"
    target.touch()
    status, _, _ = run(capsys, *SAVE, "--patient", "Ann Smith", "--db", f"sqlite:///{target}")
    assert status == 2 and target.stat().st_size == 0
    status, out, _ = run(capsys, *SAVE, "--patient", "Ann Smith", "--patient-id", "H1", "--db", f"sqlite:///{target}")
    assert status == 0 and out.strip() and target.stat().st_size > 0


def test_department_import_of_a_bad_file_creates_no_database(capsys, tmp_path: Path):
    bad = tmp_path / "department.toml"
    bad.write_text("[department]\nname = \n", encoding="utf-8")
    target = tmp_path / "new" / "department.db"
    status, _, err = run(capsys, "department", "import", str(bad), "--db", f"sqlite:///{target}")
    assert status == 2 and err.count("\n") == 1 and not (tmp_path / "new").exists()


def test_a_failed_command_never_removes_a_database_that_was_there(capsys, tmp_path: Path, bad_files: list[str]):
    target = tmp_path / "department.db"
    url = f"sqlite:///{target}"
    status, _, _ = run(capsys, *SAVE, "--patient", "Ann Smith", "--patient-id", "H1", "--db", url)
    assert status == 0
    before = hashlib.sha256(target.read_bytes()).hexdigest()
    assert run(capsys, "import", *bad_files, "--db", url)[0] == 2
    assert run(capsys, *SAVE, "--patient", "Ann Smith", "--db", url)[0] == 2
    assert hashlib.sha256(target.read_bytes()).hexdigest() == before
    status, out, _ = run(capsys, "course", "list", "--db", url)
    assert status == 0 and "Ann Smith (H1)" in out


def test_a_new_file_whose_schema_cannot_be_written_is_removed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from planner.store.db import migrate

    def fails(connection: object, target: str = "head") -> None:
        raise OperationalError("CREATE TABLE", {}, Exception("disk I/O error"))

    monkeypatch.setattr(migrate, "upgrade", fails)
    target = tmp_path / "department.db"
    with pytest.raises(StoreError, match="disk I/O error"):
        Store.open(f"sqlite:///{target}")
    assert sorted(p.name for p in tmp_path.iterdir()) == []
