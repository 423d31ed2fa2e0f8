"""The store's command-line contract, on SQLite and PostgreSQL: department import/export/show,
importing course files, course save/list/show/export, --course-id on plan and export, and the
exit statuses 2 (bad input, unusable database) and 3 (a lost race)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from planner.core.spec import CourseSpec
from planner.ics import parse_export
from planner.store.course_file import load_course, save_course
from planner.store.db import Store
from tests.test_department import ISSUE_FILE

from .command_line import run

SAVE = ["course", "save", "--site", "prostate", "--preset", "20-daily", "--start", "2026-12-14",
        "--patient", "Ann Smith", "--patient-id", "H100"]


@pytest.fixture
def department_file(tmp_path: Path) -> Path:
    path = tmp_path / "riverside.toml"
    path.write_text(ISSUE_FILE, encoding="utf-8")
    return path


def test_department_import_show_and_export(capsys, store_url: str, department_file: Path, tmp_path: Path):
    status, out, err = run(capsys, "department", "show", "--json", "--db", store_url)
    assert status == 2 and ("no department yet" in err or "does not exist" in err) and err.count("\n") == 1  # SQLite: no file yet
    status, out, err = run(capsys, "department", "import", str(department_file), "--db", store_url)
    assert status == 0 and "Riverside Cancer Centre" in out, err
    status, out, _ = run(capsys, "department", "show", "--json", "--db", store_url)
    shown = json.loads(out)
    assert shown["name"] == "Riverside Cancer Centre" and shown["holidays"] == "US-NY"
    assert shown["machines"][0]["hours"]["fri"] == "07:30-17:00"
    assert shown["downtime"][0]["start"] == "2026-12-02T07:30-05:00"
    target = tmp_path / "again.toml"
    status, _, _ = run(capsys, "department", "export", "-o", str(target), "--db", store_url)
    assert status == 0 and target.stat().st_mode & 0o777 == 0o600
    status, out, _ = run(capsys, "department", "export", "--db", store_url)
    assert out == target.read_text(encoding="utf-8") and "[[machines]]" in out


def test_a_malformed_department_file_is_one_line_and_changes_nothing(capsys, store_url: str, department_file: Path, tmp_path: Path):
    assert run(capsys, "department", "import", str(department_file), "--db", store_url)[0] == 0
    broken = tmp_path / "broken.toml"
    broken.write_text(ISSUE_FILE.replace('fri = "07:30-17:00"', 'fri = "17:00-07:30"'), encoding="utf-8")
    status, _, err = run(capsys, "department", "import", str(broken), "--db", store_url)
    assert status == 2 and err.count("\n") == 1
    assert str(broken) in err and "[[machines]] #1 (Linac 1)" in err and "closes before it opens" in err
    unknown = tmp_path / "region.toml"
    unknown.write_text(ISSUE_FILE.replace('holidays = "US-NY"', 'holidays = "US-ZZ"'), encoding="utf-8")
    status, _, err = run(capsys, "department", "import", str(unknown), "--db", store_url)
    assert status == 2 and str(unknown) in err and "'ZZ' is not a subdivision of US" in err
    with Store.open(store_url) as store:
        assert store.department().machines[0].hours[4][1].hour == 17  # type: ignore[union-attr]


def test_course_save_list_show_and_export(capsys, store_url: str, department_file: Path, tmp_path: Path):
    run(capsys, "department", "import", str(department_file), "--db", store_url)
    status, out, err = run(capsys, *SAVE, "--json", "--db", store_url)
    assert status == 0, err
    course_id = json.loads(out)["course_id"]
    assert json.loads(out) == {"course_id": course_id, "calendars": [], "left_out": []}  # a new course: no calendar owed
    status, out, _ = run(capsys, "course", "list", "--json", "--db", store_url)
    (row,) = json.loads(out)["courses"]
    assert row == {"course_id": course_id, "patient": "Ann Smith", "patient_id": "H100", "site": "prostate",
                   "first": "2026-12-14", "last": "2027-01-13", "last_not_booked": False, "status": row["status"],
                   "not_given": 0}
    assert row["status"] in ("planned", "on treatment", "finished")
    status, out, _ = run(capsys, "course", "list", "--status", "cancelled", "--json", "--db", store_url)
    assert json.loads(out) == {"courses": []}
    status, _, err = run(capsys, "course", "list", "--status", "asleep", "--db", store_url)
    assert status == 2 and "--status" in err and "'asleep' is not a status" in err
    status, out, _ = run(capsys, "course", "show", course_id, "--json", "--db", store_url)
    shown = json.loads(out)
    assert shown["calendar"]["source"] == "department" and not shown["calendar"]["overrides_department"]
    assert shown["calendar"]["tz"] == "America/New_York" and shown["calendar"]["closed"] == [{"date": "2026-12-24", "note": "Staff training day"}]
    assert shown["version"] == 1 and shown["history"][0]["field"] == "(created)"
    target = tmp_path / "back.igrt.json"
    status, _, _ = run(capsys, "course", "export", course_id, "-o", str(target), "--db", store_url)
    assert status == 0
    written = load_course(target)
    assert written.course_id == course_id and written.patient_id == "H100" and written.tz == "America/New_York"


def test_a_course_that_overrides_the_department_calendar_says_so(capsys, store_url: str, department_file: Path):
    run(capsys, "department", "import", str(department_file), "--db", store_url)
    status, out, err = run(capsys, *SAVE, "--tz", "Europe/London", "--holidays", "GB-ENG", "--json", "--db", store_url)
    assert status == 0, err
    course_id = json.loads(out)["course_id"]
    status, out, _ = run(capsys, "course", "show", course_id, "--json", "--db", store_url)
    calendar = json.loads(out)["calendar"]
    assert calendar["source"] == "course" and calendar["overrides_department"] and calendar["tz"] == "Europe/London"
    status, out, _ = run(capsys, "course", "show", course_id, "--db", store_url)
    assert "overrides the department's" in out


def test_plan_and_export_take_a_course_id_and_the_store_keeps_the_export_state(capsys, store_url: str, department_file: Path, tmp_path: Path):
    run(capsys, "department", "import", str(department_file), "--db", store_url)
    course_id = json.loads(run(capsys, *SAVE, "--json", "--db", store_url)[1])["course_id"]
    status, out, _ = run(capsys, "plan", "--course-id", course_id, "--json", "--db", store_url)
    assert status == 0
    fractions = [a for a in json.loads(out)["appointments"] if a["kind"] == "fraction"]
    assert len(fractions) == 20 and fractions[0]["start"] == "2026-12-14T09:00-05:00"
    assert "2026-12-24" not in {a["start"][:10] for a in fractions}  # the department's closure
    first, second = tmp_path / "first.ics", tmp_path / "second.ics"
    assert run(capsys, "export", "--course-id", course_id, "-o", str(first), "--db", store_url)[0] == 0
    assert run(capsys, "course", "save", "--course-id", course_id, "--time", "10:30", "--db", store_url)[0] == 0
    assert run(capsys, "export", "--course-id", course_id, "-o", str(second), "--db", store_url)[0] == 0
    old = parse_export(first.read_bytes(), "first")
    new = parse_export(second.read_bytes(), "second")
    assert old.course_id == new.course_id == course_id
    shared = set(old.events) & set(new.events)
    assert shared and all(new.events[k].uid == old.events[k].uid for k in shared)
    assert all(new.events[k].sequence == old.events[k].sequence + 1 for k in shared if k.startswith("fraction"))
    status, _, err = run(capsys, "plan", "--course-id", "no-such-course", "--db", store_url)
    assert status == 2 and "no course no-such-course" in err


def test_a_lost_race_exits_3_naming_who_and_when(capsys, store_url: str):
    course_id = json.loads(run(capsys, *SAVE, "--json", "--db", store_url)[1])["course_id"]
    with Store.open(store_url, user="other-coordinator") as other:
        stored = other.load_course(course_id)
        other.save_course(stored.spec.updated(location="Room 4"), stored.version)
    status, _, err = run(capsys, "course", "save", "--course-id", course_id, "--time", "07:45", "--version", "1", "--db", store_url)
    assert status == 3
    assert err.count("\n") == 1 and "other-coordinator" in err and "location" in err and "20" in err
    assert err.startswith(f"planner: conflict: course {course_id} was changed by other-coordinator at ")  # as every lost race
    assert err.endswith(f"; your changes were not saved; look at the course (course show --course-id {course_id}), "
                        "then run course save again\n")
    with Store.open(store_url) as store:
        kept = store.load_course(course_id)
    assert kept.spec.location == "Room 4" and kept.spec.time.hour == 9


def test_bad_course_input_is_one_line_and_exit_2(capsys, store_url: str):
    status, _, err = run(capsys, "course", "save", "--site", "prostate", "--preset", "20-daily", "--start", "2026-12-14",
                         "--patient", "Ann", "--db", store_url)
    assert status == 2 and err.startswith("planner: error: --patient-id:") and err.count("\n") == 1
    status, _, err = run(capsys, *SAVE[:-4], "--patient", "Ann", "--patient-id", "H1", "--start", "2026-12-13", "--db", store_url)
    assert status == 2 and "--start" in err
    status, _, err = run(capsys, *SAVE, "--version", "2", "--db", store_url)
    assert status == 2 and "--version" in err


def test_importing_a_folder_of_course_files(capsys, store_url: str, tmp_path: Path):
    folder = tmp_path / "courses"
    folder.mkdir()
    specs = [CourseSpec(patient_name=f"Patient {n}", patient_id=f"H{n}", site="breast", preset=None, fractions=15,
                        start=__import__("datetime").date(2026, 12, 1), tz="Europe/London") for n in range(3)]
    for n, spec in enumerate(specs):
        save_course(spec, folder / f"course{n}.igrt.json")
    save_course(CourseSpec(patient_name="No Number", site="breast"), folder / "anonymous.igrt.json")
    (folder / "notes.json").write_text("{}", encoding="utf-8")
    (folder / "readme.txt").write_text("not a course", encoding="utf-8")
    status, out, err = run(capsys, "import", str(folder), "--db", store_url)
    assert status == 2 and out == ""  # all or none: two files refused, so none imported
    lines = err.strip().splitlines()
    assert len(lines) == 3 and any("anonymous.igrt.json" in line and "hospital number" in line for line in lines)
    assert any("notes.json" in line and "not a course file" in line for line in lines)
    assert lines[-1].startswith("planner: error: nothing imported: 2 of 5 files refused")
    (folder / "anonymous.igrt.json").unlink()
    (folder / "notes.json").unlink()
    status, out, err = run(capsys, "import", str(folder), "--db", store_url)
    assert status == 0 and out == "Imported 3 courses.\n" and err == ""
    status, _, err = run(capsys, "import", str(folder / "missing.igrt.json"), "/dev/zero", "--db", store_url)
    assert status == 2 and "missing.igrt.json: no such file" in err and "/dev/zero: not a regular file" in err
    status, out, _ = run(capsys, "import", str(folder / "course0.igrt.json"), "--db", store_url)
    assert status == 0 and "Imported 0 courses (1 already in the store" in out
    status, out, _ = run(capsys, "course", "list", "--json", "--db", store_url)
    rows = json.loads(out)["courses"]
    assert sorted(r["patient_id"] for r in rows) == ["H0", "H1", "H2"]
    assert all(r["first"] == "2026-12-01" and r["last"] == "2026-12-21" for r in rows)


def test_an_unusable_database_is_exit_2_without_its_password(capsys, tmp_path: Path):
    status, _, err = run(capsys, "course", "list", "--db", "postgresql://planner:hunter2@127.0.0.1:1/dept")
    assert status == 2 and "hunter2" not in err and "127.0.0.1:1/dept" in err and err.count("\n") == 1
    status, _, err = run(capsys, "course", "list", "--db", "nonsense")
    assert status == 2 and "not a database URL" in err
    plain = tmp_path / "dept.db"
    status, _, err = run(capsys, "course", "list", "--db", str(plain))
    assert status == 2 and err.count("\n") == 1
    assert f"'{plain}' is a file name, not a database URL: use sqlite:///{plain} (or postgresql://USER@HOST/DB)" in err
    status, _, err = run(capsys, "course", "list", "--db", "x" * 100_000)  # no file name: not echoed back
    assert status == 2 and err.count("\n") == 1 and len(err) < 200 and "not a database URL" in err
    status, _, err = run(capsys, "course", "list", "--db", "planner:hunter2@server/dept")  # no scheme: not shown, it may hold a password
    assert status == 2 and "hunter2" not in err and "not a database URL" in err
    status, _, err = run(capsys, "course", "list", "--db", f"sqlite:///{tmp_path}/a\nb.db")
    assert status == 2 and err.count("\n") == 1 and "no line break or other control character" in err and "a%0Ab.db" in err
    assert not list(tmp_path.glob("a*b.db"))
    url = f"sqlite:///{tmp_path / 'newer.db'}"
    with Store.open(url) as store, store.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '0999'")
    status, _, err = run(capsys, "plan", "--course-id", "x", "--db", url)
    assert status == 2 and "newer version of the planner" in err and str(tmp_path / "newer.db") in err


def test_db_upgrade_and_the_environment_variable(capsys, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from tests.store.test_migrations import make_first_schema_database

    url = f"sqlite:///{tmp_path / 'old.db'}"
    make_first_schema_database(url)
    monkeypatch.setenv("IGRT_PLANNER_DB", url)
    status, out, err = run(capsys, "db", "upgrade")
    assert status == 0, err
    from planner.store.db.migrate import head_revision

    assert f"from schema 0001 to {head_revision()}" in out and "copied to" in out
    status, out, _ = run(capsys, "db", "upgrade")
    assert f"up to date (schema {head_revision()})" in out
    status, out, _ = run(capsys, "course", "list", "--json")
    assert [r["patient"] for r in json.loads(out)["courses"]] == ["Old Timer"]


def test_print_takes_a_course_id_and_every_command_takes_db(capsys, tmp_path: Path, qapp):
    url = f"sqlite:///{tmp_path / 'planner.db'}"
    course_id = json.loads(run(capsys, *SAVE, "--json", "--db", url)[1])["course_id"]
    target = tmp_path / "week.pdf"
    status, _, err = run(capsys, "print", "--course-id", course_id, "--layout", "sheet", "-o", str(target), "--db", url)
    assert status == 0, err
    assert target.read_bytes().startswith(b"%PDF")
    assert run(capsys, "sites", "--db", url)[0] == 0
    status, _, err = run(capsys, "plan", "--course-id", course_id, "--course", "x.igrt.json", "--db", url)
    assert status == 2 and "not both" in err


def test_course_save_records_phases_and_adjustments_with_their_reason(capsys, tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'planner.db'}"
    course_id = json.loads(run(capsys, *SAVE, "--json", "--db", url)[1])["course_id"]
    status, _, err = run(capsys, "course", "save", "--course-id", course_id, "--missed", "3", "--reason", "machine fault",
                         "--phase", "5", "--db", url)
    assert status == 0, err
    shown = json.loads(run(capsys, "course", "show", course_id, "--json", "--db", url)[1])
    assert shown["version"] == 2
    assert shown["course"]["phases"] and "machine fault" in json.dumps(shown["course"]["adjustments"])
    fields = {entry["field"] for entry in shown["history"]}
    assert any(f.startswith("adjustments") for f in fields) and "phases" in fields
    appointments = json.loads(run(capsys, "plan", "--course-id", course_id, "--json", "--db", url)[1])["appointments"]
    assert sum(1 for a in appointments if a["kind"] == "fraction") >= 25


@pytest.mark.parametrize("argv, option", [
    (["course", "list", "--db", ""], "--db"),
    (["plan", "--course-id", ""], "--course-id"),
    (["plan", "--course-id", " ", "--json"], "--course-id"),
    (["import", ""], "FILE"),
])
def test_an_empty_database_course_id_or_file_name_is_refused_not_ignored(capsys, tmp_path: Path, argv: list[str], option: str):
    status, out, err = run(capsys, *argv)
    assert status == 2
    assert err.count("\n") == 1 and option in err and "empty" in err
