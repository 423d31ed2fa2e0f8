"""`course save` says the saved course's warnings on stderr, as `plan`, `export` and `print` do: an SBRT course that
closures stretch past its site's span was stored without a word."""

from __future__ import annotations

import json

from planner.cli import main

from .test_cli_reader_gone import department_db

CLOSED = [arg for day in ("2026-12-22", "2026-12-23", "2026-12-24", "2026-12-28", "2026-12-29", "2026-12-30", "2026-12-31")
          for arg in ("--closed", day)]
COURSE = ["--site", "lung", "--preset", "sbrt-5-alternate", "--start", "2026-12-21", "--patient", "Ann Smith",
          "--patient-id", "H100", *CLOSED]


def test_course_save_says_the_course_s_warnings(capsys, tmp_path):
    db = department_db(tmp_path, capsys)
    assert main(["plan", *COURSE, "--tz", "America/New_York", "--holidays", "none", "--json"]) == 0  # the department's calendar
    warnings = json.loads(capsys.readouterr().out)["warnings"]
    assert any("more than the 14 days" in w for w in warnings)
    assert main(["course", "save", "--db", db, *COURSE, "--json"]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out)["course_id"]
    assert err == "".join(f"planner: warning: {w}\n" for w in warnings)


def test_course_save_of_a_course_without_warnings_says_nothing_on_stderr(capsys, tmp_path):
    db = department_db(tmp_path, capsys)
    assert main(["course", "save", "--db", db, *COURSE[:-len(CLOSED)], "--json"]) == 0
    assert capsys.readouterr().err == ""
