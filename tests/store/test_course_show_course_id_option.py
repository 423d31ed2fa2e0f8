"""`course show` and `course export` take the course's id as ID or, as every other course command and the advice of
every lost race ("look at the course (course show --course-id ID)") give it, as --course-id ID. Before, the advice
itself was refused as an unrecognised argument (exit 2). Given both ways, or not at all, the id is refused in one line."""

from __future__ import annotations

import json
import re
import shlex

from planner.store.db import Store

from .command_line import run

SAVE = ["course", "save", "--site", "prostate", "--preset", "20-daily", "--start", "2026-12-14",
        "--patient", "Ann Smith", "--patient-id", "H100"]


def saved(capsys, url: str) -> str:
    status, out, err = run(capsys, *SAVE, "--json", "--db", url)
    assert status == 0, err
    return str(json.loads(out)["course_id"])


def test_the_advice_of_a_lost_race_runs_as_written(capsys, tmp_path):
    url = f"sqlite:///{tmp_path / 'planner.db'}"
    course_id = saved(capsys, url)
    with Store.open(url, user="other-coordinator") as other:
        stored = other.load_course(course_id)
        other.save_course(stored.spec.updated(location="Room 4"), stored.version)
    status, _, err = run(capsys, "course", "save", "--course-id", course_id, "--location", "Room 5", "--version", "1", "--db", url)
    assert status == 3
    advice = re.search(r"\((course show [^)]*)\)", err)
    assert advice is not None, err
    status, out, err = run(capsys, *shlex.split(advice.group(1)), "--json", "--db", url)
    assert status == 0, err
    assert json.loads(out)["course_id"] == course_id and json.loads(out)["course"]["location"] == "Room 4"


def test_course_export_takes_it_too(capsys, tmp_path):
    url = f"sqlite:///{tmp_path / 'planner.db'}"
    course_id = saved(capsys, url)
    by_option, by_argument = tmp_path / "a.igrt.json", tmp_path / "b.igrt.json"
    assert run(capsys, "course", "export", "--course-id", course_id, "-o", str(by_option), "--db", url)[0] == 0
    assert run(capsys, "course", "export", course_id, "-o", str(by_argument), "--db", url)[0] == 0
    assert by_option.read_bytes() == by_argument.read_bytes()


def test_given_twice_or_not_at_all_is_one_line_exit_2(capsys, tmp_path):
    url = f"sqlite:///{tmp_path / 'planner.db'}"
    course_id = saved(capsys, url)
    status, out, err = run(capsys, "course", "show", course_id, "--course-id", "other", "--db", url)
    assert status == 2 and out == "" and err.count("\n") == 1
    assert err.startswith("planner: error: --course-id: the course id is given twice") and "'other'" in err
    status, _, err = run(capsys, "course", "show", "--db", url)
    assert status == 2 and err == "planner: error: ID: give the course's id (course list gives it), as ID or as --course-id ID\n"
    status, _, err = run(capsys, "course", "show", "--course-id", "no-such-course", "--db", url)
    assert status == 2 and err.startswith("planner: error: --course-id: no course no-such-course")  # named as given
    status, _, err = run(capsys, "course", "show", "no-such-course", "--db", url)
    assert status == 2 and err.startswith("planner: error: ID: no course no-such-course")
