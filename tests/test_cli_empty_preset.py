"""An empty --preset (an unset variable, say) is refused naming --preset and why: `course save --course-id ID
--preset ""` blamed "--course-id: course ID: field 'fractions'", and `plan --preset ""` blamed --fractions."""

from __future__ import annotations

import json

from planner.cli import main

from .test_cli_reader_gone import department_db

SAID = "planner: error: --preset: give a preset (got an empty one; `sites` lists them), or --fractions or --weeks " \
       "for a course without one\n"


def test_course_save_of_a_stored_course_with_an_empty_preset_names_it(capsys, tmp_path):
    db = department_db(tmp_path, capsys)
    assert main(["course", "save", "--db", db, "--site", "prostate", "--preset", "20-daily", "--start", "2026-12-01",
                 "--patient", "Ann Smith", "--patient-id", "H1"]) == 0
    course_id = capsys.readouterr().out.strip()
    assert main(["course", "save", "--db", db, "--course-id", course_id, "--preset", ""]) == 2
    assert capsys.readouterr() == ("", SAID)
    assert main(["course", "show", course_id, "--db", db, "--json"]) == 0
    assert '"20-daily"' in capsys.readouterr().out  # nothing saved


def test_plan_with_an_empty_preset_names_it(capsys):
    assert main(["plan", "--site", "prostate", "--preset", " ", "--start", "2026-12-01"]) == 2
    assert capsys.readouterr() == ("", SAID)


def test_an_empty_preset_with_a_number_of_fractions_is_a_course_without_one(capsys):
    assert main(["plan", "--site", "prostate", "--preset", "", "--fractions", "25", "--start", "2026-12-01", "--json"]) == 0
    assert '"treatment_days": 25' in capsys.readouterr().out


def test_a_blank_preset_with_a_number_of_fractions_clears_it_as_an_empty_one_does(capsys, tmp_path):
    """`course save --preset " " --fractions 25` stored the preset as " ": a blank one now clears it, as "" does."""
    db = department_db(tmp_path, capsys)
    assert main(["course", "save", "--db", db, "--site", "prostate", "--preset", "20-daily", "--start", "2026-12-01",
                 "--patient", "Ann Smith", "--patient-id", "H1"]) == 0
    course_id = capsys.readouterr().out.strip()
    for blank in (" ", "   "):
        assert main(["course", "save", "--db", db, "--course-id", course_id, "--preset", "20-daily"]) == 0
        assert main(["course", "save", "--db", db, "--course-id", course_id, "--preset", blank, "--fractions", "25"]) == 0
        capsys.readouterr()
        assert main(["course", "show", course_id, "--db", db, "--json"]) == 0
        course = json.loads(capsys.readouterr().out)["course"]
        assert (course["preset"], course["fractions"]) == ("", 25), repr(blank)  # as `--preset "" --fractions 25`
