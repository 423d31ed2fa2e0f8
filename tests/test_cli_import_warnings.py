"""`import` says the warnings of each course it stores on stderr, as `course save` does: an SBRT course that closures
stretch past its site's span was imported without a word. Standard output keeps its one line."""

from __future__ import annotations

import json
from datetime import date

from planner.cli import main
from planner.core.spec import CourseSpec
from planner.store.course_file import save_course

from .test_cli_reader_gone import department_db

CLOSED = tuple((date(2026, 12, day), "") for day in (22, 23, 24, 28, 29, 30, 31))


def test_import_says_each_stored_course_s_warnings(capsys, tmp_path):
    db = department_db(tmp_path, capsys)
    folder = tmp_path / "courses"
    folder.mkdir()
    long = CourseSpec(patient_name="Ann Smith", patient_id="H100", site="lung", preset="sbrt-5-alternate",
                      start=date(2026, 12, 21), tz="America/New_York", closed=CLOSED)
    plain = CourseSpec(patient_name="Bea Jones", patient_id="H101", site="lung", preset="sbrt-5-alternate",
                       start=date(2026, 12, 21), tz="America/New_York")
    save_course(long, folder / "long.igrt.json")
    save_course(plain, folder / "plain.igrt.json")
    assert main(["plan", "--course", str(folder / "long.igrt.json"), "--json"]) == 0
    warnings = json.loads(capsys.readouterr().out)["warnings"]
    assert any("more than the 14 days" in w for w in warnings)
    assert main(["import", str(folder), "--db", db]) == 0
    out, err = capsys.readouterr()
    assert out == "Imported 2 courses.\n"
    said = [line for line in err.splitlines() if line.startswith("planner: warning: course ")]
    assert said == [f"planner: warning: course {long.course_id}: {w}" for w in warnings]


def test_a_course_that_cannot_be_planned_yet_is_imported_and_what_stops_it_said(capsys, tmp_path):
    db = department_db(tmp_path, capsys)
    path = tmp_path / "mars.igrt.json"
    save_course(CourseSpec(course_id="mars", patient_name="Ann Smith", patient_id="H42", site="prostate", preset="20-daily",
                           tz="Mars/Olympus_Mons"), path)
    assert main(["import", str(path), "--db", db]) == 0
    out, err = capsys.readouterr()
    assert out == "Imported 1 course.\n"
    assert "planner: warning: course mars: cannot be planned yet: field 'tz': 'Mars/Olympus_Mons' is not an IANA time zone" \
           in err
