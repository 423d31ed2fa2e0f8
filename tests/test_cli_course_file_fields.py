"""A course file's own values are named as the file's fields, and `plan` takes the hospital number."""

from __future__ import annotations

import json
from pathlib import Path

from planner.cli import main
from planner.store.course_file import load_course

PLAN = ["plan", "--site", "prostate", "--preset", "20-daily", "--start", "2026-12-07", "--tz", "America/New_York"]


def test_plan_saves_the_hospital_number_with_the_course(tmp_path: Path, capsys):
    path = tmp_path / "jane.json"
    assert main([*PLAN, "--patient", "Jane Doe", "--patient-id", "H200", "--save", str(path)]) == 0
    spec = load_course(path)
    assert (spec.patient_name, spec.patient_id) == ("Jane Doe", "H200")


def test_a_bad_value_in_the_course_file_names_the_file_and_its_field_not_an_option(tmp_path: Path, capsys):
    path = tmp_path / "jane.json"
    assert main([*PLAN, "--save", str(path)]) == 0
    capsys.readouterr()
    data = json.loads(path.read_text(encoding="utf-8"))
    data["fractions"] = 1000
    path.write_text(json.dumps(data), encoding="utf-8")
    assert main(["plan", "--course", str(path)]) == 2
    err = capsys.readouterr().err
    assert err == f"planner: error: --course: {path}: field 'fractions': a daily course has 1 to 40 fractions (got 1000)\n"
    # The same value given on the command line is the option's fault.
    assert main(["plan", "--course", str(path), "--fractions", "1000"]) == 2
    assert capsys.readouterr().err.startswith("planner: error: --fractions: ")
