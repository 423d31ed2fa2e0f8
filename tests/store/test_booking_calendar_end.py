"""The planner's calendar ends on 31 Dec 2200 (`LATEST_DATE`): `agenda` and `machine-down` refuse
dates after it, so booking never places an appointment after it either. A course that cannot
finish by then is refused with one line naming --earliest (exit 2), nothing booked; one that
finishes in time books as ever. `plan`, `export`, `print` and `course save` refuse a course whose fractions or
follow-up fall after it the same way, in one line naming the field (exit 2): they took it and listed days in 2201."""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from pathlib import Path

from planner.core.limits import LATEST_DATE

from .booking_scenario import stock
from .command_line import run


def _saved_course(capsys, url: str, start: str) -> str:
    status, out, err = run(capsys, "course", "save", "--site", "prostate", "--preset", "20-daily", "--start", start,
                           "--time", "09:00", "--tz", "Europe/London", "--patient", "Last Patient", "--patient-id", "H2200",
                           "--db", url)
    assert status == 0, err
    return out.strip()


def _booked(capsys, url: str, course_id: str) -> list[dict]:
    """The course's bookings from November to the calendar's last day, read as `agenda` shows them."""
    found = []
    for first, days in (("2200-11-01", "30"), ("2200-12-01", "31")):
        status, out, err = run(capsys, "agenda", "--date", first, "--days", days, "--db", url, "--json")
        assert status == 0, err
        found += [b for m in json.loads(out)["machines"] for b in m["bookings"] if b["course_id"] == course_id]
    return found


def test_a_course_that_would_run_past_the_calendar_is_refused_naming_earliest(capsys, tmp_path: Path):
    url = stock(f"sqlite:///{tmp_path / 'department.db'}", courses=())
    course_id = _saved_course(capsys, url, "2200-11-24")  # saved to finish in time, then asked for later
    for dry in ([], ["--dry-run"]):
        status, out, err = run(capsys, "book", "--course-id", course_id, "--earliest", "2200-12-15", *dry, "--db", url, "--json")
        assert status == 2 and out == "" and err.count("\n") == 1, err
        assert err == (f"planner: error: --earliest: course {course_id} cannot be booked from Mon 15 Dec 2200: its 20 fractions "
                       "would run past the planner's calendar (it ends Wed 31 Dec 2200)\n")
    assert _booked(capsys, url, course_id) == []  # nothing was booked


def test_a_course_that_ends_by_the_last_day_books_inside_the_calendar(capsys, tmp_path: Path):
    url = stock(f"sqlite:///{tmp_path / 'department.db'}", courses=())
    course_id = _saved_course(capsys, url, "2200-11-24")
    status, out, err = run(capsys, "book", "--course-id", course_id, "--earliest", "2200-11-24", "--db", url, "--json")
    assert status == 0, err
    last = max(datetime.fromisoformat(a["end"]).date() for a in json.loads(out)["appointments"])
    assert date(2200, 12, 19) <= last <= LATEST_DATE
    assert len([b for b in _booked(capsys, url, course_id) if b["kind"] == "fraction"]) == 20


COURSE = ("--site", "prostate", "--preset", "20-daily", "--time", "09:00", "--tz", "Europe/London",
          "--patient", "Last Patient", "--patient-id", "H2200")
PAST_THE_END = re.compile(r"planner: error: --start: 20 fractions from Mon 15 Dec 2200 run to \w{3} \d{1,2} Jan 2201, "
                          r"past the planner's calendar \(it ends Wed 31 Dec 2200\)\n")  # holidays: the desk's or the department's


def test_plan_export_print_and_save_refuse_fractions_past_the_calendar_as_book_does(capsys, tmp_path: Path):
    url = stock(f"sqlite:///{tmp_path / 'department.db'}", courses=())
    out_file = tmp_path / "out"
    for command in (["plan"], ["export", "-o", str(out_file)], ["print", "-o", str(out_file) + ".pdf"], ["course", "save", "--db", url]):
        status, out, err = run(capsys, *command, *COURSE, "--start", "2200-12-15")
        assert (status, out) == (2, ""), (command, err)
        assert PAST_THE_END.fullmatch(err), (command, err)
    assert list(tmp_path.glob("out*")) == []
    status, out, err = run(capsys, "course", "list", "--db", url, "--json")
    assert status == 0 and "H2200" not in out, err  # nothing saved


def test_a_follow_up_past_the_calendar_is_refused_naming_its_weeks(capsys, tmp_path: Path):
    url = stock(f"sqlite:///{tmp_path / 'department.db'}", courses=())
    for command in (["plan"], ["course", "save", "--db", url]):
        status, out, err = run(capsys, *command, *COURSE, "--start", "2200-11-03", "--follow-up-weeks", "8")
        assert (status, out) == (2, "") and err.count("\n") == 1, err
        assert err == ("planner: error: --follow-up-weeks: the follow-up visit on Fri 23 Jan 2201 is past the planner's "
                       "calendar (it ends Wed 31 Dec 2200)\n"), command
    status, _, err = run(capsys, "plan", *COURSE, "--start", "2200-11-03", "--follow-up-weeks", "4")
    assert status == 0, err  # a follow-up on the calendar's last days is planned as ever
