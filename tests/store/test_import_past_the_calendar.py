"""`import FILE` refuses a course file whose fractions run past the planner's calendar (its last day, 31 Dec 2200), as
`plan --course FILE` does: one line naming the file and the reason, exit 2, nothing imported (no database made). Before,
it was stored, and nothing could book, show or export it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from planner.core.spec import CourseSpec
from planner.store.course_file import save_course

from .command_line import run


def _course(path: Path, start: date) -> Path:
    save_course(CourseSpec(patient_name="Ann Smith", patient_id="H9", site="breast", fractions=15, start=start,
                           tz="Europe/London"), path)
    return path


def test_a_course_running_past_the_calendar_is_refused_in_one_line(capsys, tmp_path: Path):
    late = _course(tmp_path / "late.igrt.json", date(2200, 12, 22))
    status, _, err = run(capsys, "plan", "--course", str(late))  # what plan says of it
    assert status == 2 and "past the planner's calendar" in err, err
    target = tmp_path / "department.db"
    status, out, err = run(capsys, "import", str(late), "--db", f"sqlite:///{target}")
    assert (status, out) == (2, "") and err.count("\n") == 1, (status, out, err)
    assert err.startswith(f"planner: error: {late}: ") and "past the planner's calendar" in err, err
    assert not target.exists()  # nothing imported

    good = _course(tmp_path / "good.igrt.json", date(2200, 11, 3))  # ends before the calendar does: imported as before
    status, out, err = run(capsys, "import", str(good), "--db", f"sqlite:///{target}")
    assert (status, out) == (0, "Imported 1 course.\n"), err
