"""The planner's calendar ends on 31 Dec 2200 (`LATEST_DATE`): `agenda` and `machine-down` refuse
dates after it, so booking never places an appointment after it either. A course that cannot
finish by then is refused with one line naming --earliest (exit 2), nothing booked; one that
finishes in time books as ever."""

from __future__ import annotations

import json
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
    course_id = _saved_course(capsys, url, "2200-12-15")
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
